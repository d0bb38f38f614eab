/**
 * The live interview as one reducer: the session as loaded from `session(id)`, then kept current by
 * mutation results and by interviewEvents. Every input is idempotent (merged by id), so the same event
 * seen twice — once from a mutation result, once from the subscription, or again after a reconnect
 * and refetch — changes nothing.
 */
import type {
  AnswerResultFieldsFragment,
  FeedbackFieldsFragment,
  InterviewEventsSubscription,
  InterviewerTurnFieldsFragment,
  LiveMetricsFieldsFragment,
  QuestionFieldsFragment,
  QuestionStageFieldsFragment,
  SessionLiveFieldsFragment,
  SessionStatus,
  SpeechAudioFieldsFragment,
  TranscriptFieldsFragment,
} from "../../gql/graphql";
import { problemFrom, type AppProblem } from "../../lib/errors";

export type InterviewEvent = InterviewEventsSubscription["interviewEvents"];
/** As the page's documents read a question: its fields and what the question stage shows of it. */
export type Question = QuestionFieldsFragment & QuestionStageFieldsFragment;
export type Transcript = TranscriptFieldsFragment;
export type SpeechAudio = SpeechAudioFieldsFragment;
export type Feedback = FeedbackFieldsFragment;

export interface SpeechChunk {
  chunkIndex: number;
  textDelta: string;
  audio: SpeechAudio | null;
  final: boolean;
  /** This chunk starts the question over (a provider failed mid-stream): earlier chunks are dropped. */
  restarted?: boolean;
}

/** The candidate's words recognised so far in the answer still being recorded. */
export interface PartialAnswer {
  sequenceNumber: number;
  text: string;
}

/** The interviewer's words for one question, as streamed. */
export interface Speech {
  questionId: string;
  /** Chunks by chunkIndex; they may arrive out of order or twice. */
  chunks: Record<number, SpeechChunk>;
  /** A clip from a mutation result, played only when no chunk brought audio. */
  fallbackAudio: SpeechAudio | null;
}

export interface FeedbackToast {
  id: string;
  sequenceNumber: number | null;
  feedback: Feedback;
}

export interface InterviewState {
  session: Omit<SessionLiveFieldsFragment, "questions" | "transcripts" | "liveMetrics"> | null;
  questions: Question[];
  transcripts: Transcript[];
  liveMetrics: LiveMetricsFieldsFragment | null;
  speech: Record<string, Speech>;
  toasts: FeedbackToast[];
  /** The last turn that failed (TurnFailed event), so the page can offer to record again. */
  turnFailure: { sequenceNumber: number; problem: AppProblem } | null;
  reportId: string | null;
  /** PartialTranscript: replaced by each new one, cleared by the answer's TranscriptReady. */
  partial: PartialAnswer | null;
  /**
   * When a take was dropped ("Record again"), the `lastUpdated` of the metrics shown then: metrics
   * measured up to that moment describe the lost take, so their speaking figures are not shown again
   * (a refetch brings the server's copy, which still has them until the next answer).
   */
  takeDroppedAt: string | null;
}

export const initialInterviewState: InterviewState = {
  session: null,
  questions: [],
  transcripts: [],
  liveMetrics: null,
  speech: {},
  toasts: [],
  turnFailure: null,
  reportId: null,
  partial: null,
  takeDroppedAt: null,
};

export type InterviewAction =
  | { type: "sessionLoaded"; session: SessionLiveFieldsFragment }
  | { type: "event"; event: InterviewEvent }
  | { type: "turn"; turn: InterviewerTurnFieldsFragment }
  | { type: "answered"; result: AnswerResultFieldsFragment }
  | { type: "status"; status: SessionStatus }
  | { type: "liveMetrics"; metrics: LiveMetricsFieldsFragment }
  | { type: "skipped"; sequenceNumber: number }
  | { type: "dismissToast"; id: string }
  | { type: "clearFailure" }
  /** The take being answered was refused or lost and the candidate records again: forget its figures. */
  | { type: "takeDropped" };

