import { useState } from "react";
import { useMutation } from "urql";
import { Button } from "../../components/ui";
import { problemOf, type AppProblem } from "../../lib/errors";
import { ConfirmDeletion } from "./ConfirmDeletion";
import { DELETED_TYPES, DeleteInterviewMutation } from "./operations";

/** "Delete this interview": asks first, then removes the interview with everything it owns. */
export function DeleteInterview({ sessionId, jobTitle, onDeleted, size }: { sessionId: string; jobTitle: string; onDeleted: () => void; size?: "small" }) {
  const [asking, setAsking] = useState(false);
  const [problem, setProblem] = useState<AppProblem | null>(null);
  const [state, run] = useMutation(DeleteInterviewMutation);

  async function confirm() {
    setProblem(null);
    const result = await run({ sessionId }, DELETED_TYPES);
    // Already gone (another tab deleted it) is what was asked for.
    if (result.error && problemOf(result.error).code !== "NOT_FOUND") setProblem(problemOf(result.error));
    else onDeleted();
  }

  if (!asking) {
    return (
      <Button variant="danger" size={size} onClick={() => setAsking(true)} aria-label={`Delete this interview: ${jobTitle}`}>
        Delete this interview
      </Button>
    );
  }
  return (
    <ConfirmDeletion
      title={`Delete the “${jobTitle}” interview for good?`}
      confirmLabel="Delete for good"
      busy={state.fetching}
      problem={problem}
      onConfirm={() => void confirm()}
      onCancel={() => {
        setAsking(false);
        setProblem(null);
      }}
    >
      <p className="muted" style={{ margin: 0 }}>
        Its questions, your recorded answers, the feedback, the report and any share link are removed at once. This can't be undone.
      </p>
    </ConfirmDeletion>
  );
}
