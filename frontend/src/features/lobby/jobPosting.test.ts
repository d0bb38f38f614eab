import { describe, expect, it } from "vitest";
import { JOB_POSTING_LIMIT, jobPostingError } from "./JobPostingField";

describe("jobPostingError", () => {
  it("accepts an empty posting and one at the limit", () => {
    expect(jobPostingError("")).toBeNull();
    expect(jobPostingError("x".repeat(JOB_POSTING_LIMIT))).toBeNull();
    expect(jobPostingError(`  ${"x".repeat(JOB_POSTING_LIMIT)}\n\n`)).toBeNull();
  });

  it("refuses a longer one with the count, as the server does", () => {
    expect(jobPostingError("x".repeat(JOB_POSTING_LIMIT + 1))).toMatch(/20,001 characters; paste at most 20,000/);
  });
});
