import { useCallback, useEffect } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { Alert, Button, Card, Loading } from "../components/ui";
import { useTitle } from "../components/ui/layout";
import { MEDIA_MESSAGES } from "../features/audio/media";
import { canFinish } from "../features/audio/recorder";
import { useMedia } from "../features/audio/useMedia";
import { answerFailure } from "../features/interview/answer";
import { AnswerBar } from "../features/interview/AnswerBar";
import { Conversation } from "../features/interview/Conversation";
import { FeedbackToasts } from "../features/interview/FeedbackToasts";
import { ControlProblem, InterviewControls } from "../features/interview/InterviewControls";
import { InterviewHeader } from "../features/interview/InterviewHeader";
import { LiveMetricsPanel } from "../features/interview/LiveMetricsPanel";
import { QuestionStage, SelfView } from "../features/interview/QuestionStage";
import { conversation, currentQuestion, interviewerSpeech, nextSequenceNumber, pendingSpeech, spokenText } from "../features/interview/state";
import { useAnswer } from "../features/interview/useAnswer";
import { useAutoFinish } from "../features/interview/useAutoFinish";
import { useFirstQuestion } from "../features/interview/useFirstQuestion";
import { useInterruptedAnswer } from "../features/interview/useInterruptedAnswer";
import { useInterviewControls } from "../features/interview/useInterviewControls";
import { useLiveInterview } from "../features/interview/useLiveInterview";
import { useSpaceToAnswer } from "../features/interview/useSpaceToAnswer";
import { useSpeechPlayer } from "../features/interview/useSpeechPlayer";
import { useVideoRecorder } from "../features/video/useVideoRecorder";
import styles from "../features/interview/interview.module.css";

/**
 * The live interview: the session kept current by its events (useLiveInterview), the interviewer's
 * voice (useSpeechPlayer), the candidate's answer (useAnswer, useAutoFinish) and the controls, laid
 * out by components that each declare the data they show.
 */
