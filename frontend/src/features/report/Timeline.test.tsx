// @vitest-environment happy-dom
import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { Timeline, formatTime } from "./Timeline";

const markers = [
  { kind: "FILLER" as const, startMs: 700, endMs: 900, label: "um" },
  { kind: "LONG_PAUSE" as const, startMs: 2300, endMs: 4900, label: "2.6 s pause" },
  { kind: "QUOTE" as const, startMs: 65_000, endMs: 66_000, label: "the cache was the problem" },
];

describe("the answer's timeline", () => {
  it("lists every marker with its time and seeks to its start when chosen", () => {
    const onSeek = vi.fn();
    render(<Timeline markers={markers} durationMs={70_000} onSeek={onSeek} />);
    const buttons = screen.getAllByRole("button");
    expect(buttons.map((b) => b.textContent)).toEqual([
      "0:00 Filler: “um”",
      "0:02 Long pause: “2.6 s pause”",
      "1:05 Quoted by the evaluator: “the cache was the problem”",
    ]);
    fireEvent.click(buttons[1]!);
    expect(onSeek).toHaveBeenCalledWith(2300);
  });

  it("says so when there is nothing to review", () => {
    render(<Timeline markers={[]} durationMs={1000} onSeek={() => undefined} />);
    expect(screen.getByText(/No fillers, long pauses or quoted phrases/)).toBeTruthy();
  });

  it("formats minutes and seconds", () => {
    expect(formatTime(0)).toBe("0:00");
    expect(formatTime(125_400)).toBe("2:05");
  });
});
