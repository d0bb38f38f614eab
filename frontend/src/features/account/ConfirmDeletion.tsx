import { useId, type ReactNode } from "react";
import { Alert, Button } from "../../components/ui";
import type { AppProblem } from "../../lib/errors";
import styles from "./account.module.css";

/**
 * The second step of every deletion: says what goes, for good, and asks again. Focus moves to
 * "Keep it" (unless the caller focuses a field of its own), so Enter never deletes by accident.
 */
export function ConfirmDeletion({
  title,
  children,
  confirmLabel,
  busy,
  problem,
  onConfirm,
  onCancel,
  focusKeep = true,
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  busy: boolean;
  problem: AppProblem | null;
  onConfirm: () => void;
  onCancel: () => void;
  focusKeep?: boolean;
}) {
  const titleId = useId();
  return (
    <div role="alertdialog" aria-labelledby={titleId} className={styles.confirm}>
      <p id={titleId} className={styles.confirmTitle}>
        {title}
      </p>
      {children}
      {problem ? <Alert>{problem.message}</Alert> : null}
      <div className={styles.confirmActions}>
        <Button variant="danger" busy={busy} disabled={busy} onClick={onConfirm}>
          {confirmLabel}
        </Button>
        <Button autoFocus={focusKeep} variant="secondary" disabled={busy} onClick={onCancel}>
          Keep it
        </Button>
      </div>
    </div>
  );
}
