// @vitest-environment happy-dom
import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { PlayQuestion } from "./PlayQuestion";

describe("PlayQuestion", () => {
  const url = "http://127.0.0.1:8000/media/eyJ.claims.signature";

  it("plays the stored clip through its signed URL on this page's origin, once asked to", () => {
    render(<PlayQuestion question={{ id: "q2", sequenceNumber: 2, audio: { url, durationMs: 4200 } }} />);
    expect(document.querySelector("audio")).toBeNull(); // nothing downloads before the click
    fireEvent.click(screen.getByRole("button", { name: "▶ Play the question" }));
    const player = screen.getByLabelText("Question 2, as the interviewer asked it");
    expect(player.tagName).toBe("AUDIO");
    expect(player.getAttribute("src")).toBe("/media/eyJ.claims.signature");
    expect(player.hasAttribute("controls")).toBe(true);
  });

  it("says so when the clip cannot be loaded, and offers to try again", () => {
    render(<PlayQuestion question={{ id: "q1", sequenceNumber: 1, audio: { url, durationMs: 900 } }} />);
    fireEvent.click(screen.getByRole("button", { name: "▶ Play the question" }));
    fireEvent.error(screen.getByLabelText("Question 1, as the interviewer asked it"));
    expect(screen.getByRole("alert").textContent).toContain("couldn't be loaded");
    expect(screen.getByRole("button", { name: "▶ Play the question" })).toBeTruthy();
  });

  it("shows nothing for a question without stored audio", () => {
    const { container } = render(<PlayQuestion question={{ id: "q1", sequenceNumber: 1, audio: null }} />);
    expect(container.innerHTML).toBe("");
  });
});
