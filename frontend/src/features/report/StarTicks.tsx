import styles from "./report.module.css";

const PARTS = [
  ["hasSituation", "Situation"],
  ["hasTask", "Task"],
  ["hasAction", "Action"],
  ["hasResult", "Result"],
] as const;

type Star = { hasSituation: boolean; hasTask: boolean; hasAction: boolean; hasResult: boolean };

/** The four STAR parts, each labelled and ticked or not, instead of cryptic letters ("STAR STA"). */
export function StarTicks({ star }: { star: Star }) {
  return (
    <ul className={styles.star} aria-label="STAR structure">
      {PARTS.map(([key, label]) => (
        <li key={key} className={star[key] ? styles.starHit : styles.starMiss}>
          <span aria-hidden="true">{star[key] ? "✓" : "✗"}</span> {label}
          <span className="visually-hidden">{star[key] ? ": present" : ": missing"}</span>
        </li>
      ))}
    </ul>
  );
}