function byId<T extends { id: string }>(list: T[], item: T): T[] {
  const index = list.findIndex((x) => x.id === item.id);
  if (index === -1) return [...list, item];
  const copy = list.slice();
  copy[index] = item;
  return copy;
}

function sortQuestions(list: Question[]): Question[] {
  return list.slice().sort((a, b) => a.sequenceNumber - b.sequenceNumber);
}

/** The conversation order: by question, the interviewer's words before the candidate's answer. */
function sortTranscripts(list: Transcript[]): Transcript[] {
  return list.slice().sort((a, b) => {
    if (a.sequenceNumber !== b.sequenceNumber) return a.sequenceNumber - b.sequenceNumber;
    if (a.speaker !== b.speaker) return a.speaker === "AI" ? -1 : 1;
    return a.timestamp.localeCompare(b.timestamp);
  });
}

function mergeQuestion(state: InterviewState, question: Question): InterviewState {
  return { ...state, questions: sortQuestions(byId(state.questions, question)) };
}

/** A transcript answering question n marks question n answered, even before the session is refetched. */
function mergeTranscript(state: InterviewState, transcript: Transcript): InterviewState {
  const existing = state.transcripts.find((t) => t.id === transcript.id);
  // Keep feedback that arrived first through AnswerEvaluated.
  const merged = existing && !transcript.feedback && existing.feedback ? { ...transcript, feedback: existing.feedback } : transcript;
  let questions = state.questions;
  if (transcript.speaker === "USER") {
    questions = questions.map((q) =>
      q.sequenceNumber === transcript.sequenceNumber && !q.answeredAt ? { ...q, answeredAt: transcript.timestamp } : q,
    );
  }
  const turnFailure = state.turnFailure?.sequenceNumber === transcript.sequenceNumber && transcript.speaker === "USER" ? null : state.turnFailure;
  return { ...state, questions, transcripts: sortTranscripts(byId(state.transcripts, merged)), turnFailure };
}

function addToast(state: InterviewState, transcriptId: string, feedback: Feedback): InterviewState {
  if (state.toasts.some((t) => t.feedback.id === feedback.id)) return state;
  const transcript = state.transcripts.find((t) => t.id === transcriptId);
  return {
    ...state,
    toasts: [...state.toasts, { id: feedback.id, sequenceNumber: transcript?.sequenceNumber ?? null, feedback }].slice(-3),
  };
}

function mergeFeedback(state: InterviewState, transcriptId: string, feedback: Feedback, toast: boolean): InterviewState {
  const transcripts = state.transcripts.map((t) => (t.id === transcriptId ? { ...t, feedback } : t));
  const next = { ...state, transcripts };
  return toast ? addToast(next, transcriptId, feedback) : next;
}

function speechFor(state: InterviewState, questionId: string): Speech {
  return state.speech[questionId] ?? { questionId, chunks: {}, fallbackAudio: null };
}

function mergeChunk(state: InterviewState, questionId: string, chunk: SpeechChunk): InterviewState {
  const speech = speechFor(state, questionId);
  if (speech.chunks[chunk.chunkIndex]) return state;
  return {
    ...state,
    speech: { ...state.speech, [questionId]: { ...speech, chunks: { ...speech.chunks, [chunk.chunkIndex]: chunk } } },
  };
}

function mergeTurn(state: InterviewState, turn: InterviewerTurnFieldsFragment): InterviewState {
  const withQuestion = mergeQuestion(state, turn.question);
  if (!turn.audio) return withQuestion;
  const speech = speechFor(withQuestion, turn.question.id);
  if (speech.fallbackAudio) return withQuestion;
  return { ...withQuestion, speech: { ...withQuestion.speech, [turn.question.id]: { ...speech, fallbackAudio: turn.audio } } };
}

/** The metrics without the speaking figures of the answer in progress (pace, volume, silence). */
function withoutTake(metrics: LiveMetricsFieldsFragment): LiveMetricsFieldsFragment {
  return { ...metrics, currentSpeechPace: null, currentVolume: null, silenceDurationMs: null };
}

/**
 * Metrics arrive from events, mutation results and refetches; the most recent one wins. Those
 * measured before a dropped take was dropped keep their scores but not that take's speaking figures.
 */
