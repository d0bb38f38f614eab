import type { Point, Series } from "../../components/ui/charts";
import { CATEGORY_LABEL, SCORED_CATEGORIES, type Category, type InterviewKind } from "../report/figures";

const TYPE_LABEL: Record<InterviewKind, string> = { TECHNICAL: "Technical", BEHAVIORAL: "Behavioural", SYSTEM_DESIGN: "System design" };
const CATEGORIES: Category[] = ["technical", "behavioral", "clarity", "confidence"];

export interface ScoredReport {
  createdAt: string;
  avgTechnicalScore?: number | null;
  avgClarityScore?: number | null;
  avgConfidenceScore?: number | null;
  avgBehavioralScore?: number | null;
  session: { jobTitle: string; interviewType: InterviewKind };
}

export interface CategoryTrend {
  category: Category;
  label: string;
  /** One line per interview type in which the category counts (SCORED_CATEGORIES). */
  series: Series[];
}

/** Each category's average over time, one line per interview type; categories no interview scored are left out. */
export function categoryTrends(reports: readonly ScoredReport[]): CategoryTrend[] {
  const value = (r: ScoredReport, c: Category) =>
    ({ technical: r.avgTechnicalScore, clarity: r.avgClarityScore, confidence: r.avgConfidenceScore, behavioral: r.avgBehavioralScore })[c] ?? null;
  return CATEGORIES.flatMap((category) => {
    const byType = new Map<InterviewKind, Point[]>();
    for (const report of reports) {
      const kind = report.session.interviewType;
      const score = value(report, category);
      if (score === null || !SCORED_CATEGORIES[kind].includes(category)) continue;
      byType.set(kind, [...(byType.get(kind) ?? []), { date: new Date(report.createdAt), value: score, label: report.session.jobTitle }]);
    }
    if (byType.size === 0) return [];
    const series = [...byType.entries()].map(([kind, points]) => ({ name: TYPE_LABEL[kind], points }));
    return [{ category, label: CATEGORY_LABEL[category], series }];
  });
}
