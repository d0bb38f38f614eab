import { describe, expect, it } from "vitest";
import {
  conversation,
  currentQuestion,
  hasStreamedAudio,
  initialInterviewState,
  interviewReducer,
  nextSequenceNumber,
  interviewerSpeech,
  pendingSpeech,
  playableChunks,
  speechComplete,
  spokenText,
  type InterviewAction,
  type InterviewState,
} from "./state";
import { at, feedback, liveMetrics, question, session, speech, transcript } from "../../test/interview";

function apply(actions: InterviewAction[], from: InterviewState = initialInterviewState): InterviewState {
  return actions.reduce(interviewReducer, from);
}

describe("next sequence number", () => {
  it("is the last question asked while it has no answer", () => {
    expect(nextSequenceNumber([question(1)], [])).toBe(1);
    expect(nextSequenceNumber([question(1, at), question(2)], [transcript(1, "USER")])).toBe(2);
  });

  it("is null before any question and after the last one is answered", () => {
    expect(nextSequenceNumber([], [])).toBeNull();
    expect(nextSequenceNumber([question(1, at), question(2, at)], [])).toBeNull();
  });

  it("counts a USER transcript as an answer even before answeredAt is refreshed", () => {
    expect(nextSequenceNumber([question(1)], [transcript(1, "USER")])).toBeNull();
    expect(nextSequenceNumber([question(1)], [transcript(1, "AI")])).toBe(1);
  });

  it("ignores the order questions come in and skipped questions before the last", () => {
    expect(nextSequenceNumber([question(3), question(1, at), question(2)], [])).toBe(3);
  });

  it("is null after the last question was skipped", () => {
    expect(nextSequenceNumber([question(1, at), { ...question(2), skipped: true }], [])).toBeNull();
    const s = apply([{ type: "sessionLoaded", session: session([question(1, at), question(2)]) }, { type: "skipped", sequenceNumber: 2 }]);
    expect(currentQuestion(s)).toBeNull();
  });

  it("is null once the interview is over", () => {
    expect(nextSequenceNumber([question(1)], [], "COMPLETED")).toBeNull();
    expect(nextSequenceNumber([question(1)], [], "CANCELLED")).toBeNull();
    expect(nextSequenceNumber([question(1)], [], "PAUSED")).toBe(1);
  });
});

describe("interviewer speech chunks", () => {
  it("plays chunks in chunkIndex order and waits for a missing one", () => {
    const s = apply([
      { type: "event", event: speech("q2", 1) },
      { type: "event", event: speech("q2", 2, true) },
    ]);
    expect(playableChunks(s.speech.q2)).toEqual([]);
    const t = interviewReducer(s, { type: "event", event: speech("q2", 0) });
    expect(playableChunks(t.speech.q2).map((c) => c.chunkIndex)).toEqual([0, 1, 2]);
    expect(spokenText(t.speech.q2)).toBe("[0][1][2]");
    expect(speechComplete(t.speech.q2)).toBe(true);
  });

  it("ignores a chunk seen twice", () => {
    const s = apply([{ type: "event", event: speech("q2", 0) }]);
    expect(interviewReducer(s, { type: "event", event: speech("q2", 0) })).toBe(s);
  });

  it("keeps a text-only chunk in order without audio", () => {
    const s = apply([
      { type: "event", event: speech("q2", 0, false, false) },
      { type: "event", event: speech("q2", 1, true) },
    ]);
    expect(playableChunks(s.speech.q2).map((c) => c.audio !== null)).toEqual([false, true]);
    expect(hasStreamedAudio(s.speech.q2)).toBe(true);
  });

  it("keeps the mutation's clip as a fallback for when no event brought audio", () => {
    const s = apply([{ type: "turn", turn: { question: question(1), audio: { mimeType: "audio/ogg", base64: "Zm9v", durationMs: 900 } } }]);
    expect(s.speech.q1?.fallbackAudio?.base64).toBe("Zm9v");
    expect(hasStreamedAudio(s.speech.q1)).toBe(false);
  });

  it("shows speech for a question not yet announced as pending", () => {
    const s = apply([{ type: "sessionLoaded", session: session([question(1, at)]) }, { type: "event", event: speech("q2", 0) }]);
    expect(pendingSpeech(s)?.questionId).toBe("q2");
    const t = interviewReducer(s, { type: "event", event: { __typename: "QuestionAsked", sessionId: "s1", at, question: question(2) } });
    expect(pendingSpeech(t)).toBeNull();
    expect(currentQuestion(t)?.id).toBe("q2");
  });

  it("plays what is being said for a question not yet announced, else the current question's words", () => {
    const asking = apply([{ type: "sessionLoaded", session: session([question(1)]) }, { type: "event", event: speech("q1", 0) }]);
    expect(interviewerSpeech(asking)?.questionId).toBe("q1");
    const next = apply([{ type: "event", event: speech("q2", 0) }], asking);
    expect(interviewerSpeech(next)?.questionId).toBe("q2");
    const answered = apply([{ type: "sessionLoaded", session: session([question(1, at)]) }]);
    expect(interviewerSpeech(answered)).toBeUndefined();
  });
});

