import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { useClient, useMutation, useQuery } from "urql";
import { Alert, Badge, Button, Card, LevelMeter, Loading, formatScore, type ToastItem, Toasts } from "../components/ui";
import { initialSilence, silenceMs, trackSilence, type SilenceState } from "../features/audio/level";
import { MEDIA_MESSAGES } from "../features/audio/media";
import { canFinish, formatClock } from "../features/audio/recorder";
import { useAnswerRecorder } from "../features/audio/useAnswerRecorder";
import { useLevel } from "../features/audio/useLevel";
import { useMedia } from "../features/audio/useMedia";
import { VideoPreview } from "../features/audio/VideoPreview";
import { Conversation } from "../features/interview/Conversation";
import { LiveMetricsPanel } from "../features/interview/LiveMetricsPanel";
import {
  AppendAnswerAudioMutation,
  EndMutation,
  FinishAnswerMutation,
  InitialQuestionMutation,
  InterviewEventsSubscription,
  PauseMutation,
  ResumeMutation,
  SessionQuery,
  SkipQuestionMutation,
  SubmitAnswerMutation,
} from "../features/interview/operations";
import { conversation, currentQuestion, initialInterviewState, interviewReducer, nextSequenceNumber, pendingSpeech, spokenText } from "../features/interview/state";
import { shouldSendWhole, type LiveRecording } from "../features/interview/answer";
import { useSpeechPlayer } from "../features/interview/useSpeechPlayer";
import type { AnswerResultFieldsFragment } from "../gql/graphql";
import { isRecordAgain, isRetryable, mustResubscribe, problemFrom, problemOf, type AppProblem } from "../lib/errors";
import { onReconnect, uncachedClient } from "../lib/graphql";
import styles from "../features/interview/interview.module.css";
import { useTitle } from "../components/ui/layout";

const AUTO_FINISH_KEY = "interview.autoFinishSeconds";
const AUTO_FINISH_CHOICES = [0, 3, 4, 6, 10];

function readAutoFinish(): number {
  const stored = Number(localStorage.getItem(AUTO_FINISH_KEY));
  return AUTO_FINISH_CHOICES.includes(stored) && localStorage.getItem(AUTO_FINISH_KEY) !== null ? stored : 4;
}

const TYPE_LABEL = { TECHNICAL: "Technical", BEHAVIORAL: "Behavioural", SYSTEM_DESIGN: "System design" } as const;
const DIFFICULTY_LABEL = { EASY: "Easy", MEDIUM: "Medium", HARD: "Hard" } as const;

function extensionFor(mime: string): string {
  if (mime.includes("ogg")) return "ogg";
  if (mime.includes("mp4")) return "m4a";
  if (mime.includes("wav")) return "wav";
  return "webm";
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT", "BUTTON", "A"].includes(target.tagName);
}

