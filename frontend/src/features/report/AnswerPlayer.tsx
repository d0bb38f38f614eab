import { useState } from "react";
import { Button } from "../../components/ui";
import { mediaSrc } from "./mediaSrc";
import styles from "./report.module.css";

/**
 * "Play my answer": the browser's player on the answer's signed URL (no token needed), shown on
 * the first click so a report of many answers downloads no audio until one is played.
 */
export function AnswerPlayer({ audioUrl, questionNumber }: { audioUrl: string; questionNumber: number }) {
  const [open, setOpen] = useState(false);
  const [failed, setFailed] = useState(false);

  if (open && !failed) {
    return <audio className={styles.answerAudio} controls autoPlay src={mediaSrc(audioUrl)} onError={() => setFailed(true)} aria-label={`My answer to question ${questionNumber}`} />;
  }
  return (
    <div className={styles.answerPlayer}>
      <Button
        size="small"
        variant="secondary"
        onClick={() => {
          setFailed(false);
          setOpen(true);
        }}
        aria-label={`Play my answer to question ${questionNumber}`}
      >
        Play my answer
      </Button>
      {failed ? (
        <span role="alert" className={styles.answerAudioError}>
          Your recording couldn't be loaded. Reload the page and try again.
        </span>
      ) : null}
    </div>
  );
}
