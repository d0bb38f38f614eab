/** Change the password: every other device is signed out, this one keeps going with a fresh token. */
import { useState, type FormEvent } from "react";
import { useMutation } from "urql";
import { Alert, Button, TextField } from "../../components/ui";
import { fieldOf, problemOf, type AppProblem } from "../../lib/errors";
import { writeToken } from "../../lib/session-token";
import { ChangePasswordMutation } from "./operations";

export function ChangePasswordForm() {
  const [currentPassword, setCurrentPassword] = useState("");
  const [newPassword, setNewPassword] = useState("");
  const [problem, setProblem] = useState<AppProblem | null>(null);
  const [done, setDone] = useState(false);
  const [state, run] = useMutation(ChangePasswordMutation);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    setDone(false);
    const result = await run({ currentPassword, newPassword });
    if (result.error) {
      setProblem(problemOf(result.error));
      return;
    }
    if (result.data) writeToken(result.data.changePassword.token);
    setCurrentPassword("");
    setNewPassword("");
    setDone(true);
  }

  const field = fieldOf(problem);
  return (
    <form onSubmit={submit} aria-label="Change password">
      {done ? <Alert tone="success">Password changed. Your other devices have been signed out.</Alert> : null}
      {problem && field !== "currentPassword" && field !== "newPassword" ? <Alert>{problem.message}</Alert> : null}
      <TextField
        label="Current password"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        required
        value={currentPassword}
        onChange={(e) => setCurrentPassword(e.target.value)}
        error={field === "currentPassword" ? problem?.message : null}
      />
      <TextField
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        required
        minLength={8}
        hint="At least 8 characters, and not one of the most common passwords."
        value={newPassword}
        onChange={(e) => setNewPassword(e.target.value)}
        error={field === "newPassword" ? problem?.message : null}
      />
      <Button type="submit" busy={state.fetching} disabled={state.fetching}>
        Change password
      </Button>
    </form>
  );
}
