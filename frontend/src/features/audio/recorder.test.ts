import { describe, expect, it } from "vitest";
import { canFinish, elapsedMs, formatClock, idle, pickMimeType, recorderReducer, type RecorderEvent, type RecorderState } from "./recorder";
import { problemFrom } from "../../lib/errors";

const blob = new Blob(["x"], { type: "audio/webm" });

function run(events: RecorderEvent[], from: RecorderState = idle): RecorderState {
  return events.reduce(recorderReducer, from);
}

describe("recorder state machine", () => {
  it("goes idle → recording → stopping → recorded → uploading → idle", () => {
    let s = run([{ type: "start", at: 0 }]);
    expect(s.kind).toBe("recording");
    s = recorderReducer(s, { type: "finish", at: 5000 });
    expect(s).toEqual({ kind: "stopping", elapsedMs: 5000 });
    s = recorderReducer(s, { type: "stopped", blob });
    expect(s).toEqual({ kind: "recorded", blob, durationMs: 5000 });
    s = recorderReducer(s, { type: "upload" });
    expect(s.kind).toBe("uploading");
    s = recorderReducer(s, { type: "uploaded" });
    expect(s).toBe(idle);
  });

  it("excludes paused time from the timer", () => {
    const s = run([
      { type: "start", at: 0 },
      { type: "pause", at: 2000 },
      { type: "resume", at: 10_000 },
    ]);
    expect(elapsedMs(s, 11_000)).toBe(3000);
    expect(run([{ type: "finish", at: 12_000 }], s)).toEqual({ kind: "stopping", elapsedMs: 4000 });
  });

  it("ignores a second Done and a start while busy, so one answer is one upload", () => {
    const stopping = run([
      { type: "start", at: 0 },
      { type: "finish", at: 1000 },
    ]);
    expect(recorderReducer(stopping, { type: "finish", at: 2000 })).toBe(stopping);
    expect(recorderReducer(stopping, { type: "start", at: 2000 })).toBe(stopping);
    expect(canFinish(stopping)).toBe(false);
    const uploading = run([{ type: "stopped", blob }, { type: "upload" }], stopping);
    expect(recorderReducer(uploading, { type: "upload" })).toBe(uploading);
  });

  it("keeps the recording when the upload fails so it can be retried", () => {
    const failed = run([
      { type: "start", at: 0 },
      { type: "finish", at: 1000 },
      { type: "stopped", blob },
      { type: "upload" },
      { type: "failed", problem: problemFrom("PROVIDER_UNAVAILABLE") },
    ]);
    expect(failed.kind).toBe("failed");
    const retried = recorderReducer(failed, { type: "retry" });
    expect(retried).toEqual({ kind: "uploading", blob, durationMs: 1000 });
  });

  it("lets the candidate discard a rejected answer and record the same question again", () => {
    const failed = run([
      { type: "start", at: 0 },
      { type: "finish", at: 1000 },
      { type: "stopped", blob },
      { type: "upload" },
      { type: "failed", problem: problemFrom("BAD_USER_INPUT", "No speech detected") },
    ]);
    expect(recorderReducer(failed, { type: "discard" })).toBe(idle);
    expect(run([{ type: "discard" }, { type: "start", at: 5 }], failed).kind).toBe("recording");
  });

  it("cannot retry a failure that has no recording (microphone lost)", () => {
    const s = run([{ type: "start", at: 0 }, { type: "error", problem: problemFrom("INTERNAL") }]);
    expect(s.kind).toBe("failed");
    expect(recorderReducer(s, { type: "retry" })).toBe(s);
  });

  it("prefers opus in webm", () => {
    expect(pickMimeType(() => true)).toBe("audio/webm;codecs=opus");
    expect(pickMimeType((t) => t === "audio/mp4")).toBe("audio/mp4");
    expect(pickMimeType(() => false)).toBeUndefined();
  });

  it("formats the timer", () => {
    expect(formatClock(0)).toBe("0:00");
    expect(formatClock(65_400)).toBe("1:05");
  });
});
