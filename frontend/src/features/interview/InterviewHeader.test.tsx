// @vitest-environment happy-dom
import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { InterviewHeader } from "./InterviewHeader";

describe("InterviewHeader", () => {
  it("names the role, the interviewer and the kind of interview, and says when it is paused", () => {
    const session = { id: "s1", jobTitle: "Backend engineer", interviewType: "SYSTEM_DESIGN", difficulty: "HARD", status: "PAUSED", persona: { id: "p1", name: "Ada" } } as const;
    render(<InterviewHeader session={session} />);
    expect(screen.getByRole("heading", { level: 1, name: "Backend engineer" })).toBeTruthy();
    for (const text of ["Ada", "System design", "Hard", "Paused"]) expect(screen.getByText(text)).toBeTruthy();
  });
});
