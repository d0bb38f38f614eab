import { useRef, useState } from "react";
import type { AnswerVideoFieldsFragment } from "../../gql/graphql";
import { mediaSrc } from "./mediaSrc";
import { Timeline } from "./Timeline";
import styles from "./video.module.css";

/**
 * An answer's video with captions from its transcript, and the timeline of moments to review. The
 * signed URLs need no token; the player asks for byte ranges, so seeking fetches only what it shows.
 */
export function AnswerVideo({ video, questionNumber }: { video: AnswerVideoFieldsFragment; questionNumber: number }) {
  const player = useRef<HTMLVideoElement>(null);
  const [durationMs, setDurationMs] = useState(0);
  const [failed, setFailed] = useState(false);
  if (!video.videoUrl) return null;

  function seek(ms: number) {
    const element = player.current;
    if (!element) return;
    element.currentTime = ms / 1000;
    void element.play().catch(() => undefined);
  }

  return (
    <section className={styles.answerVideo} aria-label={`Question ${questionNumber}, on video`}>
      <video
        ref={player}
        className={styles.player}
        controls
        preload="metadata"
        playsInline
        src={mediaSrc(video.videoUrl)}
        onLoadedMetadata={(e) => {
          // MediaRecorder's webm has no duration in its header: Chrome reports Infinity until played.
          const seconds = e.currentTarget.duration;
          if (Number.isFinite(seconds)) setDurationMs(seconds * 1000);
        }}
        onDurationChange={(e) => {
          const seconds = e.currentTarget.duration;
          if (Number.isFinite(seconds)) setDurationMs(seconds * 1000);
        }}
        onError={() => setFailed(true)}
      >
        {video.captionsUrl ? <track kind="captions" srcLang="en" label="Transcript" src={mediaSrc(video.captionsUrl)} default /> : null}
      </video>
      {failed ? (
        <span role="alert" className="muted">
          The video couldn't be loaded. Reload the page and try again.
        </span>
      ) : null}
      <Timeline markers={video.timeline} durationMs={durationMs} onSeek={seek} />
    </section>
  );
}
