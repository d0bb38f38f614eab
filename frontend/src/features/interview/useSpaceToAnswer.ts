import { useEffect } from "react";

/** Whether a key press belongs to a control or a text field rather than to the page. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT", "BUTTON", "A"].includes(target.tagName);
}

/**
 * Space starts an answer and ends it, unless a control has focus (then space presses that control).
 * `finish` is null while no answer can be finished, `start` null while none can be started.
 */
export function useSpaceToAnswer(start: (() => void) | null, finish: (() => void) | null): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.code !== "Space" && event.key !== " ") return;
      if (event.repeat || isTyping(event.target)) return;
      event.preventDefault();
      if (finish) finish();
      else if (start) start();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [start, finish]);
}
