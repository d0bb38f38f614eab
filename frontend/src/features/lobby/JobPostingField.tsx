import { useId } from "react";
import ui from "../../components/ui/ui.module.css";
import styles from "./lobby.module.css";

/** The server's limit (StartInterviewInput.jobDescription): longer is refused, never cut silently. */
export const JOB_POSTING_LIMIT = 20_000;

export function jobPostingError(text: string): string | null {
  const length = text.trim().length;
  return length > JOB_POSTING_LIMIT
    ? `The posting is ${length.toLocaleString("en")} characters; paste at most ${JOB_POSTING_LIMIT.toLocaleString("en")} (the role, its duties and requirements).`
    : null;
}

/** "Paste the job posting": optional; the questions then follow its stack, duties and seniority. */
export function JobPostingField({ value, onChange, serverError }: { value: string; onChange: (value: string) => void; serverError: string | null }) {
  const id = useId();
  const length = value.trim().length;
  const error = jobPostingError(value) ?? serverError;
  return (
    <div className={ui.field}>
      <label className={ui.label} htmlFor={id}>
        Paste the job posting <span className="muted">(optional)</span>
      </label>
      <textarea
        id={id}
        name="jobDescription"
        className={`${ui.input} ${styles.posting}`}
        rows={6}
        value={value}
        placeholder="Paste the ad you're applying to: the questions will follow its stack, duties and seniority."
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-count${error ? ` ${id}-error` : ""}`}
        onChange={(e) => onChange(e.target.value)}
      />
      <span id={`${id}-count`} className={ui.hint} aria-live="polite">
        {length.toLocaleString("en")} / {JOB_POSTING_LIMIT.toLocaleString("en")} characters
      </span>
      {error ? (
        <span id={`${id}-error`} className={ui.fieldError} role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}
