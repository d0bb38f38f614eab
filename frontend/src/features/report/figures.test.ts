import { describe, expect, it } from "vitest";
import { categoriesFor, endedEarly, forReader, plural, progressText, statusLabel, whyTheseCategories } from "./figures";

describe("report figures", () => {
  it("counts no technical score in a behavioural interview and no STAR score in a technical one", () => {
    expect(categoriesFor("BEHAVIORAL")).not.toContain("technical");
    expect(categoriesFor("BEHAVIORAL")).toContain("behavioral");
    expect(categoriesFor("TECHNICAL")).not.toContain("behavioral");
    expect(categoriesFor("SYSTEM_DESIGN")).toEqual(["technical", "clarity", "confidence"]);
  });

  it("pluralises", () => {
    expect(plural(1, "answer")).toBe("1 answer");
    expect(plural(0, "answer")).toBe("0 answers");
    expect(plural(3, "answer")).toBe("3 answers");
  });

  it("says how far an interview ended early got, skipped questions included", () => {
    expect(progressText(6, 4, 1)).toBe("Ended after 5 of 6 questions (4 answered, 1 skipped)");
    expect(progressText(6, 6, 0)).toBe("6 of 6 answered");
    expect(endedEarly("COMPLETED", 6, 4, 1)).toBe(true);
    expect(endedEarly("COMPLETED", 6, 5, 1)).toBe(false);
    expect(statusLabel("COMPLETED", true)).toBe("Ended early");
    expect(statusLabel("COMPLETED", false)).toBe("Completed");
  });
});

describe("whose report it is", () => {
  it("speaks to the candidate on their own report and of the candidate on a shared one", () => {
    for (const kind of ["TECHNICAL", "SYSTEM_DESIGN", "BEHAVIORAL"] as const) {
      expect(whyTheseCategories(kind, "own")).toMatch(/\byou/);
      const shared = whyTheseCategories(kind, "shared");
      expect(shared).not.toMatch(/\byou/i);
      expect(shared).toContain("the candidate");
    }
  });

  it("turns the written feedback to the third person on a shared report, quotes left as said", () => {
    const shared = (text: string) => forReader(text, "shared");
    expect(shared("You answered 3 of 5 questions; your scores rose.")).toBe("The candidate answered 3 of 5 questions; the candidate's scores rose.");
    expect(shared("You were clear and you're concise; you've named the result.")).toBe(
      "The candidate was clear and the candidate is concise; the candidate has named the result.",
    );
    expect(shared('Cut fillers such as "you know" and "um".')).toBe('Cut fillers such as "you know" and "um".');
    expect(shared("Young teams: yours did well.")).toBe("Young teams: the candidate's did well.");
    expect(forReader("Your pace sat inside the band.", "own")).toBe("Your pace sat inside the band.");
  });
});
