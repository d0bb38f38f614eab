// @vitest-environment happy-dom
import { act, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeAudioContext, FakeMediaStream } from "../../test/browser";
import { readAutoFinish, useAutoFinish } from "./useAutoFinish";

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "setTimeout", "clearTimeout", "requestAnimationFrame", "cancelAnimationFrame", "performance"] });
  vi.stubGlobal("AudioContext", FakeAudioContext);
  FakeAudioContext.sample = 0;
  localStorage.clear();
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const stream = new FakeMediaStream() as unknown as MediaStream;
const speaking = 0.2;

describe("the auto-finish choice", () => {
  it("defaults to 4 seconds and keeps only the offered choices", () => {
    expect(readAutoFinish({ getItem: () => null })).toBe(4);
    expect(readAutoFinish({ getItem: () => "0" })).toBe(0);
    expect(readAutoFinish({ getItem: () => "10" })).toBe(10);
    expect(readAutoFinish({ getItem: () => "7" })).toBe(4);
    expect(readAutoFinish({ getItem: () => "never" })).toBe(4);
  });

  it("is remembered for the next interview", () => {
    const { result } = renderHook(() => useAutoFinish(null, false, () => undefined));
    act(() => result.current.choose(6));
    expect(result.current.seconds).toBe(6);
    expect(renderHook(() => useAutoFinish(null, false, () => undefined)).result.current.seconds).toBe(6);
  });
});

describe("useAutoFinish", () => {
  it("finishes the answer after the chosen silence that follows speech", () => {
    const finish = vi.fn();
    const { result } = renderHook(() => useAutoFinish(stream, true, finish));
    FakeAudioContext.sample = speaking;
    act(() => vi.advanceTimersByTime(1000));
    expect(result.current.level).toBeGreaterThan(0);
    FakeAudioContext.sample = 0;
    act(() => vi.advanceTimersByTime(2000));
    expect(result.current.silentFor).toBeGreaterThanOrEqual(1500);
    expect(finish).not.toHaveBeenCalled();
    act(() => vi.advanceTimersByTime(2500));
    expect(finish).toHaveBeenCalled();
  });

  it("never counts thinking time before the first word", () => {
    const finish = vi.fn();
    const { result } = renderHook(() => useAutoFinish(stream, true, finish));
    act(() => vi.advanceTimersByTime(20_000));
    expect(result.current.silentFor).toBe(0);
    expect(finish).not.toHaveBeenCalled();
  });

  it("does nothing when set to never, or while not recording", () => {
    const finish = vi.fn();
    const { result, rerender } = renderHook(({ recording }) => useAutoFinish(stream, recording, finish), { initialProps: { recording: true } });
    act(() => result.current.choose(0));
    FakeAudioContext.sample = speaking;
    act(() => vi.advanceTimersByTime(500));
    FakeAudioContext.sample = 0;
    act(() => vi.advanceTimersByTime(15_000));
    expect(finish).not.toHaveBeenCalled();
    rerender({ recording: false });
    expect(result.current.silentFor).toBe(0);
  });

  it("starts counting afresh for a new answer", () => {
    const finish = vi.fn();
    const { result } = renderHook(() => useAutoFinish(stream, true, finish));
    FakeAudioContext.sample = speaking;
    act(() => vi.advanceTimersByTime(500));
    FakeAudioContext.sample = 0;
    act(() => vi.advanceTimersByTime(2000));
    act(() => result.current.restart());
    act(() => vi.advanceTimersByTime(10_000));
    expect(finish).not.toHaveBeenCalled();
  });
});
