/**
 * The answer recorder as a state machine, free of browser APIs so it can be tested:
 *
 *   idle --start--> recording --pause--> paused --resume--> recording
 *   recording|paused --finish--> stopping --stopped(blob)--> recorded --upload--> uploading
 *   uploading --uploaded--> idle          (the next question comes in)
 *   uploading --failed(problem)--> failed --retry--> uploading   (same recording, e.g. provider down)
 *   failed|recorded --discard--> idle     (record the same question again)
 *   any --error(problem)--> failed        (microphone lost, recorder error)
 *
 * Events that make no sense in a state are ignored, so a double click on "Done" or a space bar held
 * down never produces two uploads.
 */
import type { AppProblem } from "../../lib/errors";

export type RecorderState =
  | { kind: "idle" }
  | { kind: "recording"; startedAt: number; elapsedBeforeMs: number }
  | { kind: "paused"; elapsedMs: number }
  | { kind: "stopping"; elapsedMs: number }
  | { kind: "recorded"; blob: Blob; durationMs: number }
  | { kind: "uploading"; blob: Blob; durationMs: number }
  | { kind: "failed"; problem: AppProblem; blob: Blob | null; durationMs: number };

export type RecorderEvent =
  | { type: "start"; at: number }
  | { type: "pause"; at: number }
  | { type: "resume"; at: number }
  | { type: "finish"; at: number }
  | { type: "stopped"; blob: Blob }
  | { type: "upload" }
  | { type: "uploaded" }
  | { type: "failed"; problem: AppProblem }
  | { type: "retry" }
  | { type: "discard" }
  | { type: "error"; problem: AppProblem };

export const idle: RecorderState = { kind: "idle" };

/** Milliseconds recorded so far, pauses excluded. */
export function elapsedMs(state: RecorderState, now: number): number {
  switch (state.kind) {
    case "recording":
      return state.elapsedBeforeMs + Math.max(0, now - state.startedAt);
    case "paused":
    case "stopping":
      return state.elapsedMs;
    case "recorded":
    case "uploading":
    case "failed":
      return state.durationMs;
    case "idle":
      return 0;
  }
}

export function recorderReducer(state: RecorderState, event: RecorderEvent): RecorderState {
  switch (event.type) {
    case "start":
      return state.kind === "idle" ? { kind: "recording", startedAt: event.at, elapsedBeforeMs: 0 } : state;
    case "pause":
      return state.kind === "recording" ? { kind: "paused", elapsedMs: elapsedMs(state, event.at) } : state;
    case "resume":
      return state.kind === "paused" ? { kind: "recording", startedAt: event.at, elapsedBeforeMs: state.elapsedMs } : state;
    case "finish":
      return state.kind === "recording" || state.kind === "paused" ? { kind: "stopping", elapsedMs: elapsedMs(state, event.at) } : state;
    case "stopped":
      return state.kind === "stopping" ? { kind: "recorded", blob: event.blob, durationMs: state.elapsedMs } : state;
    case "upload":
      return state.kind === "recorded" ? { kind: "uploading", blob: state.blob, durationMs: state.durationMs } : state;
    case "uploaded":
      return state.kind === "uploading" ? idle : state;
    case "failed":
      return state.kind === "uploading"
        ? { kind: "failed", problem: event.problem, blob: state.blob, durationMs: state.durationMs }
        : state;
    case "retry":
      return state.kind === "failed" && state.blob ? { kind: "uploading", blob: state.blob, durationMs: state.durationMs } : state;
    case "discard":
      return state.kind === "failed" || state.kind === "recorded" ? idle : state;
    case "error":
      return { kind: "failed", problem: event.problem, blob: null, durationMs: elapsedMs(state, Date.now()) };
  }
}

/** Whether the "Done" button (and space bar) should end the answer now. */
export function canFinish(state: RecorderState): boolean {
  return state.kind === "recording" || state.kind === "paused";
}

/** The best container the browser can record: opus in webm first, as the server decodes it fastest. */
export const PREFERRED_MIME_TYPES = ["audio/webm;codecs=opus", "audio/webm", "audio/ogg;codecs=opus", "audio/mp4"];

export function pickMimeType(isSupported: (type: string) => boolean): string | undefined {
  return PREFERRED_MIME_TYPES.find((type) => isSupported(type));
}

/** "1:05" */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${minutes}:${seconds.toString().padStart(2, "0")}`;
}
