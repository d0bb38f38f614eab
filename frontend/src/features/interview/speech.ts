/**
 * What the interviewer's voice should play next for one question, as a pure function of what has
 * arrived and what was already queued. Streamed chunks play in chunkIndex order as soon as the first
 * one with audio is there; the mutation's whole clip plays only when no chunk brought audio. Never both,
 * and never a clip twice.
 */
import { hasStreamedAudio, playableChunks, type Speech, type SpeechAudio } from "./state";

export interface SpeechProgress {
  /** "stopped": the candidate started answering; nothing more plays by itself for this question. */
  mode: "stream" | "fallback" | "stopped" | null;
  /** Playable chunks already handed to the player. */
  enqueued: number;
}

export const freshProgress: SpeechProgress = { mode: null, enqueued: 0 };

export interface SpeechPlan {
  progress: SpeechProgress;
  /** Clips to queue now, in order. */
  clips: SpeechAudio[];
  /** A clip to play if no streamed audio shows up within a short wait. */
  fallbackCandidate: SpeechAudio | null;
}

export function planSpeech(speech: Speech | undefined, progress: SpeechProgress): SpeechPlan {
  if (!speech || progress.mode === "stopped") return { progress, clips: [], fallbackCandidate: null };
  if (progress.mode !== "fallback" && hasStreamedAudio(speech)) {
    const chunks = playableChunks(speech);
    const fresh = chunks.slice(progress.enqueued);
    return {
      progress: { mode: "stream", enqueued: Math.max(progress.enqueued, chunks.length) },
      clips: fresh.flatMap((c) => (c.audio ? [c.audio] : [])),
      fallbackCandidate: null,
    };
  }
  if (progress.mode === null && speech.fallbackAudio) return { progress, clips: [], fallbackCandidate: speech.fallbackAudio };
  return { progress, clips: [], fallbackCandidate: null };
}

/** The wait is over: play the mutation's clip unless streaming started meanwhile. */
export function startFallback(progress: SpeechProgress, clip: SpeechAudio): SpeechPlan {
  if (progress.mode !== null) return { progress, clips: [], fallbackCandidate: null };
  return { progress: { ...progress, mode: "fallback" }, clips: [clip], fallbackCandidate: null };
}

/** Every clip of the question in order, for "hear it again". */
export function allClips(speech: Speech | undefined): SpeechAudio[] {
  if (!speech) return [];
  const streamed = playableChunks(speech).flatMap((c) => (c.audio ? [c.audio] : []));
  if (streamed.length > 0) return streamed;
  return speech.fallbackAudio ? [speech.fallbackAudio] : [];
}
