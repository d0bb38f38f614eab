/** "Sign out" (this device) and "Sign out everywhere" (every device): the server revokes the tokens. */
import { useState } from "react";
import { useNavigate } from "react-router";
import { useMutation } from "urql";
import { Alert, Button } from "../../components/ui";
import { problemOf, type AppProblem } from "../../lib/errors";
import { writeToken } from "../../lib/session-token";
import { SignOutMutation } from "./operations";

/** Revokes the token on the server (this device's, or every login token), then forgets it here. */
export function useSignOut(everywhere: boolean) {
  const [state, run] = useMutation(SignOutMutation);
  const [problem, setProblem] = useState<AppProblem | null>(null);
  const navigate = useNavigate();
  async function signOut() {
    setProblem(null);
    const result = await run({ everywhere });
    // A token the server already refuses is as good as signed out on this device.
    if (result.error && problemOf(result.error).code !== "UNAUTHENTICATED") {
      setProblem(problemOf(result.error));
      return;
    }
    writeToken(null);
    navigate("/signin");
  }
  return { busy: state.fetching, problem, signOut };
}

export function SignOutButton() {
  const { busy, problem, signOut } = useSignOut(false);
  return (
    <div>
      {problem ? <Alert>{problem.message}</Alert> : null}
      <Button variant="secondary" busy={busy} disabled={busy} onClick={() => void signOut()}>
        Sign out
      </Button>
    </div>
  );
}

export function SignOutEverywhereButton() {
  const { busy, problem, signOut } = useSignOut(true);
  return (
    <div>
      {problem ? <Alert>{problem.message}</Alert> : null}
      <p>Signs you out on every device and browser, this one included. API tokens stay valid.</p>
      <Button variant="danger" busy={busy} disabled={busy} onClick={() => void signOut()}>
        Sign out everywhere
      </Button>
    </div>
  );
}
