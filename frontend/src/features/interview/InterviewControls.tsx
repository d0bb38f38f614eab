import { useState } from "react";
import { Alert, Button } from "../../components/ui";
import type { AppProblem } from "../../lib/errors";
import styles from "./interview.module.css";

export interface InterviewControlsProps {
  paused: boolean;
  /** An answer is being saved or sent: pausing or ending now would lose it. */
  answerBusy: boolean;
  /** A question waits for an answer (skipping needs one; ending then asks for confirmation). */
  asking: boolean;
  /** The recorder is idle, so a skip drops nothing. */
  canSkip: boolean;
  pausing: boolean;
  resuming: boolean;
  skipping: boolean;
  ending: boolean;
  onPause: () => void;
  onResume: () => void;
  onSkip: () => void;
  onEnd: () => void;
}

/** Pause or resume, skip the question, end the interview (confirmed while a question is open). */
export function InterviewControls(props: InterviewControlsProps) {
  const { paused, answerBusy, asking, canSkip, onPause, onResume, onSkip, onEnd } = props;
  const [confirmEnd, setConfirmEnd] = useState(false);
  return (
    <div className={`${styles.controls} no-print`}>
      {paused ? (
        <Button variant="secondary" onClick={onResume} busy={props.resuming}>
          Resume
        </Button>
      ) : (
        <Button variant="secondary" onClick={onPause} busy={props.pausing} disabled={answerBusy}>
          Pause
        </Button>
      )}
      <Button variant="secondary" onClick={onSkip} busy={props.skipping} disabled={!asking || paused || !canSkip}>
        Skip question
      </Button>
      {confirmEnd ? (
        <span className={styles.confirm} role="group" aria-label="Confirm ending the interview">
          <Button variant="danger" onClick={onEnd} busy={props.ending} autoFocus>
            End now
          </Button>
          <Button variant="ghost" onClick={() => setConfirmEnd(false)}>
            Keep going
          </Button>
        </span>
      ) : (
        <Button variant="danger" onClick={() => (asking ? setConfirmEnd(true) : onEnd())} busy={props.ending} disabled={answerBusy}>
          End interview
        </Button>
      )}
    </div>
  );
}

/** A control that failed, with "Try again" when trying again can help. */
export function ControlProblem({ problem, onRetry, retrying, onDismiss }: { problem: AppProblem; onRetry: (() => void) | null; retrying: boolean; onDismiss: () => void }) {
  return (
    <div style={{ marginBottom: 16 }}>
      <Alert
        actions={
          <>
            {onRetry ? (
              <Button size="small" onClick={onRetry} busy={retrying}>
                Try again
              </Button>
            ) : null}
            <Button size="small" variant="secondary" onClick={onDismiss}>
              Dismiss
            </Button>
          </>
        }
      >
        {problem.message}
      </Alert>
    </div>
  );
}
