import type { PartialAnswer } from "./state";
import styles from "./interview.module.css";

/** The candidate's words as they are recognised, while the answer is still being recorded. */
export function PartialTranscript({ partial }: { partial: PartialAnswer | null }) {
  if (!partial?.text) return null;
  return (
    <li className={`${styles.turn} ${styles.turnUser}`} data-testid="partial-transcript">
      <div className={styles.turnHead}>
        <span>You · Q{partial.sequenceNumber} (so far)</span>
      </div>
      <p className="muted">{partial.text}</p>
    </li>
  );
}
