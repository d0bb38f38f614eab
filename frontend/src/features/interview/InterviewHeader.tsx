import type { ReactNode } from "react";
import { Badge } from "../../components/ui";
import { graphql } from "../../gql";
import type { InterviewHeaderFieldsFragment } from "../../gql/graphql";
import styles from "./interview.module.css";

export const InterviewHeaderFields = graphql(`
  fragment InterviewHeaderFields on InterviewSession {
    id
    jobTitle
    interviewType
    difficulty
    status
    persona {
      id
      name
    }
  }
`);

const TYPE_LABEL = { TECHNICAL: "Technical", BEHAVIORAL: "Behavioural", SYSTEM_DESIGN: "System design" } as const;
const DIFFICULTY_LABEL = { EASY: "Easy", MEDIUM: "Medium", HARD: "Hard" } as const;

/** The interview's title, who asks and how, its state; `children` holds the controls. */
export function InterviewHeader({ session, children }: { session: InterviewHeaderFieldsFragment; children?: ReactNode }) {
  const { status } = session;
  const over = status === "COMPLETED" || status === "CANCELLED";
  return (
    <div className={styles.topbar}>
      <div>
        <h1 className={styles.title}>{session.jobTitle}</h1>
        <div className={styles.meta}>
          <Badge tone="brand">{session.persona.name}</Badge>
          <Badge>{TYPE_LABEL[session.interviewType]}</Badge>
          <Badge>{DIFFICULTY_LABEL[session.difficulty]}</Badge>
          {status === "PAUSED" ? <Badge tone="warning">Paused</Badge> : null}
          {over ? <Badge>{status === "COMPLETED" ? "Completed" : "Cancelled"}</Badge> : null}
        </div>
      </div>
      {children}
    </div>
  );
}
