import { useState } from "react";
import { useMutation } from "urql";
import { Alert, Button, Card } from "../../components/ui";
import { problemOf, type AppProblem } from "../../lib/errors";
import { IncludeVideo } from "./IncludeVideo";
import { ShareReportMutation } from "./operations";
import styles from "./report.module.css";

/** The link the server returns may be relative; always hand out an absolute one. */
function absolute(url: string, token: string): string {
  try {
    return new URL(url || `/share/${token}`, window.location.origin).toString();
  } catch {
    return `${window.location.origin}/share/${token}`;
  }
}

export function SharePanel({ reportId }: { reportId: string }) {
  const [link, setLink] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [problem, setProblem] = useState<AppProblem | null>(null);
  const [share, runShare] = useMutation(ShareReportMutation);
  const [includeVideo, setIncludeVideo] = useState(false);

  async function setEnabled(enabled: boolean, withVideo = includeVideo) {
    setProblem(null);
    setCopied(false);
    const result = await runShare({ reportId, enabled, includeVideo: withVideo });
    if (result.error) setProblem(problemOf(result.error));
    else setLink(result.data?.shareReport ? absolute(result.data.shareReport.url, result.data.shareReport.token) : null);
  }

  async function copy() {
    if (!link) return;
    try {
      await navigator.clipboard.writeText(link);
      setCopied(true);
    } catch {
      // Clipboard can be unavailable (permissions, http): select the text so Ctrl+C works.
      (document.getElementById("share-link") as HTMLInputElement | null)?.select();
    }
  }

  return (
    <Card className="no-print" aria-labelledby="share-heading">
      <div className={styles.share}>
        <div>
          <h2 id="share-heading">Share this report</h2>
          <p className="muted" style={{ margin: 0 }}>
            Anyone with the link can read the report, without signing in. You can turn the link off at any time.
          </p>
        </div>
        {problem ? <Alert>{problem.message}</Alert> : null}
        <IncludeVideo
          checked={includeVideo}
          disabled={share.fetching}
          onChange={(checked) => {
            setIncludeVideo(checked);
            if (link) void setEnabled(true, checked); // the live link changes at once
          }}
        />
        {link ? (
          <>
            <div className={styles.shareRow}>
              <label htmlFor="share-link" className="visually-hidden">
                Share link
              </label>
              <input id="share-link" readOnly value={link} onFocus={(e) => e.currentTarget.select()} />
              <Button variant="secondary" onClick={copy}>
                {copied ? "Copied" : "Copy link"}
              </Button>
            </div>
            <span role="status" className="visually-hidden">
              {copied ? "Link copied to the clipboard" : ""}
            </span>
            <div>
              <Button variant="danger" size="small" onClick={() => setEnabled(false)} busy={share.fetching}>
                Turn off link
              </Button>
            </div>
          </>
        ) : (
          <div>
            <Button variant="secondary" onClick={() => setEnabled(true)} busy={share.fetching}>
              Create share link
            </Button>
          </div>
        )}
      </div>
    </Card>
  );
}
