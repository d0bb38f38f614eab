// @vitest-environment happy-dom
import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { feedback } from "../../test/interview";
import { FeedbackToasts } from "./FeedbackToasts";

describe("FeedbackToasts", () => {
  it("announces each scored answer", () => {
    const onDismiss = vi.fn();
    render(<FeedbackToasts toasts={[{ id: "f1", sequenceNumber: 2, feedback }]} onDismiss={onDismiss} />);
    expect(screen.getByText("Answer 2 scored 7.0")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Dismiss" }));
    expect(onDismiss).toHaveBeenCalledWith("f1");
  });
});
