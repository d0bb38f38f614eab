import type { AnswerVideoFieldsFragment } from "../../gql/graphql";
import styles from "./video.module.css";

type Marker = AnswerVideoFieldsFragment["timeline"][number];

const KIND_LABEL: Record<Marker["kind"], string> = {
  FILLER: "Filler",
  LONG_PAUSE: "Long pause",
  QUOTE: "Quoted by the evaluator",
};

export function formatTime(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

/**
 * The answer's moments on a bar as long as the video, and the same moments as a list (the list is
 * what a keyboard or a screen reader uses); choosing one seeks the video there.
 */
export function Timeline({ markers, durationMs, onSeek }: { markers: readonly Marker[]; durationMs: number; onSeek: (ms: number) => void }) {
  if (markers.length === 0) return <p className="muted">No fillers, long pauses or quoted phrases in this answer.</p>;
  const length = Math.max(durationMs, ...markers.map((m) => m.endMs), 1);
  return (
    <div className={styles.timeline}>
      <div className={styles.bar} aria-hidden="true">
        {markers.map((m, i) => (
          <span
            key={i}
            className={`${styles.mark} ${styles[m.kind]}`}
            style={{ left: `${(100 * m.startMs) / length}%`, width: `max(4px, ${(100 * (m.endMs - m.startMs)) / length}%)` }}
            title={`${KIND_LABEL[m.kind]}: ${m.label}`}
            onClick={() => onSeek(m.startMs)}
          />
        ))}
      </div>
      <ul className={styles.markers} aria-label="Moments to review">
        {markers.map((m, i) => (
          <li key={i}>
            <button type="button" className={`${styles.marker} ${styles[m.kind]}`} onClick={() => onSeek(m.startMs)} data-kind={m.kind} data-start-ms={m.startMs}>
              <span className={styles.time}>{formatTime(m.startMs)}</span> {KIND_LABEL[m.kind]}: “{m.label}”
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
