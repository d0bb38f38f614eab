// @vitest-environment happy-dom
import { fireEvent, render, screen } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { describe, expect, it, vi } from "vitest";
import { QuestionStage, type QuestionStageProps } from "./QuestionStage";

describe("QuestionStage", () => {
  const voice = { playing: false, blocked: false, canReplay: false, replay: () => undefined };
  function stage(props: Partial<QuestionStageProps> = {}) {
    const onFinish = vi.fn();
    render(
      <MemoryRouter>
        <QuestionStage sessionId="s1" status="ACTIVE" totalQuestions={5} question={null} pendingText={null} answerBusy={false} anyAsked firstQuestionFailed={false} voice={voice} onFinish={onFinish} finishing={false} {...props} />
      </MemoryRouter>,
    );
    return { onFinish };
  }

  it("shows the question being asked, and the interviewer speaking", () => {
    stage({ question: { id: "q2", sequenceNumber: 2, questionText: "Why Postgres?", leadIn: null, isFollowUp: true }, voice: { ...voice, playing: true, canReplay: true } });
    expect(screen.getByRole("heading", { name: /^Question 2 of 5/ }).textContent).toContain("Follow-up");
    expect(screen.getByText("speaking")).toBeTruthy();
    expect(screen.getByText("Why Postgres?")).toBeTruthy();
    expect(screen.getByRole("button", { name: "↻ Hear it again" })).toBeTruthy();
  });

  it("shows the greeting small, apart from the question", () => {
    const leadIn = "Hello, I'm Maya. Welcome to your behavioral interview.";
    stage({ question: { id: "q1", sequenceNumber: 1, questionText: "Tell me about a project.", leadIn, isFollowUp: false } });
    const greeting = screen.getByText(leadIn);
    const question = screen.getByText("Tell me about a project.");
    expect(greeting).not.toBe(question);
    expect(greeting.className).toMatch(/leadIn/);
    expect(question.className).toMatch(/question/);
    expect(question.textContent).not.toContain("Maya");
    expect(greeting.compareDocumentPosition(question) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it("shows the interviewer's words before the question is announced", () => {
    stage({ pendingText: "Thanks. Next, tell me" });
    expect(screen.getByRole("heading", { name: "Interviewer" })).toBeTruthy();
    expect(screen.getByText("Thanks. Next, tell me")).toBeTruthy();
  });

  it("says the interviewer is thinking while an answer is sent", () => {
    stage({ answerBusy: true });
    expect(screen.getByText("Your interviewer is thinking…")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Finish and see my report" })).toBeNull();
  });

  it("offers the report when every question is answered", () => {
    const { onFinish } = stage();
    fireEvent.click(screen.getByRole("button", { name: "Finish and see my report" }));
    expect(onFinish).toHaveBeenCalled();
  });

  it("links to the report once the interview is over", () => {
    stage({ status: "COMPLETED" });
    expect(screen.getByRole("heading", { name: "Interview over" })).toBeTruthy();
    expect(screen.getByRole("link", { name: "See your report" }).getAttribute("href")).toBe("/report/s1");
  });

  it("asks for a click when the browser blocks the voice", () => {
    stage({ question: { id: "q1", sequenceNumber: 1, questionText: "Hi?", leadIn: null, isFollowUp: false }, voice: { ...voice, blocked: true } });
    expect(screen.getByRole("button", { name: "▶ Play the question" })).toBeTruthy();
  });

  it("says when question 1 could not be prepared", () => {
    stage({ anyAsked: false, firstQuestionFailed: true });
    expect(screen.getByText("The first question couldn't be prepared yet.")).toBeTruthy();
  });
});
