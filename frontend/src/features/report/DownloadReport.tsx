import { useState } from "react";
import { Alert, Button } from "../../components/ui";
import { bearer } from "../../lib/session-token";

/**
 * "Download PDF": fetches the PDF the server renders (Report.downloadUrl) and saves it. Fetched
 * rather than linked because the owner's download needs the bearer token; a shared report's URL
 * works without one.
 */
export function DownloadReport({ url, authenticated = false }: { url: string; authenticated?: boolean }) {
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);

  async function download() {
    setBusy(true);
    setFailed(false);
    try {
      const response = await fetch(url, { headers: authenticated ? bearer() : {} });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const blob = await response.blob();
      const name = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? "interview-report.pdf";
      const href = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = href;
      a.download = name;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(href), 10_000);
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Button variant="secondary" onClick={() => void download()} busy={busy} disabled={busy}>
        Download PDF
      </Button>
      {failed ? <Alert>The PDF couldn't be downloaded. Try again in a moment.</Alert> : null}
    </>
  );
}
