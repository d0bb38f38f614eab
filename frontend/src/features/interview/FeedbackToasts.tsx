import { useMemo } from "react";
import { Toasts, formatScore, type ToastItem } from "../../components/ui";
import type { FeedbackToast } from "./state";

/** A short note as each answer is scored, so the candidate need not look away from the question. */
export function FeedbackToasts({ toasts, onDismiss }: { toasts: FeedbackToast[]; onDismiss: (id: string) => void }) {
  const items: ToastItem[] = useMemo(
    () =>
      toasts.map((t) => ({
        id: t.id,
        content: (
          <>
            <p>
              <strong>
                {t.sequenceNumber ? `Answer ${t.sequenceNumber}` : "Answer"} scored {formatScore(t.feedback.overallScore)}
              </strong>
            </p>
            {t.feedback.feedbackSummary ? <p style={{ opacity: 0.85, fontSize: "0.9rem" }}>{t.feedback.feedbackSummary}</p> : null}
          </>
        ),
      })),
    [toasts],
  );
  return <Toasts items={items} onDismiss={onDismiss} />;
}
