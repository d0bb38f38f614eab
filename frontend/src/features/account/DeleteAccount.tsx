import { useState, type FormEvent } from "react";
import { useMutation } from "urql";
import { Button, Card, TextField } from "../../components/ui";
import { fieldOf, problemOf, type AppProblem } from "../../lib/errors";
import { ConfirmDeletion } from "./ConfirmDeletion";
import { DELETED_TYPES, DeleteAccountMutation } from "./operations";

/** "Delete my account": with the password, removes the account and every interview, for good. */
export function DeleteAccount({ onDeleted }: { onDeleted: () => void }) {
  const [asking, setAsking] = useState(false);
  const [password, setPassword] = useState("");
  const [problem, setProblem] = useState<AppProblem | null>(null);
  const [state, run] = useMutation(DeleteAccountMutation);
  const passwordError = problem && fieldOf(problem) === "password" ? problem.message : null;

  async function confirm(event?: FormEvent) {
    event?.preventDefault();
    setProblem(null);
    const result = await run({ password }, DELETED_TYPES);
    if (result.error) setProblem(problemOf(result.error));
    else onDeleted();
  }

  return (
    <Card aria-labelledby="delete-account-heading">
      <h2 id="delete-account-heading">Delete my account</h2>
      <p className="muted">Your account, every interview, recording, report and share link, and your API tokens are removed for good.</p>
      {asking ? (
        <form onSubmit={(event) => void confirm(event)}>
          <ConfirmDeletion
            title="Delete your account and all its data for good?"
            confirmLabel="Delete my account for good"
            busy={state.fetching}
            problem={passwordError ? null : problem}
            focusKeep={false}
            onConfirm={() => void confirm()}
            onCancel={() => {
              setAsking(false);
              setPassword("");
              setProblem(null);
            }}
          >
            <TextField
              label="Your password"
              type="password"
              autoComplete="current-password"
              autoFocus
              required
              value={password}
              error={passwordError}
              onChange={(event) => setPassword(event.target.value)}
            />
          </ConfirmDeletion>
        </form>
      ) : (
        <Button variant="danger" onClick={() => setAsking(true)}>
          Delete my account
        </Button>
      )}
    </Card>
  );
}
