import { Link } from "react-router";
import { Badge, Button, Loading } from "../../components/ui";
import { graphql } from "../../gql";
import type { QuestionStageFieldsFragment, SessionStatus } from "../../gql/graphql";
import { VideoPreview } from "../audio/VideoPreview";
import type { SpeechPlayer } from "./useSpeechPlayer";
import styles from "./interview.module.css";

export const QuestionStageFields = graphql(`
  fragment QuestionStageFields on Question {
    id
    sequenceNumber
    questionText
    leadIn
    isFollowUp
  }
`);

export interface QuestionStageProps {
  sessionId: string;
  status: SessionStatus;
  totalQuestions: number;
  /** The question waiting for an answer. */
  question: QuestionStageFieldsFragment | null;
  /** What the interviewer says for a question not announced yet (null when nothing is being said). */
  pendingText: string | null;
  /** An answer is being saved or evaluated: the next question is on its way. */
  answerBusy: boolean;
  /** Whether any question was asked yet. */
  anyAsked: boolean;
  /** Question 1 could not be prepared (the page shows why and a way to try again). */
  firstQuestionFailed: boolean;
  voice: Pick<SpeechPlayer, "playing" | "blocked" | "canReplay" | "replay">;
  onFinish: () => void;
  finishing: boolean;
}

/** What the interviewer is asking now, or why nothing is: preparing, thinking, every question answered, over. */
export function QuestionStage(props: QuestionStageProps) {
  const { sessionId, status, question, pendingText, answerBusy, voice } = props;
  const over = status === "COMPLETED" || status === "CANCELLED";
  const questionText = question?.questionText ?? pendingText;
  const thinking = !question && (pendingText !== null || answerBusy);
  const allAnswered = !question && pendingText === null && !answerBusy && props.anyAsked && !over;
  return (
    <div>
      <h2 id="question-heading" className={styles.questionLabel}>
        {question ? `Question ${question.sequenceNumber} of ${props.totalQuestions}` : over ? "Interview over" : "Interviewer"}
        {question?.isFollowUp ? <Badge>Follow-up</Badge> : null}
        {voice.playing ? (
          <span className={styles.speaking}>
            <span className={styles.wave} aria-hidden="true">
              <i />
              <i />
              <i />
            </span>
            speaking
          </span>
        ) : null}
      </h2>
      {over ? (
        <>
          <p className={styles.question}>This interview has ended.</p>
          {status === "COMPLETED" ? <Link to={`/report/${sessionId}`}>See your report</Link> : <Link to="/">Start a new interview</Link>}
        </>
      ) : questionText ? (
        <div aria-live="polite">
          {/* The greeting or transition the interviewer said first: small, so the question stands out. */}
          {question?.leadIn ? <p className={styles.leadIn}>{question.leadIn}</p> : null}
          <p className={styles.question}>{questionText}</p>
        </div>
      ) : allAnswered ? (
        <>
          <p className={styles.question}>That was the last question. Well done.</p>
          <Button onClick={props.onFinish} busy={props.finishing} size="large">
            Finish and see my report
          </Button>
        </>
      ) : props.firstQuestionFailed ? (
        <p className="muted">The first question couldn't be prepared yet.</p>
      ) : (
        <Loading>Your interviewer is preparing the first question…</Loading>
      )}
      {thinking && !questionText ? <p className="muted">Your interviewer is thinking…</p> : null}
      {!over && (voice.blocked || voice.canReplay) ? (
        <Button variant="ghost" size="small" onClick={voice.replay}>
          {voice.blocked ? "▶ Play the question" : "↻ Hear it again"}
        </Button>
      ) : null}
    </div>
  );
}

/** The candidate's own camera beside the question, or a note that it is off. */
export function SelfView({ stream }: { stream: MediaStream | null }) {
  return (
    <div className={styles.selfView}>
      {stream && stream.getVideoTracks().length > 0 ? <VideoPreview stream={stream} label="Your camera" /> : <span>Camera off</span>}
    </div>
  );
}
