import { Card, LevelMeter, Stat, formatScore } from "../../components/ui";
import type { LiveMetricsFieldsFragment } from "../../gql/graphql";
import styles from "./interview.module.css";

function paceNote(pace: number | null | undefined): string | undefined {
  if (pace === null || pace === undefined) return undefined;
  if (pace < 110) return "A little slow — aim for 120–160";
  if (pace > 170) return "Quick — slow down a touch";
  return "Comfortable pace";
}

function seconds(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? "—" : `${(ms / 1000).toFixed(1)} s`;
}

function minutes(s: number | null | undefined): string {
  if (s === null || s === undefined) return "—";
  const m = Math.max(0, Math.round(s / 60));
  return m < 1 ? "< 1 min" : `${m} min`;
}

/** Rolling scores and the speaking figures of the last answer, as the server measures them. */
export function LiveMetricsPanel({ metrics, totalQuestions, localLevel }: { metrics: LiveMetricsFieldsFragment | null; totalQuestions: number; localLevel: number }) {
  const rows: [string, number | null | undefined][] = [
    ["Technical", metrics?.rollingTechnicalAvg],
    ["Clarity", metrics?.rollingClarityAvg],
    ["Confidence", metrics?.rollingConfidenceAvg],
    ["Behavioural", metrics?.rollingBehavioralAvg],
  ];
  return (
    <Card aria-labelledby="metrics-heading">
      <h2 id="metrics-heading">Live metrics</h2>
      <div className={styles.metrics}>
        <Stat label="Questions done" value={`${metrics?.questionsCompleted ?? 0} / ${totalQuestions}`} note={metrics?.estimatedTimeRemaining ? `about ${minutes(metrics.estimatedTimeRemaining)} left` : undefined} />
        <Stat label="Pace" value={metrics?.currentSpeechPace ? `${Math.round(metrics.currentSpeechPace)} wpm` : "—"} note={paceNote(metrics?.currentSpeechPace)} />
        <Stat label="Silence" value={seconds(metrics?.silenceDurationMs)} />
        <div>
          <Stat label="Volume" value={metrics?.currentVolume !== null && metrics?.currentVolume !== undefined ? `${Math.round(metrics.currentVolume * 100)}%` : "—"} />
          <div style={{ marginTop: 6 }}>
            <LevelMeter level={localLevel} label="Microphone level now" />
          </div>
        </div>
      </div>
      <div className={styles.scoreRows} aria-label="Rolling scores">
        {rows.map(([label, value]) => (
          <div key={label} className={styles.scoreRow}>
            <span>{label}</span>
            <LevelMeter level={(value ?? 0) / 10} label={`${label} average`} />
            <span>{formatScore(value)}</span>
          </div>
        ))}
      </div>
    </Card>
  );
}
