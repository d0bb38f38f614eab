// @vitest-environment happy-dom
import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { problemFrom } from "../../lib/errors";
import type { RecorderState } from "../audio/recorder";
import { AnswerBar, type AnswerBarProps } from "./AnswerBar";

const blob = new Blob(["x"]);

describe("AnswerBar", () => {
  function bar(recorder: RecorderState, props: Partial<AnswerBarProps> = {}) {
    const handlers = { onAutoFinish: vi.fn(), onStart: vi.fn(), onFinish: vi.fn(), onRetry: vi.fn(), onRecordAgain: vi.fn() };
    render(<AnswerBar recorder={recorder} elapsed={65_000} level={0.5} failure={null} canStart paused={false} silentFor={0} autoFinish={4} {...handlers} {...props} />);
    return handlers;
  }

  it("starts an answer, unless paused or nothing waits for one", () => {
    const { onStart } = bar({ kind: "idle" });
    fireEvent.click(screen.getByRole("button", { name: "Start answer" }));
    expect(onStart).toHaveBeenCalled();
    screen.getByRole("button", { name: "Start answer" }).remove();
    bar({ kind: "idle" }, { paused: true });
    expect(screen.getByRole<HTMLButtonElement>("button", { name: "Start answer" }).disabled).toBe(true);
    expect(screen.getByText("Resume the interview to answer.")).toBeTruthy();
  });

  it("shows the clock and Done while recording, and counts down a silence", () => {
    const { onFinish } = bar({ kind: "recording", startedAt: 0, elapsedBeforeMs: 0 }, { silentFor: 2100 });
    expect(screen.getByRole("timer").textContent).toBe("1:05");
    expect(screen.getByText("Finishing in 2 s unless you keep talking…")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Done" }));
    expect(onFinish).toHaveBeenCalled();
  });

  it("says the answer is being listened to while it is sent", () => {
    bar({ kind: "uploading", blob, durationMs: 1000 });
    expect(screen.getByText("Listening to your answer and preparing feedback…")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Start answer" })).toBeNull();
  });

  it("offers to send the same recording again only when that can help", () => {
    const unavailable = problemFrom("PROVIDER_UNAVAILABLE");
    const { onRetry, onRecordAgain } = bar({ kind: "failed", problem: unavailable, blob, durationMs: 1000 }, { failure: unavailable });
    fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    fireEvent.click(screen.getByRole("button", { name: "Record again" }));
    expect([onRetry.mock.calls.length, onRecordAgain.mock.calls.length]).toEqual([1, 1]);
  });

  it("only offers to record again after a turn failed on the server", () => {
    bar({ kind: "idle" }, { failure: problemFrom("BAD_USER_INPUT", "no speech detected in the recording") });
    expect(screen.getByText(/no speech detected/i)).toBeTruthy();
    expect(screen.queryByRole("alert")).toBeNull();
    expect(screen.queryByRole("button", { name: "Try again" })).toBeNull();
    expect(screen.getByRole("button", { name: "Record again" })).toBeTruthy();
  });

  it("changes the silence that finishes an answer", () => {
    const { onAutoFinish } = bar({ kind: "idle" });
    fireEvent.change(screen.getByLabelText("Finish automatically after a silence of"), { target: { value: "0" } });
    expect(onAutoFinish).toHaveBeenCalledWith(0);
  });
});
