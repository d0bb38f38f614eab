import type { ReactNode } from "react";
import { Badge, Card, Stat, formatScore, scoreTone } from "../../components/ui";
import { BarChart, QuestionChart, ScoreRing } from "../../components/ui/charts";
import type { AnswerVideoFieldsFragment, ReportFieldsFragment } from "../../gql/graphql";
import type { Transcript } from "../interview/state";
import { AnswerPlayer } from "./AnswerPlayer";
import { AnswerVideo } from "./AnswerVideo";
import { CATEGORY_LABEL, categoriesFor, endedEarly, forReader, progressText, whyTheseCategories, type Perspective } from "./figures";
import { StarTicks } from "./StarTicks";
import styles from "./report.module.css";

const TYPE_LABEL = { TECHNICAL: "Technical", BEHAVIORAL: "Behavioural", SYSTEM_DESIGN: "System design" } as const;
const DIFFICULTY_LABEL = { EASY: "Easy", MEDIUM: "Medium", HARD: "Hard" } as const;

function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return "—";
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds % 60);
  return m > 0 ? `${m} min ${s.toString().padStart(2, "0")} s` : `${s} s`;
}

function ordinal(n: number): string {
  const s = ["th", "st", "nd", "rd"];
  const v = n % 100;
  return `${n}${s[(v - 20) % 10] ?? s[v] ?? s[0]}`;
}

/** Ranks appear once this many other scored interviews of the type exist (the contract's minimum). */
const MIN_COMPARED = 10;

/**
 * Where the interview stands among the other scored, completed interviews of its type (everyone's,
 * the candidate's own earlier ones included). Before there are enough to rank against, says so
 * plainly: how many there are, never a bare "0".
 */
function Standing({ report, kind }: { report: ReportFieldsFragment; kind: string }) {
  const n = report.comparedToCount;
  if (report.overallScore === null || report.overallScore === undefined) return <>Not ranked: no answer in this interview was scored.</>;
  if (report.percentileRank !== null && report.percentileRank !== undefined) {
    return (
      <>
        Better than <strong>{report.percentileRank}%</strong> of {n} other {kind} interviews
        <span className="muted"> ({ordinal(report.percentileRank)} percentile)</span>
      </>
    );
  }
  const rule = <span className="muted"> Ranks appear once {MIN_COMPARED} others have a score.</span>;
  if (n === 0) return <>Not ranked yet: this is the first {kind} interview with a score, so there is nothing to compare it with.{rule}</>;
  return (
    <>
      Not ranked yet: only {n === 1 ? `1 other ${kind} interview has` : `${n} other ${kind} interviews have`} a score so far.{rule}
    </>
  );
}

function List({ items, empty }: { items: string[]; empty: string }) {
  if (items.length === 0) return <p className="muted">{empty}</p>;
  return (
    <ul className={styles.list}>
      {items.map((item, i) => (
        <li key={i}>{item}</li>
      ))}
    </ul>
  );
}

/** resourcesRecommended is free-form JSON: strings, objects with a title and link, or a map of topics. */
function Resources({ value, say }: { value: unknown; say: (text: string) => string }): ReactNode {
  const render = (item: unknown, key: number | string): ReactNode => {
    if (typeof item === "string" || typeof item === "number") return <li key={key}>{say(String(item))}</li>;
    if (item && typeof item === "object" && !Array.isArray(item)) {
      const o = item as Record<string, unknown>;
      const title = String(o.title ?? o.name ?? o.topic ?? o.resource ?? "");
      const url = typeof o.url === "string" ? o.url : typeof o.link === "string" ? o.link : null;
      const note = o.description ?? o.reason ?? o.why ?? o.type;
      if (title) {
        return (
          <li key={key}>
            {url && /^https?:\/\//.test(url) ? (
              <a href={url} target="_blank" rel="noreferrer noopener">
                {title}
              </a>
            ) : (
              <strong>{title}</strong>
            )}
            {note ? <span className="muted"> — {say(String(note))}</span> : null}
          </li>
        );
      }
      return Object.entries(o).map(([k, v]) => (
        <li key={`${key}-${k}`}>
          <strong>{k}:</strong> {Array.isArray(v) ? v.map(String).join(", ") : String(v)}
        </li>
      ));
    }
    return null;
  };
  const items = Array.isArray(value) ? value : value && typeof value === "object" ? [value] : [];
  if (items.length === 0) return <p className="muted">No resources suggested.</p>;
  return <ul className={styles.list}>{items.map((item, i) => render(item, i))}</ul>;
}

