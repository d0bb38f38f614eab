import { useState } from "react";
import { Link } from "react-router";
import { useQuery } from "urql";
import { Alert, Badge, Button, Card, Loading, buttonClass, formatScore, scoreTone } from "../components/ui";
import { LineChart, TrendChart } from "../components/ui/charts";
import { PageHead, useTitle } from "../components/ui/layout";
import { DeleteInterview } from "../features/account/DeleteInterview";
import { ScoresQuery, SessionsQuery } from "../features/history/operations";
import type { SessionsQuery as SessionsData } from "../gql/graphql";
import { endedEarly, plural, statusLabel } from "../features/report/figures";
import { categoryTrends } from "../features/history/trends";
import { problemOf } from "../lib/errors";
import styles from "../features/history/history.module.css";

const PAGE = 10;
const TYPE_LABEL = { TECHNICAL: "Technical", BEHAVIORAL: "Behavioural", SYSTEM_DESIGN: "System design" } as const;
const STATUS_TONE: Record<string, "brand" | "success" | "warning" | "danger" | undefined> = {
  ACTIVE: "brand",
  PAUSED: "warning",
  COMPLETED: "success",
};

type Edge = SessionsData["sessions"]["edges"][number];

/** One page of the sessions connection; the next page renders after it, so pages stack up. */
function SessionsPage({ after }: { after: string | null }) {
  const [result] = useQuery({ query: SessionsQuery, variables: { first: PAGE, after } });
  const [more, setMore] = useState(false);
  const data = result.data?.sessions;
  if (!data) {
    if (result.error) return <Alert>{problemOf(result.error).message}</Alert>;
    return <Loading>Loading interviews…</Loading>;
  }
  const fmt = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
  return (
    <>
      {data.edges.map(({ node }: Edge) => {
        const early = node.report ? endedEarly(node.status, node.totalQuestions, node.report.questionsAnswered, node.report.questionsSkipped) : false;
        return (
          <li key={node.id} className={styles.item}>
            <div className={styles.itemMain}>
              <Link to={node.status === "COMPLETED" ? `/report/${node.id}` : `/interview/${node.id}`} className={styles.itemTitle}>
                {node.jobTitle}
              </Link>
              <span className="muted">
                {fmt.format(new Date(node.startTime))} · {node.persona.name} · {TYPE_LABEL[node.interviewType]} · {plural(node.totalResponses, "answer")} of {node.totalQuestions}
              </span>
            </div>
            <div className={styles.itemSide}>
              <Badge tone={early ? "warning" : STATUS_TONE[node.status]}>{statusLabel(node.status, early)}</Badge>
              {node.report ? <Badge tone={scoreTone(node.report.overallScore)}>{formatScore(node.report.overallScore)}</Badge> : null}
              {/* Deleting refetches the cached lists (see DELETED_TYPES): the item just disappears. */}
              <DeleteInterview sessionId={node.id} jobTitle={node.jobTitle} size="small" onDeleted={() => undefined} />
            </div>
          </li>
        );
      })}
      {data.pageInfo.hasNextPage && data.pageInfo.endCursor ? (
        more ? (
          <SessionsPage after={data.pageInfo.endCursor} />
        ) : (
          <li className={styles.more}>
            <Button variant="secondary" onClick={() => setMore(true)}>
              Show more
            </Button>
          </li>
        )
      ) : null}
    </>
  );
}

export default function HistoryPage() {
  const [scores] = useQuery({ query: ScoresQuery, variables: { first: 50 } });
  const [sessions] = useQuery({ query: SessionsQuery, variables: { first: PAGE, after: null } });
  const points =
    scores.data?.reports.edges.flatMap(({ node }) =>
      node.overallScore === null || node.overallScore === undefined ? [] : [{ date: new Date(node.createdAt), value: node.overallScore, label: node.session.jobTitle }],
    ) ?? [];
  const trends = categoryTrends(scores.data?.reports.edges.map(({ node }) => node) ?? []);
  const total = sessions.data?.sessions.totalCount;
  useTitle("Your interviews");
  return (
    <>
      <PageHead
        title="Your interviews"
        actions={
          <Link to="/" className={buttonClass("primary")}>
            New interview
          </Link>
        }
      >
        <p className="muted">{total === undefined ? " " : total === 1 ? "1 interview so far." : `${total} interviews so far.`}</p>
      </PageHead>
      <div className={styles.stack}>
        <Card aria-labelledby="progress-heading">
          <h2 id="progress-heading">Scores over time</h2>
          {scores.error ? <Alert>{problemOf(scores.error).message}</Alert> : null}
          {!scores.data && !scores.error ? <Loading /> : null}
          {scores.data && points.length === 0 ? <p className="muted">Finish an interview to see your progress here.</p> : null}
          {points.length > 0 ? <LineChart points={points} title="Overall score by date" /> : null}
        </Card>
        {trends.length > 0 ? (
          <Card aria-labelledby="trends-heading">
            <h2 id="trends-heading">By category</h2>
            <p className="muted">One line per kind of interview; a category appears only where it counts.</p>
            <div className={styles.trends}>
              {trends.map((trend) => (
                <div key={trend.category}>
                  <h3>{trend.label}</h3>
                  <TrendChart series={trend.series} title={`${trend.label} score by date`} />
                </div>
              ))}
            </div>
          </Card>
        ) : null}
        <Card aria-labelledby="past-heading">
          <h2 id="past-heading">Past interviews</h2>
          {sessions.data && sessions.data.sessions.totalCount === 0 ? (
            <p className="muted">
              No interviews yet. <Link to="/">Start your first one.</Link>
            </p>
          ) : (
            <ul className={styles.list}>
              <SessionsPage after={null} />
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}
