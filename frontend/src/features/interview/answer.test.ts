import { describe, expect, it } from "vitest";
import { problemFrom } from "../../lib/errors";
import { answerFailure, audioFileName, shouldSendWhole } from "./answer";

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

describe("the answer's failure", () => {
  const turnFailed = { sequenceNumber: 2, problem: problemFrom("BAD_USER_INPUT", "no speech detected in the recording") };

  it("is the recorder's own failure first", () => {
    const upload = problemFrom("NETWORK");
    expect(answerFailure({ kind: "failed", problem: upload, blob: null, durationMs: 0 }, turnFailed, 2)).toBe(upload);
  });

  it("is a turn the server failed only for the question being answered", () => {
    expect(answerFailure({ kind: "idle" }, turnFailed, 2)).toBe(turnFailed.problem);
    expect(answerFailure({ kind: "idle" }, turnFailed, 3)).toBeNull();
    expect(answerFailure({ kind: "idle" }, null, 2)).toBeNull();
  });
});

describe("the uploaded file's name", () => {
  it("carries the recorder's container as its extension", () => {
    expect(audioFileName("answer-1", "audio/webm;codecs=opus")).toBe("answer-1.webm");
    expect(audioFileName("answer-1", "audio/ogg;codecs=opus")).toBe("answer-1.ogg");
    expect(audioFileName("live-2-0", "audio/mp4")).toBe("live-2-0.m4a");
    expect(audioFileName("answer-1", "audio/wav")).toBe("answer-1.wav");
    expect(audioFileName("answer-1", "")).toBe("answer-1.webm");
  });
});