function newerMetrics(state: InterviewState, metrics: LiveMetricsFieldsFragment): InterviewState {
  if (state.liveMetrics && metrics.lastUpdated < state.liveMetrics.lastUpdated) return state;
  const dropped = state.takeDroppedAt !== null && metrics.lastUpdated <= state.takeDroppedAt;
  return { ...state, liveMetrics: dropped ? withoutTake(metrics) : metrics };
}

function dropTake(state: InterviewState): InterviewState {
  const { liveMetrics } = state;
  return {
    ...state,
    partial: null,
    liveMetrics: liveMetrics ? withoutTake(liveMetrics) : null,
    takeDroppedAt: liveMetrics?.lastUpdated ?? state.takeDroppedAt,
  };
}

function withStatus(state: InterviewState, status: SessionStatus): InterviewState {
  return state.session ? { ...state, session: { ...state.session, status } } : state;
}

export function interviewReducer(state: InterviewState, action: InterviewAction): InterviewState {
  switch (action.type) {
    case "sessionLoaded": {
      const { questions, transcripts, liveMetrics, ...session } = action.session;
      // Merge rather than replace: events may have arrived while the query was in flight, and the
      // server's copy of what it has wins over ours.
      let next: InterviewState = { ...state, session };
      for (const q of questions) next = mergeQuestion(next, q);
      for (const t of transcripts) next = mergeTranscript(next, t);
      return liveMetrics ? newerMetrics(next, liveMetrics) : next;
    }
    case "turn":
      return mergeTurn(state, action.turn);
    case "answered": {
      const { transcript, evaluation, interviewerResponse, liveMetrics } = action.result;
      let next = mergeTranscript(state, transcript);
      next = mergeFeedback(next, transcript.id, evaluation, true);
      if (interviewerResponse) next = mergeTurn(next, interviewerResponse);
      return newerMetrics(next, liveMetrics);
    }
    case "status":
      return withStatus(state, action.status);
    case "liveMetrics":
      return newerMetrics(state, action.metrics);
    case "skipped":
      return { ...state, questions: state.questions.map((q) => (q.sequenceNumber === action.sequenceNumber ? { ...q, skipped: true } : q)) };
    case "dismissToast":
      return { ...state, toasts: state.toasts.filter((t) => t.id !== action.id) };
    case "clearFailure":
      return { ...state, turnFailure: null };
    case "takeDropped":
      return dropTake(state);
    case "event":
      return applyEvent(state, action.event);
  }
}

function applyEvent(state: InterviewState, event: InterviewEvent): InterviewState {
  if (state.session && event.sessionId !== state.session.id) return state;
  switch (event.__typename) {
    case "TranscriptReady": {
      const next = mergeTranscript(state, event.transcript);
      const done = state.partial && event.transcript.speaker === "USER" && event.transcript.sequenceNumber === state.partial.sequenceNumber;
      return done ? { ...next, partial: null } : next;
    }
    case "PartialTranscript":
      if (state.transcripts.some((t) => t.speaker === "USER" && t.sequenceNumber === event.sequenceNumber)) return state;
      return { ...state, partial: { sequenceNumber: event.sequenceNumber, text: event.text } };
    case "AnswerEvaluated":
      return mergeFeedback(state, event.transcriptId, event.feedback, true);
    case "InterviewerSpeech":
      return mergeChunk(state, event.questionId, {
        chunkIndex: event.chunkIndex,
        textDelta: event.textDelta,
        audio: event.audio ?? null,
        final: event.final,
        restarted: event.restarted,
      });
    case "QuestionAsked":
      return mergeQuestion(state, event.question);
    case "LiveMetricsUpdated":
      return newerMetrics(state, event.metrics);
    case "SessionStatusChanged":
      return withStatus(state, event.status);
    case "ReportReady":
      return { ...state, reportId: event.report.id };
    case "TurnFailed":
      return {
        ...state,
        turnFailure: { sequenceNumber: event.sequenceNumber, problem: problemFrom(event.code, event.message) },
      };
    default:
      return state;
  }
}

