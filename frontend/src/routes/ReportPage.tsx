import { useMemo } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { useQuery } from "urql";
import { Alert, Button, Loading } from "../components/ui";
import { PageHead, useTitle } from "../components/ui/layout";
import { ReportBySessionQuery } from "../features/report/operations";
import { ReportActions } from "../features/report/ReportActions";
import { ReportView } from "../features/report/ReportView";
import { SharePanel } from "../features/report/SharePanel";
import { DeleteInterview } from "../features/account/DeleteInterview";
import { answerVideos } from "../features/report/answerVideos";
import { problemOf } from "../lib/errors";

export default function ReportPage() {
  const { id = "" } = useParams();
  const navigate = useNavigate();
  const [result, refetch] = useQuery({ query: ReportBySessionQuery, variables: { sessionId: id }, requestPolicy: "cache-first" });
  const report = result.data?.reportBySession;
  useTitle(report ? `Report: ${report.session.jobTitle}` : "Report");
  const answerAudio = useMemo(
    () => new Map((report?.session.transcripts ?? []).flatMap((t) => (t.audioUrl ? [[t.id, t.audioUrl] as const] : []))),
    [report],
  );
  const videos = useMemo(() => answerVideos(report?.session.transcripts), [report]);

  if (!report) {
    if (result.fetching || (!result.data && !result.error)) return <Loading>Loading your report…</Loading>;
    return (
      <Alert
        tone={result.error ? "error" : "info"}
        actions={
          <>
            <Button size="small" variant="secondary" onClick={() => refetch({ requestPolicy: "network-only" })}>
              Check again
            </Button>
            <Link to={`/interview/${id}`}>Back to the interview</Link>
          </>
        }
      >
        {result.error ? problemOf(result.error).message : "There's no report for this interview yet. End the interview to build one."}
      </Alert>
    );
  }

  return (
    <>
      <PageHead
        title={`Report: ${report.session.jobTitle}`}
        actions={<ReportActions downloadUrl={report.downloadUrl} />}
      >
        <p className="muted">Here's how your interview went, and what to practise next.</p>
      </PageHead>
      <div style={{ marginBottom: 24 }}>
        <SharePanel reportId={report.id} />
      </div>
      <ReportView report={report} answerAudio={answerAudio} answerVideos={videos} perspective="own" />
      <div className="no-print" style={{ marginTop: 24 }}>
        <DeleteInterview sessionId={report.session.id} jobTitle={report.session.jobTitle} onDeleted={() => navigate("/history", { replace: true })} />
      </div>
    </>
  );
}
