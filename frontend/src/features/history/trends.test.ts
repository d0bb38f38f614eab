import { describe, expect, it } from "vitest";
import { categoryTrends, type ScoredReport } from "./trends";

const report = (day: number, interviewType: ScoredReport["session"]["interviewType"], scores: Partial<ScoredReport>): ScoredReport => ({
  createdAt: `2026-12-0${day}T10:00:00Z`,
  session: { jobTitle: "Engineer", interviewType },
  ...scores,
});

describe("categoryTrends", () => {
  const reports = [
    report(1, "TECHNICAL", { avgTechnicalScore: 5, avgClarityScore: 6, avgConfidenceScore: 7, avgBehavioralScore: 2 }),
    report(2, "BEHAVIORAL", { avgTechnicalScore: 3, avgClarityScore: 7, avgConfidenceScore: 6, avgBehavioralScore: 8 }),
    report(3, "TECHNICAL", { avgTechnicalScore: 6, avgClarityScore: 6.5, avgConfidenceScore: 7.5 }),
  ];

  it("draws one line per interview type, only where the category counts", () => {
    const trends = Object.fromEntries(categoryTrends(reports).map((t) => [t.category, t.series]));
    expect(trends.technical!.map((s) => s.name)).toEqual(["Technical"]);
    expect(trends.technical![0]!.points.map((p) => p.value)).toEqual([5, 6]);
    expect(trends.behavioral!.map((s) => s.name)).toEqual(["Behavioural"]);
    expect(trends.clarity!.map((s) => s.name).sort()).toEqual(["Behavioural", "Technical"]);
  });

  it("leaves out categories nothing scored", () => {
    expect(categoryTrends([reports[0]!]).map((t) => t.category)).toEqual(["technical", "clarity", "confidence"]);
    expect(categoryTrends([])).toEqual([]);
  });
});