/**
 * The chunks that can be played now: those from chunkIndex 0 up to the first one not yet received.
 * A chunk that arrives early waits for the ones before it.
 */
export function playableChunks(speech: Speech | undefined): SpeechChunk[] {
  if (!speech) return [];
  let ordered: SpeechChunk[] = [];
  for (let i = 0; ; i++) {
    const chunk = speech.chunks[i];
    if (!chunk) break;
    // The question started over: what came before is dropped (its audio too).
    if (chunk.restarted) ordered = [];
    ordered.push(chunk);
    if (chunk.final) break;
  }
  return ordered;
}

/** The interviewer's text so far, in chunk order. */
export function spokenText(speech: Speech | undefined): string {
  return playableChunks(speech)
    .map((c) => c.textDelta)
    .join("");
}

/** Whether every chunk up to the final one has arrived. */
export function speechComplete(speech: Speech | undefined): boolean {
  const chunks = playableChunks(speech);
  return chunks.length > 0 && chunks[chunks.length - 1]!.final;
}

/** Whether any streamed chunk carried audio (then the mutation's clip must not play as well). */
export function hasStreamedAudio(speech: Speech | undefined): boolean {
  return !!speech && Object.values(speech.chunks).some((c) => c.audio !== null);
}

/**
 * The sequence number the next answer must carry: that of the last question asked, if it has no
 * answer yet and was not skipped. Null when every question asked is answered (the interview is waiting to be ended) or
 * when it is over.
 */
export function nextSequenceNumber(
  questions: Pick<Question, "sequenceNumber" | "answeredAt" | "skipped">[],
  transcripts: Pick<Transcript, "sequenceNumber" | "speaker">[],
  status: SessionStatus | null = "ACTIVE",
): number | null {
  if (status === "COMPLETED" || status === "CANCELLED") return null;
  let last: Pick<Question, "sequenceNumber" | "answeredAt" | "skipped"> | null = null;
  for (const q of questions) if (!last || q.sequenceNumber > last.sequenceNumber) last = q;
  if (!last) return null;
  const closed =
    last.answeredAt !== null || last.skipped || transcripts.some((t) => t.speaker === "USER" && t.sequenceNumber === last.sequenceNumber);
  return closed ? null : last.sequenceNumber;
}

/** The question the candidate is answering now. */
export function currentQuestion(state: InterviewState): Question | null {
  const n = nextSequenceNumber(state.questions, state.transcripts, state.session?.status ?? null);
  return n === null ? null : (state.questions.find((q) => q.sequenceNumber === n) ?? null);
}

/** Text being spoken for a question that QuestionAsked has not announced yet. */
export function pendingSpeech(state: InterviewState): Speech | null {
  for (const speech of Object.values(state.speech)) {
    if (!state.questions.some((q) => q.id === speech.questionId) && Object.keys(speech.chunks).length > 0) return speech;
  }
  return null;
}

/** The interviewer's voice for what is being asked now: words for a question not yet announced, else the current question's. */
export function interviewerSpeech(state: InterviewState): Speech | undefined {
  const pending = pendingSpeech(state);
  if (pending) return pending;
  const question = currentQuestion(state);
  return question ? state.speech[question.id] : undefined;
}

/**
 * The conversation as the candidate saw it: every transcript, plus the questions whose interviewer
 * transcript has not arrived yet (a question shows up at once; its transcript with the next refetch).
 */
export function conversation(questions: Question[], transcripts: Transcript[], interviewerName: string): Transcript[] {
  const spoken = new Set(transcripts.filter((t) => t.speaker === "AI").map((t) => t.sequenceNumber));
  const asked: Transcript[] = questions
    .filter((q) => !spoken.has(q.sequenceNumber))
    .map((q) => ({
      id: `question-${q.id}`,
      sequenceNumber: q.sequenceNumber,
      speaker: "AI",
      speakerName: interviewerName,
      text: q.questionText,
      audioDurationMs: null,
      confidenceScore: null,
      timestamp: q.askedAt,
      voiceMetrics: null,
      feedback: null,
    }));
  return sortTranscripts([...transcripts, ...asked]);
}
