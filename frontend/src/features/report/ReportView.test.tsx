// @vitest-environment happy-dom
import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { ReportFieldsFragment } from "../../gql/graphql";
import { ReportView } from "./ReportView";

const feedback = (overallScore: number) => ({
  id: `f${overallScore}`,
  overallScore,
  technicalScore: 6,
  clarityScore: 7,
  confidenceScore: 6,
  behavioralScore: 5,
  feedbackSummary: "Solid answer.",
  technicalFeedback: null,
  clarityFeedback: null,
  confidenceFeedback: null,
  behavioralFeedback: null,
  improvementSuggestions: [],
  star: null,
});
const answer = (n: number, score: number, pace: number) => ({
  id: `t${n}`,
  sequenceNumber: n,
  speaker: "USER",
  speakerName: "Sam Candidate",
  text: `Answer ${n}`,
  audioUrl: null,
  feedback: feedback(score),
  voiceMetrics: { speechPace: pace, pauseCount: 1, fillerWordCount: 0, fillerWords: [], volumeLevel: 0.5, clarityScore: 7 },
});

// Only the fields ReportView reads; the fragment's other fields do not matter here.
const report = {
  id: "r1",
  downloadUrl: "/reports/r1/download",
  overallScore: 6.5,
  avgTechnicalScore: 6,
  avgClarityScore: 7,
  avgConfidenceScore: 6,
  avgBehavioralScore: null,
  strengths: [],
  weaknesses: [],
  keyHighlights: [],
  immediateImprovements: [],
  practiceAreas: [],
  resourcesRecommended: [],
  totalSpeakingTimeSeconds: 60,
  avgSpeechPace: 140,
  totalFillerWords: 0,
  avgResponseTimeSeconds: 20,
  questionsAnswered: 2,
  questionsSkipped: 0,
  percentileRank: null,
  comparedToCount: 0,
  bestAnswer: null,
  worstAnswer: null,
  session: {
    id: "s1",
    jobTitle: "Backend engineer",
    interviewType: "TECHNICAL",
    difficulty: "MEDIUM",
    status: "COMPLETED",
    startTime: "2026-12-03T10:00:00Z",
    durationSeconds: 300,
    totalQuestions: 2,
    persona: { id: "p1", name: "Maya Chen" },
    questions: [
      { id: "q1", sequenceNumber: 1, questionText: "Tell me about a cache.", skipped: false },
      { id: "q2", sequenceNumber: 2, questionText: "And its failure modes?", skipped: false },
    ],
    transcripts: [answer(1, 7.5, 150), answer(2, 5.5, 182)],
  },
} as unknown as ReportFieldsFragment;

describe("ReportView", () => {
  it("charts score and pace by question", () => {
    render(<ReportView report={report} />);
    const chart = screen.getByRole("img", { name: /by question/ });
    expect(chart.textContent).toContain("question 1 score 7.5, pace 150 words per minute");
    expect(chart.textContent).toContain("question 2 score 5.5, pace 182 words per minute");
  });

  it("speaks of the candidate, never 'you', on a shared report", () => {
    const { container } = render(<ReportView report={report} perspective="shared" />);
    expect(screen.getByRole("heading", { name: "How the candidate spoke" })).toBeTruthy();
    const words = container.textContent ?? "";
    expect(words).not.toMatch(/\byou(r)?\b/i);
    expect(words).not.toContain("Sam Candidate");
  });

  it("speaks to the candidate on their own report", () => {
    render(<ReportView report={report} perspective="own" />);
    expect(screen.getByRole("heading", { name: "How you spoke" })).toBeTruthy();
  });

  it("says plainly why an interview is not ranked yet, never a bare 0", () => {
    const standing = (fields: Partial<ReportFieldsFragment>) => {
      const { container, unmount } = render(<ReportView report={{ ...report, ...fields }} />);
      const text = container.querySelector("p[class*=percentile]")?.textContent ?? "";
      unmount();
      return text;
    };
    expect(standing({ comparedToCount: 0 })).toBe(
      "Not ranked yet: this is the first technical interview with a score, so there is nothing to compare it with. Ranks appear once 10 others have a score.",
    );
    expect(standing({ comparedToCount: 1 })).toMatch(/^Not ranked yet: only 1 other technical interview has a score so far\./);
    expect(standing({ comparedToCount: 4 })).toMatch(/only 4 other technical interviews have a score so far/);
    expect(standing({ comparedToCount: 12, percentileRank: 75 })).toBe("Better than 75% of 12 other technical interviews (75th percentile)");
    expect(standing({ overallScore: null, comparedToCount: 3 })).toBe("Not ranked: no answer in this interview was scored.");
    for (const n of [0, 1, 4]) expect(standing({ comparedToCount: n })).not.toMatch(/\b0 so far|\(0\b/);
  });

  it("tells a shared report's reader about the candidate, leaving the candidate's own words as said", () => {
    const spoken = { ...answer(1, 7.5, 150), text: "We shipped it, you know, on time.", feedback: { ...feedback(7.5), feedbackSummary: "You named the result." } };
    const written = {
      ...report,
      strengths: ["Your average pace, 150 wpm, sat inside the comfortable 120–160 band."],
      weaknesses: ["You rarely said what you did yourself."],
      keyHighlights: ["You answered 2 of 2 questions; overall average 6.5."],
      immediateImprovements: ["Say what your part was."],
      bestAnswer: spoken,
      session: { ...report.session, transcripts: [spoken, answer(2, 5.5, 182)] },
    } as unknown as ReportFieldsFragment;
    const { container } = render(<ReportView report={written} perspective="shared" />);
    const quotes = [...container.querySelectorAll("blockquote")].map((q) => q.textContent ?? "");
    expect(quotes).toContain("We shipped it, you know, on time.");
    container.querySelectorAll("blockquote").forEach((q) => q.remove());
    const words = container.textContent ?? "";
    expect(words).not.toMatch(/\byou(r|rself)?\b/i);
    expect(words).toContain("The candidate's average pace, 150 wpm");
    expect(words).toContain("The candidate answered 2 of 2 questions");
    expect(words).toContain("The candidate named the result.");
  });
});
