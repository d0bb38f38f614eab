import { describe, expect, it } from "vitest";
import { initialSilence, levelFromRms, levelOf, rms, rmsOfBytes, silenceMs, SILENCE_LEVEL, smoothLevel, toDbfs, trackSilence } from "./level";

function sine(amplitude: number, n = 1024): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = amplitude * Math.sin((2 * Math.PI * i * 8) / n);
  return out;
}

describe("audio level", () => {
  it("is 0 for digital silence and for an empty frame", () => {
    expect(levelOf(new Float32Array(512))).toBe(0);
    expect(levelOf([])).toBe(0);
  });

  it("maps a full-scale square wave to 1 and -60 dBFS to 0", () => {
    expect(levelOf(new Float32Array(256).fill(1))).toBeCloseTo(1, 6);
    expect(levelFromRms(10 ** (-60 / 20))).toBeCloseTo(0, 6);
    expect(levelFromRms(1e-6)).toBe(0);
  });

  it("is linear in dBFS: -30 dBFS is half way", () => {
    expect(levelFromRms(10 ** (-30 / 20))).toBeCloseTo(0.5, 6);
  });

  it("computes the RMS of a sine as amplitude / sqrt 2", () => {
    expect(rms(sine(0.5))).toBeCloseTo(0.5 / Math.SQRT2, 3);
    expect(toDbfs(rms(sine(1)))).toBeCloseTo(-3.01, 1);
  });

  it("reads byte frames centred on 128", () => {
    expect(rmsOfBytes(new Uint8Array(64).fill(128))).toBe(0);
    expect(rmsOfBytes(new Uint8Array(64).fill(0))).toBe(1);
  });

  it("rises fast and falls slowly", () => {
    const up = smoothLevel(0, 1);
    const down = smoothLevel(1, 0);
    expect(up).toBeGreaterThan(0.5);
    expect(down).toBeGreaterThan(0.8);
  });
});

describe("silence tracking", () => {
  it("never counts silence before the first word (thinking time)", () => {
    let s = initialSilence;
    s = trackSilence(s, 0, 0);
    s = trackSilence(s, 0, 10_000);
    expect(silenceMs(s, 20_000)).toBe(0);
  });

  it("counts silence after speech and resets when speech resumes", () => {
    let s = initialSilence;
    s = trackSilence(s, 0.8, 1000);
    s = trackSilence(s, 0.01, 2000);
    s = trackSilence(s, 0.01, 3000);
    expect(silenceMs(s, 5000)).toBe(3000);
    s = trackSilence(s, 0.7, 5100);
    expect(silenceMs(s, 6000)).toBe(0);
  });

  it("treats quiet room noise as silence and speech as sound", () => {
    expect(levelFromRms(10 ** (-55 / 20))).toBeLessThan(SILENCE_LEVEL);
    expect(levelFromRms(10 ** (-25 / 20))).toBeGreaterThan(SILENCE_LEVEL);
  });
});
