// @vitest-environment happy-dom
import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { problemFrom } from "../../lib/errors";
import { ControlProblem, InterviewControls, type InterviewControlsProps } from "./InterviewControls";

describe("InterviewControls", () => {
  function controls(props: Partial<InterviewControlsProps> = {}) {
    const handlers = { onPause: vi.fn(), onResume: vi.fn(), onSkip: vi.fn(), onEnd: vi.fn() };
    render(<InterviewControls paused={false} answerBusy={false} asking canSkip pausing={false} resuming={false} skipping={false} ending={false} {...handlers} {...props} />);
    return handlers;
  }
  const button = (name: string) => screen.getByRole<HTMLButtonElement>("button", { name });

  it("asks before ending while a question is open", () => {
    const { onEnd } = controls();
    fireEvent.click(button("End interview"));
    expect(onEnd).not.toHaveBeenCalled();
    fireEvent.click(button("Keep going"));
    fireEvent.click(button("End interview"));
    fireEvent.click(button("End now"));
    expect(onEnd).toHaveBeenCalledTimes(1);
  });

  it("ends at once when no question is open", () => {
    const { onEnd } = controls({ asking: false });
    fireEvent.click(button("End interview"));
    expect(onEnd).toHaveBeenCalledTimes(1);
    expect(button("Skip question").disabled).toBe(true);
  });

  it("offers resume while paused, and no skip", () => {
    const { onResume } = controls({ paused: true });
    fireEvent.click(button("Resume"));
    expect(onResume).toHaveBeenCalled();
    expect(screen.queryByRole("button", { name: "Pause" })).toBeNull();
    expect(button("Skip question").disabled).toBe(true);
  });

  it("keeps an answer being sent from being paused or ended", () => {
    controls({ answerBusy: true, canSkip: false });
    expect(button("Pause").disabled).toBe(true);
    expect(button("End interview").disabled).toBe(true);
    expect(button("Skip question").disabled).toBe(true);
  });

  it("shows a failed control with a retry only when one can help", () => {
    const onRetry = vi.fn();
    const onDismiss = vi.fn();
    const { rerender } = render(<ControlProblem problem={problemFrom("PROVIDER_UNAVAILABLE")} onRetry={onRetry} retrying={false} onDismiss={onDismiss} />);
    fireEvent.click(button("Try again"));
    fireEvent.click(button("Dismiss"));
    expect([onRetry.mock.calls.length, onDismiss.mock.calls.length]).toEqual([1, 1]);
    rerender(<ControlProblem problem={problemFrom("CONFLICT")} onRetry={null} retrying={false} onDismiss={onDismiss} />);
    expect(screen.queryByRole("button", { name: "Try again" })).toBeNull();
  });
});
