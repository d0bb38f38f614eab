// @vitest-environment happy-dom
import { act, renderHook, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { Provider } from "urql";
import { describe, expect, it, vi } from "vitest";
import { fakeServer, type FakeServer, type GraphQLReply, type SentOperation } from "../../test/fakeServer";
import { question } from "../../test/interview";
import type { InterviewAction } from "./state";
import { useInterviewControls, type ControlsOptions } from "./useInterviewControls";

function wrapper(server: FakeServer) {
  return ({ children }: { children: ReactNode }) => <Provider value={server.client}>{children}</Provider>;
}

const down: GraphQLReply = { data: null, errors: [{ message: "Try again in a moment", extensions: { code: "PROVIDER_UNAVAILABLE" } }] };

function controls(answer: (op: SentOperation) => GraphQLReply, options: Partial<ControlsOptions> = {}) {
  const server = fakeServer(answer);
  const actions: InterviewAction[] = [];
  const calls = { pauseRecording: vi.fn(), resumeRecording: vi.fn(), stopSpeech: vi.fn(), refetch: vi.fn(), onEnded: vi.fn() };
  const hook = renderHook(() => useInterviewControls({ sessionId: "s1", dispatch: (a) => actions.push(a), sequenceNumber: 2, ...calls, ...options }), {
    wrapper: wrapper(server),
  });
  return { hook, server, actions, calls };
}

describe("useInterviewControls", () => {
  it("pauses the recorder with the interview, and resumes it once the server agrees", async () => {
    const { hook, actions, calls } = controls(({ operationName }) =>
      operationName === "PauseInterview" ? { data: { pauseInterview: { id: "s1", status: "PAUSED" } } } : { data: { resumeInterview: { id: "s1", status: "ACTIVE" } } },
    );
    act(() => hook.result.current.pause());
    expect(calls.pauseRecording).toHaveBeenCalled();
    await waitFor(() => expect(actions).toEqual([{ type: "status", status: "PAUSED" }]));
    act(() => hook.result.current.resume());
    await waitFor(() => expect(calls.resumeRecording).toHaveBeenCalled());
    expect(actions.at(-1)).toEqual({ type: "status", status: "ACTIVE" });
  });

  it("marks the skipped question, takes the next one and re-reads the session", async () => {
    const { hook, actions, calls } = controls(() => ({ data: { skipQuestion: { question: question(3), audio: null } } }));
    act(() => hook.result.current.skip());
    await waitFor(() => expect(calls.refetch).toHaveBeenCalled());
    expect(actions).toEqual([
      { type: "skipped", sequenceNumber: 2 },
      { type: "turn", turn: { question: question(3), audio: null } },
    ]);
  });

  it("goes to the report once the interview is ended", async () => {
    const { hook, calls, server } = controls(() => ({ data: { endInterview: { id: "s1", overallScore: 7 } } }));
    act(() => hook.result.current.end());
    expect(calls.stopSpeech).toHaveBeenCalled();
    await waitFor(() => expect(calls.onEnded).toHaveBeenCalled());
    expect(server.sent[0]?.operationName).toBe("EndInterview");
  });

  it("offers to end again when that can help, until dismissed", async () => {
    let failing = true;
    const { hook, calls } = controls(() => (failing ? down : { data: { endInterview: { id: "s1", overallScore: 7 } } }));
    act(() => hook.result.current.end());
    await waitFor(() => expect(hook.result.current.problem?.code).toBe("PROVIDER_UNAVAILABLE"));
    expect(hook.result.current.retry).not.toBeNull();
    failing = false;
    act(() => hook.result.current.retry!());
    await waitFor(() => expect(calls.onEnded).toHaveBeenCalled());
    expect(hook.result.current.problem).toBeNull();
  });

  it("shows why a pause failed, without a retry", async () => {
    const { hook, actions } = controls(() => ({ data: null, errors: [{ message: "Already over", extensions: { code: "CONFLICT" } }] }));
    act(() => hook.result.current.pause());
    await waitFor(() => expect(hook.result.current.problem?.code).toBe("CONFLICT"));
    expect(hook.result.current.retry).toBeNull();
    expect(actions).toEqual([]);
    act(() => hook.result.current.dismiss());
    expect(hook.result.current.problem).toBeNull();
  });
});
