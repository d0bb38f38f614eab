// @vitest-environment happy-dom
import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { feedback, transcript } from "../../test/interview";
import { Conversation } from "./Conversation";

describe("Conversation", () => {
  it("lists the turns with their scores, then what the interviewer is saying", () => {
    const answered = { ...transcript(1, "USER"), feedback };
    render(<Conversation transcripts={[transcript(1, "AI"), answered, { ...transcript(2, "USER"), text: "" }]} pendingText="Next, tell me" />);
    const turns = within(screen.getByRole("list")).getAllByRole("listitem").filter((li) => li.getAttribute("aria-hidden") !== "true");
    expect(turns.map((li) => li.querySelector("span")?.textContent)).toEqual(["Ada · Q1", "Sam · Q1", "Sam · Q2", "Interviewer"]);
    expect(turns[1]!.textContent).toContain("7.0");
    expect(turns[1]!.textContent).toContain("Clear and structured.");
    expect(turns[2]!.textContent).toContain("(no words recognised)");
  });

  it("says where the conversation will appear", () => {
    render(<Conversation transcripts={[]} pendingText={null} />);
    expect(screen.getByText("The conversation will appear here.")).toBeTruthy();
  });
});