function AnswerQuote({ label, transcript, worst, say }: { label: string; transcript: Transcript | null; worst?: boolean; say: (text: string) => string }) {
  return (
    <div>
      <h3>{label}</h3>
      {transcript ? (
        <>
          <p className="muted" style={{ marginBottom: 4 }}>
            Question {transcript.sequenceNumber}
            {transcript.feedback ? ` · scored ${formatScore(transcript.feedback.overallScore)}` : ""}
          </p>
          <blockquote className={`${styles.answer} ${worst ? styles.answerWorst : ""}`}>{transcript.text}</blockquote>
          {transcript.feedback?.feedbackSummary ? <p style={{ marginTop: 8 }}>{say(transcript.feedback.feedbackSummary)}</p> : null}
        </>
      ) : (
        <p className="muted">Not enough scored answers.</p>
      )}
    </div>
  );
}

/**
 * answerAudio: the candidate's recordings by transcript id, for "Play my answer". Only the owner's
 * page passes it; a shared report never plays the candidate's voice.
 * perspective: "own" speaks to the candidate ("you"); "shared" (a share link) names no one and
 * speaks of "the candidate".
 */
export function ReportView({
  report,
  answerAudio,
  answerVideos,
  perspective = "own",
}: {
  report: ReportFieldsFragment;
  answerAudio?: ReadonlyMap<string, string>;
  /** The answers' videos by transcript id (features/report/AnswerVideo), where there are any. */
  answerVideos?: ReadonlyMap<string, AnswerVideoFieldsFragment>;
  perspective?: Perspective;
}) {
  const session = report.session;
  const questions = session.questions.slice().sort((a, b) => a.sequenceNumber - b.sequenceNumber);
  const answers = new Map(session.transcripts.filter((t) => t.speaker === "USER").map((t) => [t.sequenceNumber, t]));
  const categories = categoriesFor(session.interviewType);
  const averages = {
    technical: report.avgTechnicalScore,
    clarity: report.avgClarityScore,
    confidence: report.avgConfidenceScore,
    behavioral: report.avgBehavioralScore,
  };
  const early = endedEarly(session.status, session.totalQuestions, report.questionsAnswered, report.questionsSkipped);
  const say = (text: string) => forReader(text, perspective);
  const date = new Intl.DateTimeFormat(undefined, { dateStyle: "long", timeStyle: "short" }).format(new Date(session.startTime));
  return (
    <div className={styles.grid}>
      <Card className={styles.span8} aria-labelledby="overall-heading">
        <div className={styles.hero}>
          <ScoreRing score={report.overallScore ?? null} label="Overall score" />
          <div className={styles.heroText}>
            <h2 id="overall-heading">Overall</h2>
            <p className="muted">
              {session.persona.name} · {TYPE_LABEL[session.interviewType]} · {DIFFICULTY_LABEL[session.difficulty]} · {date}
            </p>
            <p>
              {early ? <Badge tone="warning">Ended early</Badge> : null} {progressText(session.totalQuestions, report.questionsAnswered, report.questionsSkipped)}
            </p>
            <p className={styles.percentile}>
              <Standing report={report} kind={TYPE_LABEL[session.interviewType].toLowerCase()} />
            </p>
            {report.jobDescription ? (
              <details className={styles.details}>
                <summary>The job posting these questions followed</summary>
                <p className={styles.posting}>{report.jobDescription}</p>
              </details>
            ) : null}
          </div>
        </div>
      </Card>
      <Card className={styles.span4} aria-labelledby="categories-heading">
        <h2 id="categories-heading">By category</h2>
        <BarChart title="Average score by category" bars={categories.map((c) => ({ label: CATEGORY_LABEL[c], value: averages[c] ?? null }))} />
        <p className="muted">{whyTheseCategories(session.interviewType, perspective)}</p>
      </Card>

      <Card className={styles.span12} aria-labelledby="by-question-heading">
        <h2 id="by-question-heading">Score and pace by question</h2>
        <QuestionChart
          title="Overall score (bars, 0 to 10) and speaking pace (line, words per minute) by question"
          points={questions.map((q) => {
            const answer = answers.get(q.sequenceNumber);
            return { question: q.sequenceNumber, score: answer?.feedback?.overallScore ?? null, pace: answer?.voiceMetrics?.speechPace ?? null };
          })}
        />
        <p className="muted">Bars: the answer's score out of 10. Line: its pace in words per minute; the shaded band is a comfortable 120–160.</p>
      </Card>

      <Card className={styles.span4} aria-labelledby="strengths-heading">
        <h2 id="strengths-heading">Strengths</h2>
        <List items={report.strengths.map(say)} empty="None noted yet." />
      </Card>
      <Card className={styles.span4} aria-labelledby="weaknesses-heading">
        <h2 id="weaknesses-heading">To work on</h2>
        <List items={report.weaknesses.map(say)} empty="Nothing stood out." />
      </Card>
      <Card className={styles.span4} aria-labelledby="highlights-heading">
        <h2 id="highlights-heading">Highlights</h2>
        <List items={report.keyHighlights.map(say)} empty="No highlights recorded." />
      </Card>

      <Card className={styles.span12} aria-labelledby="recommendations-heading">
        <h2 id="recommendations-heading">Recommendations</h2>
        <div className={styles.grid}>
          <div className={styles.span4}>
            <h3>Right away</h3>
            <List items={report.immediateImprovements.map(say)} empty="No immediate changes suggested." />
          </div>
          <div className={styles.span4}>
            <h3>Practise</h3>
            <List items={report.practiceAreas.map(say)} empty="No practice areas suggested." />
          </div>
          <div className={styles.span4}>
            <h3>Resources</h3>
            <Resources value={report.resourcesRecommended} say={say} />
          </div>
        </div>
      </Card>

      <Card className={styles.span12} aria-labelledby="speaking-heading">
        <h2 id="speaking-heading">{perspective === "own" ? "How you spoke" : "How the candidate spoke"}</h2>
        <div className={styles.stats}>
          <Stat label="Speaking time" value={duration(report.totalSpeakingTimeSeconds)} />
          <Stat label="Average pace" value={report.avgSpeechPace ? `${Math.round(report.avgSpeechPace)} wpm` : "—"} note="120–160 is comfortable" />
          <Stat label="Filler words" value={report.totalFillerWords} note="about 1 a minute reads as fluent" />
          <Stat label="Average answer length" value={report.avgResponseTimeSeconds ? `${report.avgResponseTimeSeconds.toFixed(1)} s` : "—"} note="from Start answer to Done" />
          <Stat label="Answered" value={`${report.questionsAnswered} of ${session.totalQuestions}`} />
          <Stat label="Skipped" value={report.questionsSkipped} />
          <Stat label="Interview length" value={duration(session.durationSeconds)} />
        </div>
      </Card>

      <Card className={styles.span6} aria-label="Best answer">
        <AnswerQuote label="Best answer" transcript={report.bestAnswer ?? null} say={say} />
      </Card>
      <Card className={styles.span6} aria-label="Answer with most room to grow">
        <AnswerQuote label="Most room to grow" transcript={report.worstAnswer ?? null} worst say={say} />
      </Card>

      <Card className={styles.span12} aria-labelledby="questions-heading">
        <h2 id="questions-heading">Question by question</h2>
        <ol className={styles.questions}>
          {questions.map((q) => {
            const answer = answers.get(q.sequenceNumber);
            const fb = answer?.feedback;
            const vm = answer?.voiceMetrics;
            const audioUrl = answer ? answerAudio?.get(answer.id) : undefined;
            return (
              <li key={q.id}>
                <Card as="article" aria-label={`Question ${q.sequenceNumber}`}>
                  <div className={styles.qHead}>
                    <p className={styles.qText}>
                      {q.sequenceNumber}. {q.questionText}
                    </p>
                    {fb ? <Badge tone={scoreTone(fb.overallScore)}>{formatScore(fb.overallScore)} / 10</Badge> : <Badge>{q.skipped ? "Skipped" : answer ? "Not scored" : "Not answered"}</Badge>}
                  </div>
                  {answer ? <blockquote className={styles.answer}>{answer.text || <span className="muted">(no words recognised)</span>}</blockquote> : null}
                  {audioUrl ? <AnswerPlayer audioUrl={audioUrl} questionNumber={q.sequenceNumber} /> : null}
                  {answer && answerVideos?.get(answer.id) ? <AnswerVideo video={answerVideos.get(answer.id)!} questionNumber={q.sequenceNumber} /> : null}
                  {fb ? (
                    <>
                      <div className={styles.qScores}>
                        {categories.map((c) => (
                          <Badge key={c}>
                            {CATEGORY_LABEL[c]} {formatScore({ technical: fb.technicalScore, clarity: fb.clarityScore, confidence: fb.confidenceScore, behavioral: fb.behavioralScore }[c])}
                          </Badge>
                        ))}
                      </div>
                      {session.interviewType === "BEHAVIORAL" ? <StarTicks star={fb.star} /> : null}
                      {fb.feedbackSummary ? <p>{say(fb.feedbackSummary)}</p> : null}
                      <details className={styles.details}>
                        <summary>Detailed feedback</summary>
                        <dl className={styles.dl}>
                          {fb.technicalFeedback && categories.includes("technical") ? (
                            <>
                              <dt>Technical</dt>
                              <dd>{say(fb.technicalFeedback)}</dd>
                            </>
                          ) : null}
                          {fb.clarityFeedback ? (
                            <>
                              <dt>Clarity</dt>
                              <dd>{say(fb.clarityFeedback)}</dd>
                            </>
                          ) : null}
                          {fb.confidenceFeedback ? (
                            <>
                              <dt>Confidence</dt>
                              <dd>{say(fb.confidenceFeedback)}</dd>
                            </>
                          ) : null}
                          {fb.behavioralFeedback && categories.includes("behavioral") ? (
                            <>
                              <dt>Behavioural</dt>
                              <dd>{say(fb.behavioralFeedback)}</dd>
                            </>
                          ) : null}
                          {fb.improvementSuggestions.length > 0 ? (
                            <>
                              <dt>Try</dt>
                              <dd>{fb.improvementSuggestions.map(say).join(" · ")}</dd>
                            </>
                          ) : null}
                        </dl>
                      </details>
                    </>
                  ) : null}
                  {vm ? (
                    <dl className={styles.dl}>
                      <dt>Pace</dt>
                      <dd>{Math.round(vm.speechPace)} wpm</dd>
                      <dt>Pauses</dt>
                      <dd>{vm.pauseCount}</dd>
                      <dt>Filler words</dt>
                      <dd>{vm.fillerWordCount > 0 ? `${vm.fillerWordCount} (${vm.fillerWords.join(", ")})` : "none"}</dd>
                      <dt>Volume</dt>
                      <dd>{Math.round(vm.volumeLevel * 100)}%</dd>
                      <dt>Clarity of speech</dt>
                      <dd>{formatScore(vm.clarityScore)} / 10</dd>
                    </dl>
                  ) : null}
                </Card>
              </li>
            );
          })}
        </ol>
      </Card>
    </div>
  );
}
