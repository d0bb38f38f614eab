/**
 * Loudness of a block of microphone samples, on the same scale as the server's volumeLevel:
 * RMS in dBFS, mapped linearly from -60 dBFS (0) to 0 dBFS (1). Using one scale means the meter the
 * candidate watches while answering agrees with the volume figure in their feedback.
 */
export const FLOOR_DB = -60;

/** RMS of float samples in -1..1 (AnalyserNode.getFloatTimeDomainData). */
export function rms(samples: ArrayLike<number>): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i] ?? 0;
    sum += s * s;
  }
  return Math.sqrt(sum / samples.length);
}

/** RMS of byte samples centred on 128 (AnalyserNode.getByteTimeDomainData), as -1..1. */
export function rmsOfBytes(samples: ArrayLike<number>): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) {
    const s = ((samples[i] ?? 128) - 128) / 128;
    sum += s * s;
  }
  return Math.sqrt(sum / samples.length);
}

export function toDbfs(rmsValue: number): number {
  if (rmsValue <= 0) return -Infinity;
  return 20 * Math.log10(rmsValue);
}

/** 0..1 level from an RMS value. */
export function levelFromRms(rmsValue: number): number {
  const db = toDbfs(rmsValue);
  if (!Number.isFinite(db)) return 0;
  return Math.min(1, Math.max(0, (db - FLOOR_DB) / -FLOOR_DB));
}

/** 0..1 level of one analyser frame. */
export function levelOf(samples: ArrayLike<number>): number {
  return levelFromRms(rms(samples));
}

/**
 * Smooths a meter the way VU meters do: rise quickly, fall slowly, so the bar doesn't flicker
 * between syllables.
 */
export function smoothLevel(previous: number, next: number, attack = 0.6, release = 0.15): number {
  const k = next > previous ? attack : release;
  return previous + (next - previous) * k;
}

/**
 * Level below which a frame counts as silence. -45 dBFS is well above a quiet room's noise floor on a
 * laptop microphone and well below normal speech (-30..-15 dBFS).
 */
export const SILENCE_LEVEL = levelFromRms(10 ** (-45 / 20));

/**
 * Tracks how long the candidate has been silent after they started speaking. Silence before the first
 * word is thinking time and never counts, so a candidate who pauses to think is never cut off.
 */
export interface SilenceState {
  heardSpeech: boolean;
  silentSinceMs: number | null;
}

export const initialSilence: SilenceState = { heardSpeech: false, silentSinceMs: null };

export function trackSilence(state: SilenceState, level: number, nowMs: number, threshold = SILENCE_LEVEL): SilenceState {
  if (level >= threshold) return { heardSpeech: true, silentSinceMs: null };
  if (!state.heardSpeech) return state;
  return { heardSpeech: true, silentSinceMs: state.silentSinceMs ?? nowMs };
}

/** Milliseconds of silence since the last speech, 0 while speaking or before any speech. */
export function silenceMs(state: SilenceState, nowMs: number): number {
  return state.silentSinceMs === null ? 0 : Math.max(0, nowMs - state.silentSinceMs);
}
