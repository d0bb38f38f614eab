// @vitest-environment happy-dom
import { act, renderHook, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { Provider } from "urql";
import { describe, expect, it } from "vitest";
import { fakeServer, type FakeServer } from "../../test/fakeServer";
import { speech } from "../../test/interview";
import type { InterviewEvent } from "./state";
import { useInterviewEvents } from "./useInterviewEvents";

function wrapper(server: FakeServer) {
  return ({ children }: { children: ReactNode }) => <Provider value={server.client}>{children}</Provider>;
}

const lost = { errors: [{ message: "Events may have been lost; subscribe again.", extensions: { code: "INTERNAL", resubscribe: true } }] };

describe("useInterviewEvents", () => {
  it("hands every event to the page once, in order", async () => {
    const server = fakeServer();
    const seen: InterviewEvent[] = [];
    renderHook(() => useInterviewEvents("s1", (e) => seen.push(e), () => undefined), { wrapper: wrapper(server) });
    await waitFor(() => expect(server.subscriptions().open).toBe(1));
    expect(server.sent[0]).toMatchObject({ operationName: "InterviewEvents", variables: { sessionId: "s1" } });
    act(() => {
      server.publish({ data: { interviewEvents: speech("q1", 0) } });
      server.publish({ data: { interviewEvents: speech("q1", 1, true) } });
    });
    expect(seen.map((e) => (e.__typename === "InterviewerSpeech" ? e.chunkIndex : -1))).toEqual([0, 1]);
  });

  it("subscribes again and re-reads the session when the server says events were lost", async () => {
    const server = fakeServer();
    let missed = 0;
    renderHook(() => useInterviewEvents("s1", () => undefined, () => (missed += 1)), { wrapper: wrapper(server) });
    await waitFor(() => expect(server.subscriptions().open).toBe(1));
    act(() => server.publish(lost));
    await waitFor(() => expect(server.subscriptions()).toEqual({ open: 1, opened: 2 }));
    expect(missed).toBe(1);
  });

  it("does not re-read on an ordinary error, and stops listening when the page goes", async () => {
    const server = fakeServer();
    let missed = 0;
    const { unmount } = renderHook(() => useInterviewEvents("s1", () => undefined, () => (missed += 1)), { wrapper: wrapper(server) });
    await waitFor(() => expect(server.subscriptions().open).toBe(1));
    act(() => server.publish({ errors: [{ message: "Not yours", extensions: { code: "FORBIDDEN" } }] }));
    expect(missed).toBe(0);
    unmount();
    expect(server.subscriptions().open).toBe(0);
  });
});
