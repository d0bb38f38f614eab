// @vitest-environment happy-dom
import { renderHook } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { useSpaceToAnswer } from "./useSpaceToAnswer";

function press(target: EventTarget = window, init: KeyboardEventInit = {}) {
  const event = new KeyboardEvent("keydown", { key: " ", code: "Space", bubbles: true, cancelable: true, ...init });
  target.dispatchEvent(event);
  return event;
}

describe("useSpaceToAnswer", () => {
  it("starts an answer, or finishes the one being recorded", () => {
    const start = vi.fn();
    const finish = vi.fn();
    const { rerender } = renderHook(({ recording }) => useSpaceToAnswer(recording ? null : start, recording ? finish : null), { initialProps: { recording: false } });
    expect(press().defaultPrevented).toBe(true);
    expect(start).toHaveBeenCalledTimes(1);
    rerender({ recording: true });
    press();
    expect(finish).toHaveBeenCalledTimes(1);
    expect(start).toHaveBeenCalledTimes(1);
  });

  it("leaves space to a focused control, a held key and other keys", () => {
    const start = vi.fn();
    renderHook(() => useSpaceToAnswer(start, null));
    const button = document.createElement("button");
    document.body.append(button);
    expect(press(button).defaultPrevented).toBe(false);
    press(window, { repeat: true });
    press(window, { key: "Enter", code: "Enter" });
    expect(start).not.toHaveBeenCalled();
    button.remove();
  });

  it("stops listening when the page goes", () => {
    const start = vi.fn();
    const { unmount } = renderHook(() => useSpaceToAnswer(start, null));
    unmount();
    press();
    expect(start).not.toHaveBeenCalled();
  });
});
