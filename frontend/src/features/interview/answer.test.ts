import { describe, expect, it } from "vitest";
import { problemFrom } from "../../lib/errors";
import { shouldSendWhole } from "./answer";

describe("when finishAnswer fails", () => {
  it("sends the whole recording when the chunks are the problem", () => {
    expect(shouldSendWhole(problemFrom("BAD_USER_INPUT", "Chunk 3 of the recording never arrived", { missingChunk: 3 }))).toBe(true);
    expect(shouldSendWhole(problemFrom("BAD_USER_INPUT", "No audio was recorded for question 2: send it with appendAnswerAudio first."))).toBe(true);
    expect(shouldSendWhole(problemFrom("CONFLICT", "Chunk 0 of question 1 was already received with other bytes."))).toBe(true);
    expect(shouldSendWhole(problemFrom("INVALID_AUDIO"))).toBe(true);
    expect(shouldSendWhole(problemFrom("NETWORK"))).toBe(true);
  });

  it("reports problems that the whole recording would have too", () => {
    expect(shouldSendWhole(problemFrom("BAD_USER_INPUT", "no speech detected in the recording"))).toBe(false);
    expect(shouldSendWhole(problemFrom("PROVIDER_UNAVAILABLE"))).toBe(false);
    expect(shouldSendWhole(problemFrom("RATE_LIMITED"))).toBe(false);
    expect(shouldSendWhole(problemFrom("UNAUTHENTICATED"))).toBe(false);
  });
});
