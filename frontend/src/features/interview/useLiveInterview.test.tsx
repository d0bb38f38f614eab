// @vitest-environment happy-dom
import { act, renderHook, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { Provider } from "urql";
import { describe, expect, it } from "vitest";
import { fakeServer, type FakeServer } from "../../test/fakeServer";
import { at, liveMetrics, session } from "../../test/interview";
import type { InterviewEvent } from "./state";
import { useLiveInterview } from "./useLiveInterview";

function wrapper(server: FakeServer) {
  return ({ children }: { children: ReactNode }) => <Provider value={server.client}>{children}</Provider>;
}

const lost = { errors: [{ message: "Events may have been lost; subscribe again.", extensions: { code: "INTERNAL", resubscribe: true } }] };

function statusEvent(status: "PAUSED" | "ACTIVE"): InterviewEvent {
  return { __typename: "SessionStatusChanged", sessionId: "s1", at, status };
}

describe("useLiveInterview", () => {
  it("loads the session, then keeps it current with events", async () => {
    const server = fakeServer(({ operationName }) =>
      operationName === "InterviewSession" ? { data: { session: { __typename: "InterviewSession", ...session([]), liveMetrics: liveMetrics() } } } : { data: null },
    );
    const { result } = renderHook(() => useLiveInterview("s1"), { wrapper: wrapper(server) });
    expect(result.current.loading).toBe(true);
    await waitFor(() => expect(result.current.state.session?.jobTitle).toBe("Backend engineer"));
    expect(result.current.loading).toBe(false);
    await waitFor(() => expect(server.subscriptions().open).toBe(1));
    act(() => server.publish({ data: { interviewEvents: statusEvent("PAUSED") } }));
    expect(result.current.state.session?.status).toBe("PAUSED");
  });

  it("reads the session again after lost events", async () => {
    const server = fakeServer(({ operationName }) => (operationName === "InterviewSession" ? { data: { session: session([]) } } : { data: null }));
    const { result } = renderHook(() => useLiveInterview("s1"), { wrapper: wrapper(server) });
    await waitFor(() => expect(result.current.state.session).not.toBeNull());
    await waitFor(() => expect(server.subscriptions().open).toBe(1));
    act(() => server.publish(lost));
    await waitFor(() => expect(server.sent.filter((o) => o.operationName === "InterviewSession")).toHaveLength(2));
  });

  it("says why the session could not be read", async () => {
    const server = fakeServer(() => ({ data: null, errors: [{ message: "No such interview", extensions: { code: "NOT_FOUND" } }] }));
    const { result } = renderHook(() => useLiveInterview("s1"), { wrapper: wrapper(server) });
    await waitFor(() => expect(result.current.loading).toBe(false));
    expect(result.current.problem?.code).toBe("NOT_FOUND");
    expect(result.current.state.session).toBeNull();
  });
});
