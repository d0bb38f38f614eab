import { Alert, Button, LevelMeter, Loading } from "../../components/ui";
import { isRecordAgain, isRetryable, type AppProblem } from "../../lib/errors";
import { formatClock, type RecorderState } from "../audio/recorder";
import { AUTO_FINISH_CHOICES } from "./useAutoFinish";
import styles from "./interview.module.css";

export interface AnswerBarProps {
  recorder: RecorderState;
  /** Milliseconds recorded so far. */
  elapsed: number;
  /** The microphone level now, 0..1. */
  level: number;
  /** What went wrong with this answer, if anything. */
  failure: AppProblem | null;
  /** Whether an answer can be started now (microphone ready, a question waiting). */
  canStart: boolean;
  paused: boolean;
  /** Milliseconds of silence so far, and the silence (seconds, 0 for never) that finishes the answer. */
  silentFor: number;
  autoFinish: number;
  onAutoFinish: (seconds: number) => void;
  onStart: () => void;
  onFinish: () => void;
  onRetry: () => void;
  onRecordAgain: () => void;
}

/** Recording an answer: start, the clock and level while speaking, Done, saving, and what failed. */
export function AnswerBar(props: AnswerBarProps) {
  const { recorder: r, failure, paused, silentFor, autoFinish } = props;
  const busy = r.kind === "stopping" || r.kind === "uploading";
  return (
    <div className={`${styles.answerBar} no-print`}>
      {failure ? (
        <Alert
          tone={isRecordAgain(failure) ? "warning" : "error"}
          actions={
            <>
              {r.kind === "failed" && r.blob && isRetryable(failure) ? (
                <Button size="small" onClick={props.onRetry}>
                  Try again
                </Button>
              ) : null}
              <Button size="small" variant="secondary" onClick={props.onRecordAgain}>
                Record again
              </Button>
            </>
          }
        >
          {failure.message}
        </Alert>
      ) : null}
      {r.kind === "idle" ? (
        <div className={styles.answerRow}>
          <Button size="large" onClick={props.onStart} disabled={!props.canStart || paused}>
            Start answer
          </Button>
          <span className="muted" style={{ fontSize: "0.9rem" }}>
            {paused ? (
              "Resume the interview to answer."
            ) : (
              <>
                or press <kbd className={styles.kbd}>Space</kbd>. Take your time to think first.
              </>
            )}
          </span>
        </div>
      ) : null}
      {r.kind === "recording" || r.kind === "paused" ? (
        <div className={styles.answerRow}>
          <span className={styles.recDot} aria-hidden="true" />
          <span className={styles.timer} role="timer" aria-label="Answer time">
            {formatClock(props.elapsed)}
          </span>
          <div className={styles.meterWrap}>
            <LevelMeter level={props.level} label="Your voice level" />
          </div>
          <Button size="large" onClick={props.onFinish}>
            Done
          </Button>
        </div>
      ) : null}
      {r.kind === "recording" ? (
        <span className="muted" style={{ fontSize: "0.88rem" }} aria-live="polite">
          {autoFinish > 0 && silentFor > 1500 ? (
            `Finishing in ${Math.max(0, Math.ceil(autoFinish - silentFor / 1000))} s unless you keep talking…`
          ) : (
            <>
              Press <strong>Done</strong> or <kbd className={styles.kbd}>Space</kbd> when you've finished.
            </>
          )}
        </span>
      ) : null}
      {busy ? (
        <div className={styles.answerRow} role="status">
          <Loading>{r.kind === "stopping" ? "Saving your answer…" : "Listening to your answer and preparing feedback…"}</Loading>
        </div>
      ) : null}
      <div className={styles.settings}>
        <label htmlFor="auto-finish">Finish automatically after a silence of</label>
        <select id="auto-finish" value={autoFinish} onChange={(e) => props.onAutoFinish(Number(e.target.value))}>
          {AUTO_FINISH_CHOICES.map((s) => (
            <option key={s} value={s}>
              {s === 0 ? "never" : `${s} seconds`}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
