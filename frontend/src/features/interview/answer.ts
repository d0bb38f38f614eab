/** How a recorded answer reaches the server: live chunks then finishAnswer, or one whole upload. */
import type { AppProblem } from "../../lib/errors";
import type { RecorderState } from "../audio/recorder";

/** The chunks sent live while one answer was recorded. */
export interface LiveRecording {
  sequenceNumber: number;
  /** One promise per chunk: whether the server took it. */
  sent: Promise<boolean>[];
  /** A chunk was refused or lost: the answer goes up whole with submitAnswer. */
  failed: boolean;
}

/**
 * Whether finishAnswer's failure is about the assembled chunks rather than the answer itself, so the
 * whole recording should be sent instead. "No speech" or a provider outage would be the same either way.
 */
export function shouldSendWhole(problem: AppProblem): boolean {
  if (problem.code === "BAD_USER_INPUT") return problem.extensions.missingChunk !== undefined || /no audio was recorded/i.test(problem.detail ?? "");
  return ["CONFLICT", "INVALID_AUDIO", "INTERNAL", "NETWORK", "PAYLOAD_TOO_LARGE", "GRAPHQL_VALIDATION_FAILED"].includes(problem.code);
}

/** A file name whose extension matches the recorder's container, so the server can tell the format. */
export function audioFileName(stem: string, mimeType: string): string {
  return `${stem}.${extensionFor(mimeType)}`;
}

function extensionFor(mime: string): string {
  if (mime.includes("ogg")) return "ogg";
  if (mime.includes("mp4")) return "m4a";
  if (mime.includes("wav")) return "wav";
  return "webm";
}

/**
 * What went wrong with the answer to the current question: the recorder's own failure (upload,
 * microphone), else a TurnFailed the server reported for this question after taking the answer.
 */
export function answerFailure(
  recorder: RecorderState,
  turnFailure: { sequenceNumber: number; problem: AppProblem } | null,
  sequenceNumber: number | null,
): AppProblem | null {
  if (recorder.kind === "failed") return recorder.problem;
  return turnFailure && turnFailure.sequenceNumber === sequenceNumber ? turnFailure.problem : null;
}
