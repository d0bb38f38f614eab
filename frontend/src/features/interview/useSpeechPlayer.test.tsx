// @vitest-environment happy-dom
import { act, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeAudio } from "../../test/browser";
import { clip } from "../../test/interview";
import type { Speech, SpeechAudio } from "./state";
import { useSpeechPlayer } from "./useSpeechPlayer";

const blobs = new Map<string, Blob>();

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  vi.stubGlobal("Audio", FakeAudio);
  FakeAudio.all = [];
  FakeAudio.refuse = false;
  blobs.clear();
  vi.spyOn(URL, "createObjectURL").mockImplementation((blob) => {
    const url = `blob:clip-${blobs.size}`;
    blobs.set(url, blob as Blob);
    return url;
  });
  vi.spyOn(URL, "revokeObjectURL").mockImplementation(() => undefined);
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

/** The clips the interviewer's voice played, by name, in order. */
async function played(): Promise<string[]> {
  const urls = FakeAudio.all.flatMap((a) => a.played);
  return Promise.all(urls.map((url) => blobs.get(url)!.text()));
}

function speech(questionId: string, chunks: (string | null)[], options: { final?: boolean; fallback?: SpeechAudio } = {}): Speech {
  const entries = chunks.map((name, i) => [i, { chunkIndex: i, textDelta: `${name} `, audio: name ? clip(name) : null, final: !!options.final && i === chunks.length - 1 }] as const);
  return { questionId, chunks: Object.fromEntries(entries), fallbackAudio: options.fallback ?? null };
}

const audio = () => FakeAudio.all[0]!;

describe("useSpeechPlayer", () => {
  it("plays streamed chunks in order as they arrive", async () => {
    const { rerender, result } = renderHook(({ s }) => useSpeechPlayer(s, true), { initialProps: { s: speech("q1", ["hello"]) } });
    await act(async () => undefined);
    expect(result.current.playing).toBe(true);
    rerender({ s: speech("q1", ["hello", "there"], { final: true }) });
    expect(await played()).toEqual(["hello"]);
    await act(async () => audio().finish());
    expect(await played()).toEqual(["hello", "there"]);
    await act(async () => audio().finish());
    expect(result.current.playing).toBe(false);
  });

  it("plays the mutation's clip only when no chunk brought audio in time", async () => {
    const { rerender } = renderHook(({ s }) => useSpeechPlayer(s, true), { initialProps: { s: speech("q1", [], { fallback: clip("whole") }) } });
    await act(async () => vi.advanceTimersByTime(800));
    expect(await played()).toEqual(["whole"]);

    rerender({ s: speech("q2", [], { fallback: clip("whole 2") }) });
    rerender({ s: speech("q2", ["streamed"], { fallback: clip("whole 2") }) });
    await act(async () => vi.advanceTimersByTime(800));
    expect(await played()).toEqual(["whole", "streamed"]);
  });

  it("stays quiet once the candidate starts answering", async () => {
    const { rerender, result } = renderHook(({ s }) => useSpeechPlayer(s, true), { initialProps: { s: speech("q1", ["one"]) } });
    await act(async () => result.current.stop());
    rerender({ s: speech("q1", ["one", "two"], { final: true }) });
    await act(async () => audio().finish());
    expect(await played()).toEqual(["one"]);
    expect(result.current.playing).toBe(false);
  });

  it("offers a play button when the browser refuses to autoplay, and replays the whole question", async () => {
    FakeAudio.refuse = true;
    const { result } = renderHook(() => useSpeechPlayer(speech("q1", ["one", "two"], { final: true }), true));
    await act(async () => undefined);
    expect(result.current.blocked).toBe(true);
    expect(result.current.canReplay).toBe(true);
    FakeAudio.refuse = false;
    await act(async () => result.current.replay());
    expect(result.current.blocked).toBe(false);
    await act(async () => audio().finish());
    expect(await played()).toEqual(["one", "two"]);
  });

  it("plays nothing while disabled", async () => {
    renderHook(() => useSpeechPlayer(speech("q1", ["one"]), false));
    await act(async () => vi.advanceTimersByTime(1000));
    expect(await played()).toEqual([]);
  });
});
