import { useEffect, useRef } from "react";
import { Badge, Card, formatScore, scoreTone } from "../../components/ui";
import { graphql } from "../../gql";
import type { ConversationTurnFieldsFragment } from "../../gql/graphql";
import styles from "./interview.module.css";

export const ConversationTurnFields = graphql(`
  fragment ConversationTurnFields on Transcript {
    id
    sequenceNumber
    speaker
    speakerName
    text
    feedback {
      id
      overallScore
      feedbackSummary
    }
  }
`);

/** The conversation so far: the interviewer's questions and the candidate's transcribed answers. */
export function Conversation({ transcripts, pendingText }: { transcripts: ConversationTurnFieldsFragment[]; pendingText: string | null }) {
  // The transcript scrolls on its own: scrollIntoView would scroll the page too, taking the current
  // question and the answer controls out of view.
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    const el = list.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [transcripts.length, pendingText]);
  return (
    <Card aria-labelledby="conversation-heading">
      <h2 id="conversation-heading">Transcript</h2>
      {transcripts.length === 0 && !pendingText ? <p className="muted">The conversation will appear here.</p> : null}
      <ol ref={list} className={styles.conversation} aria-live="polite" aria-relevant="additions" aria-labelledby="conversation-heading" tabIndex={0}>
        {transcripts.map((t) => (
          <li key={t.id} className={`${styles.turn} ${t.speaker === "USER" ? styles.turnUser : ""}`}>
            <div className={styles.turnHead}>
              <span>
                {t.speakerName} · Q{t.sequenceNumber}
              </span>
              {t.feedback ? <Badge tone={scoreTone(t.feedback.overallScore)}>{formatScore(t.feedback.overallScore)}</Badge> : null}
            </div>
            <p>{t.text || <span className="muted">(no words recognised)</span>}</p>
            {t.feedback?.feedbackSummary ? <p className={styles.feedbackLine}>{t.feedback.feedbackSummary}</p> : null}
          </li>
        ))}
        {pendingText ? (
          <li className={styles.turn}>
            <div className={styles.turnHead}>
              <span>Interviewer</span>
            </div>
            <p>{pendingText}</p>
          </li>
        ) : null}
      </ol>
    </Card>
  );
}
