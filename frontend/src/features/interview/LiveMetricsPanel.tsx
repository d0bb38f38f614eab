import { Card, LevelMeter, Stat, formatScore } from "../../components/ui";
import type { InterviewType, LiveMetricsFieldsFragment } from "../../gql/graphql";
import { CATEGORY_LABEL, categoriesFor, type Category } from "../report/figures";
import styles from "./interview.module.css";

/** The comfortable band for answers, as the feedback and the report use it. */
const PACE_LOW = 120;
const PACE_HIGH = 160;

function paceNote(pace: number | null | undefined): string | undefined {
  if (pace === null || pace === undefined) return undefined;
  if (pace < PACE_LOW) return `A little slow — aim for ${PACE_LOW}–${PACE_HIGH}`;
  if (pace > PACE_HIGH) return "Quick — slow down a touch";
  return "Comfortable pace";
}

const ROLLING: Record<Category, keyof LiveMetricsFieldsFragment> = {
  technical: "rollingTechnicalAvg",
  clarity: "rollingClarityAvg",
  confidence: "rollingConfidenceAvg",
  behavioral: "rollingBehavioralAvg",
};

function seconds(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? "—" : `${(ms / 1000).toFixed(1)} s`;
}

function minutes(s: number | null | undefined): string {
  if (s === null || s === undefined) return "—";
  const m = Math.max(0, Math.round(s / 60));
  return m < 1 ? "< 1 min" : `${m} min`;
}

/**
 * Rolling scores and the speaking figures of the answer being given (the last answer's between
 * answers), as the server measures them. Only the categories that count for the interview's type
 * are shown, as on the report.
 */
export function LiveMetricsPanel({
  metrics,
  totalQuestions,
  localLevel,
  interviewType,
}: {
  metrics: LiveMetricsFieldsFragment | null;
  totalQuestions: number;
  localLevel: number;
  interviewType: InterviewType;
}) {
  const rows = categoriesFor(interviewType).map((category) => [CATEGORY_LABEL[category], metrics?.[ROLLING[category]] as number | null | undefined] as const);
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
