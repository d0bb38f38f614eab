import { Button, buttonClass } from "../../components/ui";
import { mediaSrc } from "./mediaSrc";

/** Download the server's PDF (a signed URL, no header needed) or print the page, on either report page. */
export function ReportActions({ downloadUrl }: { downloadUrl: string }) {
  return (
    <>
      <a className={buttonClass("secondary")} href={mediaSrc(downloadUrl)} download>
        Download PDF
      </a>
      <Button variant="secondary" onClick={() => window.print()}>
        Print
      </Button>
    </>
  );
}
