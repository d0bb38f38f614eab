// @vitest-environment happy-dom
import { act, renderHook, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { Provider } from "urql";
import { describe, expect, it } from "vitest";
import { fakeServer, type FakeServer, type GraphQLReply, type SentOperation } from "../../test/fakeServer";
import { question, session } from "../../test/interview";
import { initialInterviewState, interviewReducer, type InterviewAction, type InterviewState } from "./state";
import { useFirstQuestion } from "./useFirstQuestion";

function wrapper(server: FakeServer) {
  return ({ children }: { children: ReactNode }) => <Provider value={server.client}>{children}</Provider>;
}

const down: GraphQLReply = { data: null, errors: [{ message: "Try again in a moment", extensions: { code: "PROVIDER_UNAVAILABLE" } }] };

describe("useFirstQuestion", () => {
  function first(state: InterviewState, answer: (op: SentOperation) => GraphQLReply) {
    const server = fakeServer(answer);
    const actions: InterviewAction[] = [];
    const hook = renderHook(() => useFirstQuestion("s1", state, (a) => actions.push(a)), { wrapper: wrapper(server) });
    return { hook, server, actions };
  }
  const loaded = (questions = [question(1)]) => interviewReducer(initialInterviewState, { type: "sessionLoaded", session: session(questions) });

  it("asks for question 1 once the session is active", async () => {
    const { server, actions } = first(loaded([]), () => ({ data: { initialQuestion: { question: question(1), audio: null } } }));
    await waitFor(() => expect(actions).toHaveLength(1));
    expect(actions[0]).toEqual({ type: "turn", turn: { question: question(1), audio: null } });
    expect(server.sent.map((o) => o.operationName)).toEqual(["InitialQuestion"]);
  });

  it("does not ask once the interview is past question 1", async () => {
    const { server } = first(loaded([question(1, "2026-11-25T10:01:00+00:00"), question(2)]), () => ({ data: null }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.sent).toEqual([]);
  });

  it("says why question 1 is not there, and asks again on request", async () => {
    let failing = true;
    const { hook, actions } = first(loaded([]), () => (failing ? down : { data: { initialQuestion: { question: question(1), audio: null } } }));
    await waitFor(() => expect(hook.result.current.problem?.code).toBe("PROVIDER_UNAVAILABLE"));
    failing = false;
    act(() => hook.result.current.ask());
    expect(hook.result.current.problem).toBeNull();
    await waitFor(() => expect(actions).toHaveLength(1));
  });
});
