import { useParams } from "react-router";
import { useQuery } from "urql";
import { Alert, Button, Loading, buttonClass } from "../components/ui";
import { PageHead, useTitle } from "../components/ui/layout";
import { ReportByShareTokenQuery } from "../features/report/operations";
import { ReportView } from "../features/report/ReportView";
import { mediaSrc } from "../features/report/mediaSrc";
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
        actions={
          <>
            <a className={buttonClass("secondary")} href={mediaSrc(report.downloadUrl)} download>
              Download report
            </a>
            <Button variant="secondary" onClick={() => window.print()}>
              Print to PDF
            </Button>
          </>
        }
      >
        <p className="muted">A practice interview report shared with you.</p>
      </PageHead>
      <ReportView report={report} answerVideos={answerVideos(report.session.transcripts)} />
    </>
  );
}