describe("interview events", () => {
  it("follows a whole turn: transcript, evaluation, next question, metrics", () => {
    const loaded = apply([{ type: "sessionLoaded", session: session([question(1)], [transcript(1, "AI")]) }]);
    expect(currentQuestion(loaded)?.sequenceNumber).toBe(1);
    const s = apply(
      [
        { type: "event", event: { __typename: "TranscriptReady", sessionId: "s1", at, transcript: transcript(1, "USER") } },
        { type: "event", event: { __typename: "AnswerEvaluated", sessionId: "s1", at, transcriptId: "tUSER1", feedback } },
        { type: "event", event: { __typename: "QuestionAsked", sessionId: "s1", at, question: question(2) } },
      ],
      loaded,
    );
    expect(s.transcripts.map((t) => t.id)).toEqual(["tAI1", "tUSER1"]);
    expect(s.transcripts[1]?.feedback?.overallScore).toBe(7);
    expect(s.toasts).toHaveLength(1);
    expect(s.toasts[0]?.sequenceNumber).toBe(1);
    expect(currentQuestion(s)?.sequenceNumber).toBe(2);
  });

  it("merges the same answer from the mutation result and the events once", () => {
    const loaded = apply([{ type: "sessionLoaded", session: session([question(1)]) }]);
    const result = {
      transcript: transcript(1, "USER"),
      evaluation: feedback,
      interviewerResponse: { question: question(2), audio: null },
      liveMetrics: {
        sessionId: "s1",
        currentQuestionNumber: 2,
        questionsCompleted: 1,
        rollingTechnicalAvg: 7,
        rollingClarityAvg: 8,
        rollingConfidenceAvg: 6,
        rollingBehavioralAvg: 7,
        currentSpeechPace: 130,
        currentVolume: 0.6,
        silenceDurationMs: 0,
        estimatedTimeRemaining: 300,
        lastUpdated: at,
      },
    };
    const s = apply(
      [
        { type: "answered", result },
        { type: "event", event: { __typename: "TranscriptReady", sessionId: "s1", at, transcript: transcript(1, "USER") } },
        { type: "event", event: { __typename: "AnswerEvaluated", sessionId: "s1", at, transcriptId: "tUSER1", feedback } },
        { type: "event", event: { __typename: "QuestionAsked", sessionId: "s1", at, question: question(2) } },
      ],
      loaded,
    );
    expect(s.transcripts).toHaveLength(1);
    expect(s.transcripts[0]?.feedback?.id).toBe("f1");
    expect(s.questions).toHaveLength(2);
    expect(s.toasts).toHaveLength(1);
    expect(s.liveMetrics?.currentSpeechPace).toBe(130);
  });

  it("records a failed turn and clears it when the answer finally lands", () => {
    const loaded = apply([{ type: "sessionLoaded", session: session([question(1)]) }]);
    const failed = interviewReducer(loaded, {
      type: "event",
      event: { __typename: "TurnFailed", sessionId: "s1", at, sequenceNumber: 1, code: "BAD_USER_INPUT", message: "No speech detected." },
    });
    expect(failed.turnFailure?.problem.message).toBe("No speech detected.");
    expect(currentQuestion(failed)?.sequenceNumber).toBe(1);
    const ok = interviewReducer(failed, { type: "event", event: { __typename: "TranscriptReady", sessionId: "s1", at, transcript: transcript(1, "USER") } });
    expect(ok.turnFailure).toBeNull();
  });

  it("follows status changes and the report", () => {
    const loaded = apply([{ type: "sessionLoaded", session: session([question(1)]) }]);
    const s = apply(
      [
        { type: "event", event: { __typename: "ReportReady", sessionId: "s1", at, report: { id: "r1", overallScore: 7.5 } } },
        { type: "event", event: { __typename: "SessionStatusChanged", sessionId: "s1", at, status: "COMPLETED" } },
      ],
      loaded,
    );
    expect(s.reportId).toBe("r1");
    expect(s.session?.status).toBe("COMPLETED");
    expect(currentQuestion(s)).toBeNull();
  });

  it("ignores events of another session", () => {
    const loaded = apply([{ type: "sessionLoaded", session: session([question(1)]) }]);
    const other = interviewReducer(loaded, { type: "event", event: { __typename: "SessionStatusChanged", sessionId: "s2", at, status: "PAUSED" } });
    expect(other).toBe(loaded);
  });

  it("keeps feedback already received when a refetch brings the transcript without it", () => {
    const loaded = apply([
      { type: "sessionLoaded", session: session([question(1)]) },
      { type: "event", event: { __typename: "TranscriptReady", sessionId: "s1", at, transcript: transcript(1, "USER") } },
      { type: "event", event: { __typename: "AnswerEvaluated", sessionId: "s1", at, transcriptId: "tUSER1", feedback } },
      { type: "event", event: { __typename: "TranscriptReady", sessionId: "s1", at, transcript: transcript(1, "USER") } },
    ]);
    expect(loaded.transcripts[0]?.feedback?.id).toBe("f1");
  });

  it("keeps the most recent live metrics whatever order they come in", () => {
    const m = (lastUpdated: string, pace: number) => ({
      sessionId: "s1",
      currentQuestionNumber: 1,
      questionsCompleted: 0,
      rollingTechnicalAvg: null,
      rollingClarityAvg: null,
      rollingConfidenceAvg: null,
      rollingBehavioralAvg: null,
      currentSpeechPace: pace,
      currentVolume: 0.5,
      silenceDurationMs: 0,
      estimatedTimeRemaining: null,
      lastUpdated,
    });
    const s = apply([
      { type: "sessionLoaded", session: session([question(1)]) },
      { type: "liveMetrics", metrics: m("2026-11-25T10:00:05+00:00", 140) },
      { type: "event", event: { __typename: "LiveMetricsUpdated", sessionId: "s1", at, metrics: m("2026-11-25T10:00:03+00:00", 90) } },
    ]);
    expect(s.liveMetrics?.currentSpeechPace).toBe(140);
    const refetched = interviewReducer(s, { type: "sessionLoaded", session: { ...session([question(1)]), liveMetrics: m("2026-11-25T10:00:09+00:00", 150) } });
    expect(refetched.liveMetrics?.currentSpeechPace).toBe(150);
  });

  it("forgets a dropped take's speaking figures and words, also when a refetch brings the server's copy", () => {
    const take = { ...liveMetrics("2026-11-25T10:00:05+00:00"), currentSpeechPace: 231, currentVolume: 0.7, silenceDurationMs: 400, questionsCompleted: 2 };
    const s = apply([
      { type: "sessionLoaded", session: session([question(1)]) },
      { type: "liveMetrics", metrics: take },
      { type: "event", event: { __typename: "PartialTranscript", sessionId: "s1", at, sequenceNumber: 1, text: "I would start" } },
      { type: "takeDropped" },
    ]);
    expect(s.liveMetrics).toMatchObject({ currentSpeechPace: null, currentVolume: null, silenceDurationMs: null, questionsCompleted: 2 });
    expect(s.partial).toBeNull();
    // After a reconnect the session is read again: the server still has the lost take's figures.
    const refetched = interviewReducer(s, { type: "sessionLoaded", session: { ...session([question(1)]), liveMetrics: take } });
    expect(refetched.liveMetrics?.currentSpeechPace).toBeNull();
    // Figures measured after the drop are the new take's, and show.
    const next = interviewReducer(refetched, { type: "liveMetrics", metrics: { ...take, currentSpeechPace: 150, lastUpdated: "2026-11-25T10:00:30+00:00" } });
    expect(next.liveMetrics?.currentSpeechPace).toBe(150);
  });

  it("shows a question in the conversation before its transcript arrives, once", () => {
    const items = conversation([question(1, at), question(2)], [transcript(1, "AI"), transcript(1, "USER")], "Ada");
    expect(items.map((t) => `${t.speaker}${t.sequenceNumber}`)).toEqual(["AI1", "USER1", "AI2"]);
    expect(items[2]?.text).toBe("Question 2?");
    expect(items[2]?.speakerName).toBe("Ada");
  });
});

