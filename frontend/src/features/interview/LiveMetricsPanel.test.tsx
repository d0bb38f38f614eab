// @vitest-environment happy-dom
import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { liveMetrics } from "../../test/interview";
import { LiveMetricsPanel } from "./LiveMetricsPanel";

const scored = { ...liveMetrics(), rollingTechnicalAvg: 2.1, rollingClarityAvg: 7.4, rollingConfidenceAvg: 6.8, rollingBehavioralAvg: 7.9 };

function rows(): string[] {
  return within(screen.getByLabelText("Rolling scores"))
    .getAllByText(/^(Technical|Clarity|Confidence|Behavioural)$/)
    .map((el) => el.textContent ?? "");
}

describe("LiveMetricsPanel", () => {
  it("shows only the categories that count for the interview's type", () => {
    const { unmount } = render(<LiveMetricsPanel metrics={scored} totalQuestions={5} localLevel={0} interviewType="BEHAVIORAL" />);
    expect(rows()).toEqual(["Behavioural", "Clarity", "Confidence"]);
    expect(screen.queryByText("2.1")).toBeNull();
    unmount();
    render(<LiveMetricsPanel metrics={scored} totalQuestions={5} localLevel={0} interviewType="SYSTEM_DESIGN" />);
    expect(rows()).toEqual(["Technical", "Clarity", "Confidence"]);
    expect(screen.queryByText("7.9")).toBeNull();
  });

  it("judges the pace by the same 120–160 band as the feedback and the report", () => {
    const note = (pace: number) => {
      const { unmount } = render(
        <LiveMetricsPanel metrics={{ ...scored, currentSpeechPace: pace }} totalQuestions={5} localLevel={0} interviewType="TECHNICAL" />,
      );
      const text = screen.getByText(`${pace} wpm`).parentElement?.textContent ?? "";
      unmount();
      return text;
    };
    expect(note(115)).toContain("A little slow — aim for 120–160");
    expect(note(140)).toContain("Comfortable pace");
    expect(note(165)).toContain("Quick — slow down a touch");
  });
});
