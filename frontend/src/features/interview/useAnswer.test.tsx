// @vitest-environment happy-dom
import { act, renderHook, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { Provider } from "urql";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeMediaRecorder, FakeMediaStream } from "../../test/browser";
import { fakeServer, type FakeServer, type GraphQLReply, type SentOperation } from "../../test/fakeServer";
import { answerResult, liveMetrics } from "../../test/interview";
import type { InterviewAction } from "./state";
import { useAnswer, type AnswerOptions } from "./useAnswer";

beforeEach(() => {
  vi.stubGlobal("MediaRecorder", FakeMediaRecorder);
  vi.stubGlobal("MediaStream", FakeMediaStream);
});
afterEach(() => vi.unstubAllGlobals());

function refused(code: string, message: string, extensions: Record<string, unknown> = {}): GraphQLReply {
  return { data: null, errors: [{ message, extensions: { code, ...extensions } }] };
}

/** The server: takes chunks and answers, or refuses what `refuse` names. */
function server(refuse: Partial<Record<string, (op: SentOperation) => GraphQLReply | null>> = {}): FakeServer {
  return fakeServer((op) => {
    const refusal = refuse[op.operationName]?.(op);
    if (refusal) return refusal;
    const n = op.variables.sequenceNumber as number;
    switch (op.operationName) {
      case "AppendAnswerAudio":
        return { data: { appendAnswerAudio: liveMetrics() } };
      case "FinishAnswer":
        return { data: { finishAnswer: answerResult(n) } };
      case "SubmitAnswer":
        return { data: { submitAnswer: answerResult(n) } };
      default:
        return { data: null };
    }
  });
}

function setup(fake: FakeServer, options: Partial<AnswerOptions> = {}) {
  const actions: InterviewAction[] = [];
  const wrapper = ({ children }: { children: ReactNode }) => <Provider value={fake.client}>{children}</Provider>;
  const hook = renderHook(
    (props: Partial<AnswerOptions>) =>
      useAnswer({
        sessionId: "s1",
        sequenceNumber: 1,
        open: true,
        stream: new FakeMediaStream() as unknown as MediaStream,
        dispatch: (action) => actions.push(action),
        chunkClient: fake.client,
        ...options,
        ...props,
      }),
    { wrapper, initialProps: {} },
  );
  return { ...hook, actions };
}

/** Records an answer of `chunks` timeslices and presses Done. */
async function answer(hook: ReturnType<typeof setup>, chunks: string[]) {
  act(() => hook.result.current.start());
  expect(hook.result.current.recorder.state.kind).toBe("recording");
  act(() => chunks.forEach((c) => FakeMediaRecorder.last!.emit(c)));
  act(() => hook.result.current.finish());
}

const names = (fake: FakeServer) => fake.sent.map((o) => o.operationName);

describe("useAnswer", () => {
  it("sends each chunk as it is recorded, then only says finishAnswer", async () => {
    const fake = server();
    const hook = setup(fake);
    await answer(hook, ["a", "b"]);
    await waitFor(() => expect(hook.result.current.recorder.state.kind).toBe("idle"));
    expect(names(fake)).toEqual(["AppendAnswerAudio", "AppendAnswerAudio", "FinishAnswer"]);
    expect(fake.sent[1]).toMatchObject({ variables: { sessionId: "s1", sequenceNumber: 1, chunkIndex: 1 }, files: ["live-1-1.webm"] });
    expect(hook.actions.map((a) => a.type)).toEqual(["clearFailure", "liveMetrics", "liveMetrics", "answered"]);
  });

  it("uploads the whole recording when a chunk was refused", async () => {
    const fake = server({ AppendAnswerAudio: (op) => (op.variables.chunkIndex === 1 ? refused("INVALID_AUDIO", "Unreadable") : null) });
    const hook = setup(fake);
    await answer(hook, ["a", "b", "c"]);
    await waitFor(() => expect(hook.result.current.recorder.state.kind).toBe("idle"));
    expect(names(fake)).not.toContain("FinishAnswer");
    expect(fake.sent.at(-1)).toMatchObject({ operationName: "SubmitAnswer", files: ["answer-1.webm"] });
    expect(hook.actions.at(-1)?.type).toBe("answered");
  });

  it("falls back to the whole recording when the server misses a chunk", async () => {
    const fake = server({ FinishAnswer: () => refused("BAD_USER_INPUT", "Chunk 1 never arrived", { missingChunk: 1 }) });
    const hook = setup(fake);
    await answer(hook, ["a", "b"]);
    await waitFor(() => expect(hook.result.current.recorder.state.kind).toBe("idle"));
    expect(names(fake).slice(-2)).toEqual(["FinishAnswer", "SubmitAnswer"]);
  });

  it("reports a failure the whole recording would have too, and sends the same answer again on retry", async () => {
    let down = true;
    const fake = server({ FinishAnswer: () => (down ? refused("PROVIDER_UNAVAILABLE", "Transcription is down") : null) });
    const hook = setup(fake);
    await answer(hook, ["a"]);
    await waitFor(() => expect(hook.result.current.recorder.state.kind).toBe("failed"));
    expect(names(fake)).not.toContain("SubmitAnswer");
    const state = hook.result.current.recorder.state;
    expect(state.kind === "failed" && state.problem.code).toBe("PROVIDER_UNAVAILABLE");
    down = false;
    act(() => hook.result.current.retry());
    await waitFor(() => expect(hook.result.current.recorder.state.kind).toBe("idle"));
    expect(names(fake).filter((n) => n === "FinishAnswer")).toHaveLength(2);
  });

  it("uploads a second take of the same question whole, since the server kept the first take's chunks", async () => {
    const fake = server({ FinishAnswer: () => refused("BAD_USER_INPUT", "no speech detected in the recording") });
    const hook = setup(fake);
    await answer(hook, ["a"]);
    await waitFor(() => expect(hook.result.current.recorder.state.kind).toBe("failed"));
    act(() => hook.result.current.discard());
    expect(hook.actions.slice(-2).map((a) => a.type)).toEqual(["clearFailure", "takeDropped"]);
    fake.sent.length = 0;
    await answer(hook, ["again"]);
    await waitFor(() => expect(hook.result.current.recorder.state.kind).toBe("idle"));
    expect(names(fake)).toEqual(["SubmitAnswer"]);
  });

  it("asks for the session again on a conflict", async () => {
    const onConflict = vi.fn();
    const fake = server({ SubmitAnswer: () => refused("CONFLICT", "Question 1 was already answered") });
    const hook = setup(fake, { onConflict });
    await answer(hook, []);
    await waitFor(() => expect(hook.result.current.recorder.state.kind).toBe("failed"));
    expect(onConflict).toHaveBeenCalledTimes(1);
  });

  it("starts only when a question waits, the interview is open and the microphone is there", () => {
    const onStart = vi.fn();
    const hook = setup(server(), { onStart, sequenceNumber: null });
    act(() => hook.result.current.start());
    hook.rerender({ sequenceNumber: 1, open: false });
    act(() => hook.result.current.start());
    hook.rerender({ sequenceNumber: 1, open: true, stream: null });
    act(() => hook.result.current.start());
    expect(hook.result.current.recorder.state.kind).toBe("idle");
    expect(onStart).not.toHaveBeenCalled();
    hook.rerender({ sequenceNumber: 1, open: true });
    act(() => hook.result.current.start());
    expect(onStart).toHaveBeenCalledTimes(1);
    expect(hook.result.current.recorder.state.kind).toBe("recording");
  });
});