export default function InterviewPage() {
  const { id = "" } = useParams();
  const navigate = useNavigate();
  const { state, dispatch, loading, problem, refetch } = useLiveInterview(id);
  const media = useMedia(true);
  const { session } = state;
  const status = session?.status ?? null;
  const question = currentQuestion(state);
  const nextSeq = nextSequenceNumber(state.questions, state.transcripts, status);
  const pending = pendingSpeech(state);
  useTitle(session ? `Interview: ${session.jobTitle}` : "Interview");

  const first = useFirstQuestion(id, state, dispatch);
  const voice = useSpeechPlayer(interviewerSpeech(state), true);
  const answer = useAnswer({
    sessionId: id,
    sequenceNumber: nextSeq,
    open: status === "ACTIVE",
    stream: media.stream,
    dispatch,
    // Runs on a click or key press, by when `listening` (declared below, as it needs `answer.finish`) exists.
    onStart: () => {
      voice.stop();
      listening.restart();
    },
    onConflict: refetch,
  });
  const r = answer.recorder.state;
  useVideoRecorder(id, nextSeq, media.stream, r);
  const listening = useAutoFinish(media.stream, r.kind === "recording", answer.finish);
  const interrupted = useInterruptedAnswer({ sessionId: id, sequenceNumber: nextSeq, recorder: r, dispatch, onRecordAgain: answer.takenBefore });
  // Starting over after a lost take is "Record again": the new take goes up whole.
  const startAnswer = useCallback(() => {
    if (interrupted.sequenceNumber !== null) interrupted.recordAgain();
    answer.start();
  }, [interrupted, answer]);
  useSpaceToAnswer(r.kind === "idle" ? startAnswer : null, canFinish(r) ? answer.finish : null);
  const controls = useInterviewControls({
    sessionId: id,
    dispatch,
    sequenceNumber: nextSeq,
    pauseRecording: answer.recorder.pause,
    resumeRecording: answer.recorder.resume,
    stopSpeech: voice.stop,
    refetch,
    onEnded: () => navigate(`/report/${id}`),
  });

  // The interview ended (here or in another tab): the report is next.
  useEffect(() => {
    if (status === "COMPLETED" && state.reportId) navigate(`/report/${id}`);
  }, [status, state.reportId, id, navigate]);
  const dismissToast = useCallback((toastId: string) => dispatch({ type: "dismissToast", id: toastId }), [dispatch]);

  if (!session || !status) {
    if (loading) return <Loading>Loading your interview…</Loading>;
    return <Alert actions={<Link to="/">Start a new interview</Link>}>{problem ? problem.message : "We couldn't find this interview."}</Alert>;
  }

  const over = status === "COMPLETED" || status === "CANCELLED";
  const paused = status === "PAUSED";
  const answerBusy = r.kind === "stopping" || r.kind === "uploading";
  return (
    <>
      <InterviewHeader session={session}>
        {!over ? (
          <InterviewControls
            paused={paused}
            answerBusy={answerBusy}
            asking={question !== null}
            canSkip={r.kind === "idle"}
            pausing={controls.pausing}
            resuming={controls.resuming}
            skipping={controls.skipping}
            ending={controls.ending}
            onPause={controls.pause}
            onResume={controls.resume}
            onSkip={controls.skip}
            onEnd={controls.end}
          />
        ) : null}
      </InterviewHeader>

      {controls.problem ? <ControlProblem problem={controls.problem} onRetry={controls.retry} retrying={controls.ending} onDismiss={controls.dismiss} /> : null}
      {first.problem && !question ? (
        <div style={{ marginBottom: 16 }}>
          <Alert actions={<Button size="small" onClick={first.ask}>Try again</Button>}>{first.problem.message}</Alert>
        </div>
      ) : null}
      {media.problem ? (
        <div style={{ marginBottom: 16 }}>
          <Alert actions={<Button size="small" variant="secondary" onClick={media.request}>Try again</Button>}>
            <strong>{MEDIA_MESSAGES[media.problem].title}.</strong> {MEDIA_MESSAGES[media.problem].body}
          </Alert>
        </div>
      ) : null}

      {interrupted.sequenceNumber !== null && !over && r.kind === "idle" ? (
        <div style={{ marginBottom: 16 }}>
          <Alert
            tone="warning"
            actions={
              <>
                <Button size="small" onClick={interrupted.keep} busy={interrupted.keeping} disabled={interrupted.keeping}>
                  Use what I said
                </Button>
                <Button size="small" variant="secondary" onClick={interrupted.recordAgain} disabled={interrupted.keeping}>
                  Record again
                </Button>
              </>
            }
          >
            <p>
              <strong>Your answer to question {interrupted.sequenceNumber} was cut off when the page reloaded.</strong> The part that reached us
              is kept: finish the answer with it, or record the answer again.
            </p>
            {interrupted.problem ? <p>{interrupted.problem.message}</p> : null}
          </Alert>
        </div>
      ) : null}
      <div className={styles.layout}>
        <div className={styles.stack}>
          <Card aria-labelledby="question-heading" className={styles.current}>
            <div className={styles.stage}>
              <SelfView stream={media.stream} />
              <QuestionStage
                sessionId={id}
                status={status}
                totalQuestions={session.totalQuestions}
                question={question}
                pendingText={pending ? spokenText(pending) : null}
                answerBusy={answerBusy}
                anyAsked={state.questions.length > 0}
                firstQuestionFailed={first.problem !== null}
                voice={voice}
                onFinish={controls.end}
                finishing={controls.ending}
              />
            </div>
            {!over && question ? (
              <AnswerBar
                recorder={r}
                elapsed={answer.recorder.elapsed}
                level={listening.level}
                failure={answerFailure(r, state.turnFailure, nextSeq)}
                canStart={media.stream !== null && nextSeq !== null}
                paused={paused}
                silentFor={listening.silentFor}
                autoFinish={listening.seconds}
                onAutoFinish={listening.choose}
                onStart={startAnswer}
                onFinish={answer.finish}
                onRetry={answer.retry}
                onRecordAgain={answer.discard}
              />
            ) : null}
          </Card>
          <Conversation transcripts={conversation(state.questions, state.transcripts, session.persona.name)} pendingText={pending ? spokenText(pending) : null} partial={state.partial} />
        </div>
        <div className={styles.stack}>
          <LiveMetricsPanel metrics={state.liveMetrics} totalQuestions={session.totalQuestions} localLevel={listening.level} interviewType={session.interviewType} />
        </div>
      </div>
      <FeedbackToasts toasts={state.toasts} onDismiss={dismissToast} />
    </>
  );
}