describe("PartialTranscript", () => {
  it("shows the words so far, replaced by each partial and cleared by the answer's TranscriptReady", () => {
    const partial = (text: string) => ({ type: "event" as const, event: { __typename: "PartialTranscript" as const, sessionId: "s1", at, sequenceNumber: 1, text } });
    let state = interviewReducer(initialInterviewState, partial("I would start"));
    state = interviewReducer(state, partial("I would start by measuring"));
    expect(state.partial).toEqual({ sequenceNumber: 1, text: "I would start by measuring" });
    state = interviewReducer(state, { type: "event", event: { __typename: "TranscriptReady", sessionId: "s1", at, transcript: transcript(1, "USER") } });
    expect(state.partial).toBeNull();
    expect(interviewReducer(state, partial("late")).partial).toBeNull();
  });

  it("drops a question's earlier chunks when a chunk restarts it", () => {
    const chunk = (i: number, text: string, restarted: boolean, final = false) => ({
      type: "event" as const,
      event: { __typename: "InterviewerSpeech" as const, sessionId: "s1", at, questionId: "q2", chunkIndex: i, textDelta: text, final, restarted, audio: null },
    });
    let state = interviewReducer(initialInterviewState, chunk(0, "Broken.", false));
    state = interviewReducer(state, chunk(1, "Whole question.", true, true));
    expect(playableChunks(state.speech.q2).map((c) => c.textDelta)).toEqual(["Whole question."]);
  });
});
