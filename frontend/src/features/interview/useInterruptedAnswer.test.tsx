// @vitest-environment happy-dom
import { act, renderHook, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { Provider } from "urql";
import { beforeEach, describe, expect, it } from "vitest";
import type { RecorderState } from "../audio/recorder";
import { fakeServer, type FakeServer } from "../../test/fakeServer";
import { answerResult } from "../../test/interview";
import type { InterviewAction } from "./state";
import { useInterruptedAnswer } from "./useInterruptedAnswer";

const recording: RecorderState = { kind: "recording", startedAt: 0, elapsedBeforeMs: 0 };
const idle: RecorderState = { kind: "idle" };

function setup(fake: FakeServer, recorder: RecorderState, sequenceNumber = 2) {
  const actions: InterviewAction[] = [];
  const retaken: number[] = [];
  const wrapper = ({ children }: { children: ReactNode }) => <Provider value={fake.client}>{children}</Provider>;
  const hook = renderHook(
    ({ r }: { r: RecorderState }) =>
      useInterruptedAnswer({ sessionId: "s1", sequenceNumber, recorder: r, dispatch: (a) => actions.push(a), onRecordAgain: (n) => retaken.push(n) }),
    { wrapper, initialProps: { r: recorder } },
  );
  return { ...hook, actions, retaken };
}

function leave(): boolean {
  const event = new Event("beforeunload", { cancelable: true });
  window.dispatchEvent(event);
  return event.defaultPrevented;
}

describe("a reload mid-answer", () => {
  beforeEach(() => sessionStorage.clear());

  it("warns before leaving only while an answer is being recorded", () => {
    const page = setup(fakeServer(), recording);
    expect(leave()).toBe(true);
    page.rerender({ r: idle });
    expect(leave()).toBe(false);
  });

  it("after the reload, finishes the answer from the chunks the server kept", async () => {
    const fake = fakeServer((op) => (op.operationName === "FinishAnswer" ? { data: { finishAnswer: answerResult(2) } } : { data: null }));
    setup(fake, recording).unmount(); // the page goes away mid-answer
    const reloaded = setup(fake, idle);
    expect(reloaded.result.current.sequenceNumber).toBe(2);
    act(() => reloaded.result.current.keep());
    await waitFor(() => expect(reloaded.actions.some((a) => a.type === "answered")).toBe(true));
    expect(fake.sent.find((op) => op.operationName === "FinishAnswer")?.variables).toEqual({ sessionId: "s1", sequenceNumber: 2 });
    expect(reloaded.result.current.sequenceNumber).toBeNull();
  });

  it("or records again, sent whole", () => {
    setup(fakeServer(), recording).unmount();
    const reloaded = setup(fakeServer(), idle);
    act(() => reloaded.result.current.recordAgain());
    expect(reloaded.retaken).toEqual([2]);
    // The lost take's figures, loaded from the server after the reload, go with it.
    expect(reloaded.actions.map((a) => a.type)).toEqual(["takeDropped"]);
    expect(reloaded.result.current.sequenceNumber).toBeNull();
  });

  it("says nothing once that question has its answer", () => {
    setup(fakeServer(), recording).unmount();
    expect(setup(fakeServer(), idle, 3).result.current.sequenceNumber).toBeNull();
  });
});
