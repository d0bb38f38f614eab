import { describe, expect, it } from "vitest";
import { allClips, freshProgress, planSpeech, startFallback } from "./speech";
import type { Speech, SpeechAudio } from "./state";

const clip = (name: string): SpeechAudio => ({ mimeType: "audio/ogg", base64: name, durationMs: 100 });

function speech(chunks: [number, string | null, boolean?][], fallback: SpeechAudio | null = null): Speech {
  return {
    questionId: "q2",
    fallbackAudio: fallback,
    chunks: Object.fromEntries(chunks.map(([i, audio, final]) => [i, { chunkIndex: i, textDelta: `${i}`, audio: audio ? clip(audio) : null, final: !!final }])),
  };
}

describe("planning the interviewer's voice", () => {
  it("queues streamed chunks in order, each once", () => {
    const first = planSpeech(speech([[0, "a"]]), freshProgress);
    expect(first.clips.map((c) => c.base64)).toEqual(["a"]);
    const second = planSpeech(speech([[0, "a"], [2, "c", true]]), first.progress);
    expect(second.clips).toEqual([]);
    const third = planSpeech(speech([[0, "a"], [1, "b"], [2, "c", true]]), second.progress);
    expect(third.clips.map((c) => c.base64)).toEqual(["b", "c"]);
    expect(planSpeech(speech([[0, "a"], [1, "b"], [2, "c", true]]), third.progress).clips).toEqual([]);
  });

  it("skips text-only chunks without holding up the ones after them", () => {
    const plan = planSpeech(speech([[0, null], [1, "b", true]]), freshProgress);
    expect(plan.clips.map((c) => c.base64)).toEqual(["b"]);
  });

  it("offers the mutation's clip only while nothing streamed", () => {
    const waiting = planSpeech(speech([], clip("whole")), freshProgress);
    expect(waiting.fallbackCandidate?.base64).toBe("whole");
    const played = startFallback(waiting.progress, waiting.fallbackCandidate!);
    expect(played.clips.map((c) => c.base64)).toEqual(["whole"]);
    // Chunks arriving after the fallback started must not play on top of it.
    expect(planSpeech(speech([[0, "a", true]], clip("whole")), played.progress).clips).toEqual([]);
  });

  it("drops the fallback once streamed audio has started", () => {
    const streaming = planSpeech(speech([[0, "a"]], clip("whole")), freshProgress);
    expect(streaming.fallbackCandidate).toBeNull();
    expect(startFallback(streaming.progress, clip("whole")).clips).toEqual([]);
  });

  it("plays nothing more by itself once the candidate starts answering", () => {
    const waiting = planSpeech(speech([], clip("whole")), freshProgress);
    const stopped = { ...waiting.progress, mode: "stopped" as const };
    expect(startFallback(stopped, clip("whole")).clips).toEqual([]);
    expect(planSpeech(speech([[0, "a", true]], clip("whole")), stopped).clips).toEqual([]);
  });

  it("replays the streamed clips, or else the whole clip", () => {
    expect(allClips(speech([[0, "a"], [1, null], [2, "c", true]], clip("whole"))).map((c) => c.base64)).toEqual(["a", "c"]);
    expect(allClips(speech([], clip("whole"))).map((c) => c.base64)).toEqual(["whole"]);
    expect(allClips(undefined)).toEqual([]);
  });
});
