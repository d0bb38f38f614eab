import { useParams } from "react-router";
import { useQuery } from "urql";
import { Alert, Loading } from "../components/ui";
import { PageHead, useTitle } from "../components/ui/layout";
import { ReportByShareTokenQuery } from "../features/report/operations";
import { ReportActions } from "../features/report/ReportActions";
import { ReportView } from "../features/report/ReportView";
import { answerVideos } from "../features/report/answerVideos";
import { problemOf } from "../lib/errors";

/** A report opened from a share link: no sign-in, read only. */
export default function SharedReportPage() {
  const { token = "" } = useParams();
  const [result] = useQuery({ query: ReportByShareTokenQuery, variables: { token }, requestPolicy: "cache-first" });
  const report = result.data?.reportByShareToken;
  useTitle(report ? `Shared report: ${report.session.jobTitle}` : "Shared report");
  if (!report) {
    if (result.fetching || (!result.data && !result.error)) return <Loading>Loading the report…</Loading>;
    return <Alert>{result.error ? problemOf(result.error).message : "This link doesn't work any more. Ask the person who shared it for a new one."}</Alert>;
  }
  return (
    <>
      <PageHead
        title={`Interview report: ${report.session.jobTitle}`}
        actions={<ReportActions downloadUrl={report.downloadUrl} />}
      >
        <p className="muted">A practice interview report shared with you.</p>
      </PageHead>
      <ReportView report={report} answerVideos={answerVideos(report.session.transcripts)} perspective="shared" />
    </>
  );
}