export default function InterviewPage() {
  const { id = "" } = useParams();
  const navigate = useNavigate();
  const client = useClient();
  const [state, dispatch] = useReducer(interviewReducer, initialInterviewState);
  const [sessionResult, refetchSession] = useQuery({ query: SessionQuery, variables: { id }, requestPolicy: "network-only" });
  const [, askInitial] = useMutation(InitialQuestionMutation);
  const [, submitAnswer] = useMutation(SubmitAnswerMutation);
  const [, finishAnswerFromChunks] = useMutation(FinishAnswerMutation);
  const [skipState, skipQuestion] = useMutation(SkipQuestionMutation);
  const [pauseState, pauseInterview] = useMutation(PauseMutation);
  const [resumeState, resumeInterview] = useMutation(ResumeMutation);
  const [endState, endInterview] = useMutation(EndMutation);
  /** A failed control (pause, skip, end…), with a way to try it again when that can help. */
  const [actionProblem, setActionProblem] = useState<AppProblem | null>(null);
  const [retryAction, setRetryAction] = useState<(() => void) | null>(null);
  const [confirmEnd, setConfirmEnd] = useState(false);
  const [autoFinish, setAutoFinish] = useState(readAutoFinish);
  const media = useMedia(true);
  const answeringSeq = useRef<number | null>(null);
  const live = useRef<LiveRecording | null>(null);
  const recordedBefore = useRef(new Set<number>());
  // Each recorder chunk goes up as it is made: the server measures it for the live metrics panel
  // and keeps it, so when every chunk of an answer arrived, "Done" only has to say finishAnswer.
  // A chunk that fails stops the live upload of that answer; the whole recording is sent instead.
  const onChunk = useCallback(
    (chunk: Blob, chunkIndex: number) => {
      const recording = live.current;
      if (!recording || recording.failed) return;
      const { sequenceNumber } = recording;
      const audio = new File([chunk], `live-${sequenceNumber}-${chunkIndex}.${extensionFor(chunk.type)}`, { type: chunk.type });
      recording.sent.push(
        uncachedClient
          .mutation(AppendAnswerAudioMutation, { sessionId: id, sequenceNumber, chunkIndex, audio })
          .toPromise()
          .then((result) => {
            if (result.data) dispatch({ type: "liveMetrics", metrics: result.data.appendAnswerAudio });
            else recording.failed = true;
            return !!result.data;
          }),
      );
    },
    [id],
  );
  const recorder = useAnswerRecorder(onChunk);
  // The recorder's functions are stable; its state changes. Effects depend on exactly what they use.
  const { finish: finishAnswer, start: startRecorder, dispatch: recorderDispatch } = recorder;
  const recorderKind = recorder.state.kind;
  const silence = useRef<SilenceState>(initialSilence);
  const [silentFor, setSilentFor] = useState(0);
  const uploadingBlob = useRef<Blob | null>(null);
  const askedInitial = useRef(false);

  const refetch = useCallback(() => refetchSession({ requestPolicy: "network-only" }), [refetchSession]);

  // The session as the server has it: on load, after a reload, and after the websocket comes back.
  useEffect(() => {
    if (sessionResult.data?.session) dispatch({ type: "sessionLoaded", session: sessionResult.data.session });
  }, [sessionResult.data]);
  useEffect(() => onReconnect(refetch), [refetch]);

  // Events, in order. Subscribed directly so that every event reaches the reducer exactly once.
  // When the server says events may have been lost, subscribe again and re-read the session.
  const [feed, setFeed] = useState(0);
  useEffect(() => {
    if (!id) return;
    const subscription = client.subscription(InterviewEventsSubscription, { sessionId: id }).subscribe((result) => {
      if (result.data) dispatch({ type: "event", event: result.data.interviewEvents });
      else if (mustResubscribe(result.error)) {
        setFeed((n) => n + 1);
        refetch();
      }
    });
    return () => subscription.unsubscribe();
  }, [client, id, feed, refetch]);

  const session = state.session;
  const status = session?.status ?? null;
  const question = currentQuestion(state);
  const nextSeq = nextSequenceNumber(state.questions, state.transcripts, status);
  const pending = pendingSpeech(state);
  const userAnswers = state.transcripts.filter((t) => t.speaker === "USER").length;

  // Question 1 comes from initialQuestion; asking again returns the same question with its audio.
  const [initialProblem, setInitialProblem] = useState<AppProblem | null>(null);
  const askFirstQuestion = useCallback(() => {
    askedInitial.current = true;
    setInitialProblem(null);
    void askInitial({ sessionId: id }).then((result) => {
      if (result.data) dispatch({ type: "turn", turn: result.data.initialQuestion });
      else if (result.error) setInitialProblem(problemOf(result.error));
    });
  }, [askInitial, id]);
  useEffect(() => {
    if (!session || askedInitial.current || status !== "ACTIVE") return;
    const onlyFirst = state.questions.every((q) => q.sequenceNumber === 1) && userAnswers === 0;
    if (onlyFirst) askFirstQuestion();
  }, [session, status, state.questions, userAnswers, askFirstQuestion]);

  // The interviewer's voice for what is being asked now.
  const speech = pending ?? (question ? state.speech[question.id] : undefined);
  const player = useSpeechPlayer(speech, true);
  useTitle(state.session ? `Interview: ${state.session.jobTitle}` : "Interview");

  // Silence tracking for the optional auto-finish; thinking time before the first word never counts.
  const recording = recorder.state.kind === "recording";
  const onFrame = useCallback(
    (level: number, now: number) => {
      if (!recording) return;
      silence.current = trackSilence(silence.current, level, now);
    },
    [recording],
  );
  const level = useLevel(media.stream, onFrame);
  useEffect(() => {
    if (!recording) {
      setSilentFor(0);
      return;
    }
    const timer = window.setInterval(() => {
      const ms = silenceMs(silence.current, performance.now());
      setSilentFor(ms);
      if (autoFinish > 0 && ms >= autoFinish * 1000) finishAnswer();
    }, 200);
    return () => window.clearInterval(timer);
  }, [recording, autoFinish, finishAnswer]);

  const stopSpeech = player.stop;
  const startAnswer = useCallback(() => {
    if (!media.stream || nextSeq === null || status !== "ACTIVE" || recorderKind !== "idle") return;
    stopSpeech();
    answeringSeq.current = nextSeq;
    // The server keeps the chunks of a question's first recording; a second take of the same question
    // would collide with them, so it is uploaded whole.
    live.current = { sequenceNumber: nextSeq, sent: [], failed: recordedBefore.current.has(nextSeq) };
    recordedBefore.current.add(nextSeq);
    silence.current = initialSilence;
    dispatch({ type: "clearFailure" });
    startRecorder(media.stream);
  }, [media.stream, nextSeq, status, recorderKind, stopSpeech, startRecorder]);

  // Upload once the recording is complete; the same recording is sent again on retry.
  useEffect(() => {
    const s = recorder.state;
    if (s.kind === "recorded") {
      recorderDispatch({ type: "upload" });
      return;
    }
    if (s.kind !== "uploading" || uploadingBlob.current === s.blob || answeringSeq.current === null) return;
    uploadingBlob.current = s.blob;
    const sequenceNumber = answeringSeq.current;
    const blob = s.blob;
    const recording = live.current?.sequenceNumber === sequenceNumber ? live.current : null;

    async function send(): Promise<{ result: AnswerResultFieldsFragment } | { problem: AppProblem }> {
      if (recording && !recording.failed && recording.sent.length > 0) {
        const delivered = await Promise.all(recording.sent);
        if (delivered.every(Boolean)) {
          const finished = await finishAnswerFromChunks({ sessionId: id, sequenceNumber });
          if (finished.data) return { result: finished.data.finishAnswer };
          const problem = finished.error ? problemOf(finished.error) : problemFrom("INTERNAL");
          if (!shouldSendWhole(problem)) return { problem };
        }
        recording.failed = true;
      }
      const audio = new File([blob], `answer-${sequenceNumber}.${extensionFor(blob.type)}`, { type: blob.type });
      const submitted = await submitAnswer({ sessionId: id, audio, sequenceNumber });
      if (submitted.data) return { result: submitted.data.submitAnswer };
      return { problem: submitted.error ? problemOf(submitted.error) : problemFrom("INTERNAL") };
    }

    void send().then((outcome) => {
      uploadingBlob.current = null;
      if ("result" in outcome) {
        dispatch({ type: "answered", result: outcome.result });
        recorderDispatch({ type: "uploaded" });
        return;
      }
      if (outcome.problem.code === "CONFLICT") void refetch();
      recorderDispatch({ type: "failed", problem: outcome.problem });
    });
  }, [recorder.state, recorderDispatch, submitAnswer, finishAnswerFromChunks, id, refetch]);

  // Space starts an answer and ends it, unless a control has focus (then space presses that control).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.code !== "Space" && event.key !== " ") return;
      if (event.repeat || isTyping(event.target)) return;
      event.preventDefault();
      if (canFinish(recorder.state)) finishAnswer();
      else if (recorderKind === "idle") startAnswer();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [recorder.state, recorderKind, finishAnswer, startAnswer]);

  // The interview ended (here or in another tab): the report is next.
  useEffect(() => {
    if (status === "COMPLETED" && state.reportId) navigate(`/report/${id}`);
  }, [status, state.reportId, id, navigate]);

  async function pause() {
    setActionProblem(null);
    recorder.pause();
    const result = await pauseInterview({ sessionId: id });
    if (result.data) dispatch({ type: "status", status: result.data.pauseInterview.status });
    else if (result.error) setActionProblem(problemOf(result.error));
  }
  async function resume() {
    setActionProblem(null);
    const result = await resumeInterview({ sessionId: id });
    if (result.data) {
      dispatch({ type: "status", status: result.data.resumeInterview.status });
      recorder.resume();
    } else if (result.error) setActionProblem(problemOf(result.error));
  }
  async function skip() {
    setActionProblem(null);
    const skipping = nextSeq;
    const result = await skipQuestion({ sessionId: id });
    if (result.error) setActionProblem(problemOf(result.error));
    else {
      if (skipping !== null) dispatch({ type: "skipped", sequenceNumber: skipping });
      if (result.data?.skipQuestion) dispatch({ type: "turn", turn: result.data.skipQuestion });
    }
    void refetch();
  }
  async function end() {
    setActionProblem(null);
    // An answer in progress is dropped: leaving the page stops the recorder without uploading.
    player.stop();
    setRetryAction(null);
    const result = await endInterview({ sessionId: id });
    if (result.error) {
      const problem = problemOf(result.error);
      setActionProblem(problem);
      if (isRetryable(problem)) setRetryAction(() => () => void end());
    } else navigate(`/report/${id}`);
  }

  const toasts: ToastItem[] = useMemo(
    () =>
      state.toasts.map((t) => ({
        id: t.id,
        content: (
          <>
            <p>
              <strong>
                {t.sequenceNumber ? `Answer ${t.sequenceNumber}` : "Answer"} scored {formatScore(t.feedback.overallScore)}
              </strong>
            </p>
            {t.feedback.feedbackSummary ? <p style={{ opacity: 0.85, fontSize: "0.9rem" }}>{t.feedback.feedbackSummary}</p> : null}
          </>
        ),
      })),
    [state.toasts],
  );
  const dismissToast = useCallback((toastId: string) => dispatch({ type: "dismissToast", id: toastId }), []);

  if (!session) {
    if (sessionResult.fetching || (!sessionResult.data && !sessionResult.error)) return <Loading>Loading your interview…</Loading>;
    return (
      <Alert actions={<Link to="/">Start a new interview</Link>}>
        {sessionResult.error ? problemOf(sessionResult.error).message : "We couldn't find this interview."}
      </Alert>
    );
  }

  const over = status === "COMPLETED" || status === "CANCELLED";
  const paused = status === "PAUSED";
  const r = recorder.state;
  const busy = r.kind === "stopping" || r.kind === "uploading";
  const questionText = question?.questionText ?? (pending ? spokenText(pending) : null);
  const waitingForNext = !question && (pending !== null || busy);
  const allAnswered = !question && !pending && !busy && state.questions.length > 0 && !over;
  const failure = r.kind === "failed" ? r.problem : state.turnFailure && state.turnFailure.sequenceNumber === nextSeq ? state.turnFailure.problem : null;

  return (
    <>
      <div className={styles.topbar}>
        <div>
          <h1 className={styles.title}>{session.jobTitle}</h1>
          <div className={styles.meta}>
            <Badge tone="brand">{session.persona.name}</Badge>
            <Badge>{TYPE_LABEL[session.interviewType]}</Badge>
            <Badge>{DIFFICULTY_LABEL[session.difficulty]}</Badge>
            {paused ? <Badge tone="warning">Paused</Badge> : null}
            {over ? <Badge>{status === "COMPLETED" ? "Completed" : "Cancelled"}</Badge> : null}
          </div>
        </div>
        {!over ? (
          <div className={`${styles.controls} no-print`}>
            {paused ? (
              <Button variant="secondary" onClick={resume} busy={resumeState.fetching}>
                Resume
              </Button>
            ) : (
              <Button variant="secondary" onClick={pause} busy={pauseState.fetching} disabled={busy}>
                Pause
              </Button>
            )}
            <Button variant="secondary" onClick={skip} busy={skipState.fetching} disabled={!question || paused || r.kind !== "idle"}>
              Skip question
            </Button>
            {confirmEnd ? (
              <span className={styles.confirm} role="group" aria-label="Confirm ending the interview">
                <Button variant="danger" onClick={end} busy={endState.fetching} autoFocus>
                  End now
                </Button>
                <Button variant="ghost" onClick={() => setConfirmEnd(false)}>
                  Keep going
                </Button>
              </span>
            ) : (
              <Button variant="danger" onClick={() => (question ? setConfirmEnd(true) : void end())} busy={endState.fetching} disabled={busy}>
                End interview
              </Button>
            )}
          </div>
        ) : null}
      </div>

      {actionProblem ? (
        <div style={{ marginBottom: 16 }}>
          <Alert
            actions={
              <>
                {retryAction ? (
                  <Button size="small" onClick={retryAction} busy={endState.fetching}>
                    Try again
                  </Button>
                ) : null}
                <Button
                  size="small"
                  variant="secondary"
                  onClick={() => {
                    setActionProblem(null);
                    setRetryAction(null);
                  }}
                >
                  Dismiss
                </Button>
              </>
            }
          >
            {actionProblem.message}
          </Alert>
        </div>
      ) : null}
      {initialProblem && !question ? (
        <div style={{ marginBottom: 16 }}>
          <Alert actions={<Button size="small" onClick={askFirstQuestion}>Try again</Button>}>{initialProblem.message}</Alert>
        </div>
      ) : null}
      {media.problem ? (
        <div style={{ marginBottom: 16 }}>
          <Alert actions={<Button size="small" variant="secondary" onClick={media.request}>Try again</Button>}>
            <strong>{MEDIA_MESSAGES[media.problem].title}.</strong> {MEDIA_MESSAGES[media.problem].body}
          </Alert>
        </div>
      ) : null}

      <div className={styles.layout}>
        <div className={styles.stack}>
          <Card aria-labelledby="question-heading">
            <div className={styles.stage}>
              <div className={styles.selfView}>
                {media.stream && media.stream.getVideoTracks().length > 0 ? <VideoPreview stream={media.stream} label="Your camera" /> : <span>Camera off</span>}
              </div>
              <div>
                <h2 id="question-heading" className={styles.questionLabel}>
                  {question ? `Question ${question.sequenceNumber} of ${session.totalQuestions}` : over ? "Interview over" : "Interviewer"}
                  {question?.isFollowUp ? <Badge>Follow-up</Badge> : null}
                  {player.playing ? (
                    <span className={styles.speaking}>
                      <span className={styles.wave} aria-hidden="true">
                        <i />
                        <i />
                        <i />
                      </span>
                      speaking
                    </span>
                  ) : null}
                </h2>
                {over ? (
                  <>
                    <p className={styles.question}>This interview has ended.</p>
                    {status === "COMPLETED" ? <Link to={`/report/${id}`}>See your report</Link> : <Link to="/">Start a new interview</Link>}
                  </>
                ) : questionText ? (
                  <p className={styles.question} aria-live="polite">
                    {questionText}
                  </p>
                ) : allAnswered ? (
                  <>
                    <p className={styles.question}>That was the last question. Well done.</p>
                    <Button onClick={end} busy={endState.fetching} size="large">
                      Finish and see my report
                    </Button>
                  </>
                ) : initialProblem ? (
                  <p className="muted">The first question couldn't be prepared yet.</p>
                ) : (
                  <Loading>Your interviewer is preparing the first question…</Loading>
                )}
                {waitingForNext && !questionText ? <p className="muted">Your interviewer is thinking…</p> : null}
                {!over && (player.blocked || player.canReplay) ? (
                  <Button variant="ghost" size="small" onClick={player.replay}>
                    {player.blocked ? "▶ Play the question" : "↻ Hear it again"}
                  </Button>
                ) : null}
              </div>
            </div>

            {!over && question ? (
              <div className={`${styles.answerBar} no-print`}>
                {failure ? (
                  <Alert
                    tone={isRecordAgain(failure) ? "warning" : "error"}
                    actions={
                      <>
                        {r.kind === "failed" && r.blob && isRetryable(failure) ? (
                          <Button size="small" onClick={() => recorder.dispatch({ type: "retry" })}>
                            Try again
                          </Button>
                        ) : null}
                        <Button
                          size="small"
                          variant="secondary"
                          onClick={() => {
                            recorder.dispatch({ type: "discard" });
                            dispatch({ type: "clearFailure" });
                          }}
                        >
                          Record again
                        </Button>
                      </>
                    }
                  >
                    {failure.message}
                  </Alert>
                ) : null}
                {r.kind === "idle" ? (
                  <div className={styles.answerRow}>
                    <Button size="large" onClick={startAnswer} disabled={!media.stream || paused || nextSeq === null}>
                      Start answer
                    </Button>
                    <span className="muted" style={{ fontSize: "0.9rem" }}>
                      {paused ? "Resume the interview to answer." : (
                        <>
                          or press <kbd className={styles.kbd}>Space</kbd>. Take your time to think first.
                        </>
                      )}
                    </span>
                  </div>
                ) : null}
                {r.kind === "recording" || r.kind === "paused" ? (
                  <div className={styles.answerRow}>
                    <span className={styles.recDot} aria-hidden="true" />
                    <span className={styles.timer} role="timer" aria-label="Answer time">
                      {formatClock(recorder.elapsed)}
                    </span>
                    <div className={styles.meterWrap}>
                      <LevelMeter level={level} label="Your voice level" />
                    </div>
                    <Button size="large" onClick={recorder.finish}>
                      Done
                    </Button>
                  </div>
                ) : null}
                {r.kind === "recording" ? (
                  <span className="muted" style={{ fontSize: "0.88rem" }} aria-live="polite">
                    {r.kind === "recording" && autoFinish > 0 && silentFor > 1500
                      ? `Finishing in ${Math.max(0, Math.ceil(autoFinish - silentFor / 1000))} s unless you keep talking…`
                      : (
                        <>
                          Press <strong>Done</strong> or <kbd className={styles.kbd}>Space</kbd> when you've finished.
                        </>
                      )}
                  </span>
                ) : null}
                {busy ? (
                  <div className={styles.answerRow} role="status">
                    <Loading>{r.kind === "stopping" ? "Saving your answer…" : "Listening to your answer and preparing feedback…"}</Loading>
                  </div>
                ) : null}
                <div className={styles.settings}>
                  <label htmlFor="auto-finish">Finish automatically after a silence of</label>
                  <select
                    id="auto-finish"
                    value={autoFinish}
                    onChange={(e) => {
                      const value = Number(e.target.value);
                      setAutoFinish(value);
                      localStorage.setItem(AUTO_FINISH_KEY, String(value));
                    }}
                  >
                    {AUTO_FINISH_CHOICES.map((s) => (
                      <option key={s} value={s}>
                        {s === 0 ? "never" : `${s} seconds`}
                      </option>
                    ))}
                  </select>
                </div>
              </div>
            ) : null}
          </Card>
          <Conversation transcripts={conversation(state.questions, state.transcripts, session.persona.name)} pendingText={pending ? spokenText(pending) : null} />
        </div>
        <div className={styles.stack}>
          <LiveMetricsPanel metrics={state.liveMetrics} totalQuestions={session.totalQuestions} localLevel={level} />
        </div>
      </div>
      <Toasts items={toasts} onDismiss={dismissToast} />
    </>
  );
}
