/** Interview data as the server sends it, for the interview's tests. */
import type { AnswerResultFieldsFragment, LiveMetricsFieldsFragment, SessionLiveFieldsFragment } from "../gql/graphql";
import type { Feedback, InterviewEvent, Question, SpeechAudio, Transcript } from "../features/interview/state";

export const at = "2026-11-25T10:00:00+00:00";

export function question(n: number, answeredAt: string | null = null): Question {
  return {
    id: `q${n}`,
    sequenceNumber: n,
    questionText: `Question ${n}?`,
    leadIn: null,
    questionType: "TECHNICAL",
    difficulty: "MEDIUM",
    isFollowUp: false,
    askedAt: at,
    answeredAt,
    skipped: false,
    responseTimeSeconds: null,
    answerQualityScore: null,
  };
}

export function transcript(n: number, speaker: "USER" | "AI", id = `t${speaker}${n}`): Transcript {
  return {
    id,
    sequenceNumber: n,
    speaker,
    speakerName: speaker === "AI" ? "Ada" : "Sam",
    text: speaker === "AI" ? `Question ${n}?` : `Answer ${n}`,
    audioDurationMs: 1000,
    confidenceScore: 0.9,
    timestamp: at,
    voiceMetrics: null,
    feedback: null,
  };
}

export const feedback: Feedback = {
  id: "f1",
  technicalScore: 7,
  clarityScore: 8,
  confidenceScore: 6,
  behavioralScore: 7,
  overallScore: 7,
  technicalFeedback: "",
  clarityFeedback: "",
  confidenceFeedback: "",
  behavioralFeedback: "",
  star: { hasSituation: true, hasTask: true, hasAction: false, hasResult: false },
  speechQualityScore: 7,
  fillerWordsDetected: [],
  feedbackSummary: "Clear and structured.",
  improvementSuggestions: [],
};

export function session(questions: Question[], transcripts: Transcript[] = []): SessionLiveFieldsFragment {
  return {
    id: "s1",
    jobTitle: "Backend engineer",
    interviewType: "TECHNICAL",
    difficulty: "MEDIUM",
    status: "ACTIVE",
    startTime: at,
    endTime: null,
    totalQuestions: 3,
    totalResponses: 0,
    persona: { id: "p1", name: "Ada", title: "Staff engineer", style: "warm", description: "", voice: "joe" },
    questions,
    transcripts,
    liveMetrics: null,
  };
}

export function clip(name: string): SpeechAudio {
  return { mimeType: "audio/ogg", base64: btoa(name), durationMs: 500 };
}

export function speech(questionId: string, chunkIndex: number, final = false, audio = true): InterviewEvent {
  return {
    __typename: "InterviewerSpeech",
    sessionId: "s1",
    at,
    questionId,
    chunkIndex,
    textDelta: `[${chunkIndex}]`,
    final,
    audio: audio ? { mimeType: "audio/ogg", base64: `AA${chunkIndex}`, durationMs: 500 } : null,
  };
}

export function liveMetrics(lastUpdated = at): LiveMetricsFieldsFragment {
  return {
    sessionId: "s1",
    currentQuestionNumber: 1,
    questionsCompleted: 0,
    rollingTechnicalAvg: null,
    rollingClarityAvg: null,
    rollingConfidenceAvg: null,
    rollingBehavioralAvg: null,
    currentSpeechPace: 130,
    currentVolume: 0.5,
    silenceDurationMs: 0,
    estimatedTimeRemaining: 600,
    lastUpdated,
  };
}

export function answerResult(n: number): AnswerResultFieldsFragment {
  return { transcript: transcript(n, "USER"), evaluation: feedback, interviewerResponse: null, liveMetrics: liveMetrics() };
}
