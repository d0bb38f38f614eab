import { useEffect, useState } from "react";
import { Button } from "../../components/ui";
import { bearer } from "../../lib/session-token";
import { fetchAnswerAudio } from "./answerAudio";
import styles from "./report.module.css";

/** "Play my answer": loads the recording on the first click, then shows the browser's player. */
export function AnswerPlayer({ audioUrl, questionNumber }: { audioUrl: string; questionNumber: number }) {
  const [src, setSrc] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [failed, setFailed] = useState(false);

  useEffect(() => () => (src ? URL.revokeObjectURL(src) : undefined), [src]);

  async function load() {
    setLoading(true);
    setFailed(false);
    try {
      setSrc(URL.createObjectURL(await fetchAnswerAudio(audioUrl, bearer())));
    } catch {
      setFailed(true);
    } finally {
      setLoading(false);
    }
  }

  if (src) return <audio className={styles.answerAudio} controls autoPlay src={src} aria-label={`My answer to question ${questionNumber}`} />;
  return (
    <div className={styles.answerPlayer}>
      <Button size="small" variant="secondary" busy={loading} disabled={loading} onClick={() => void load()} aria-label={`Play my answer to question ${questionNumber}`}>
        Play my answer
      </Button>
      {failed ? (
        <span role="alert" className={styles.answerAudioError}>
          Your recording couldn't be loaded. Try again.
        </span>
      ) : null}
    </div>
  );
}
