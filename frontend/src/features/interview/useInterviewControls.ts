import { useCallback, useState, type Dispatch } from "react";
import { useMutation } from "urql";
import { isRetryable, problemOf, type AppProblem } from "../../lib/errors";
import { EndMutation, PauseMutation, ResumeMutation, SkipQuestionMutation } from "./operations";
import type { InterviewAction } from "./state";

export interface ControlsOptions {
  sessionId: string;
  dispatch: Dispatch<InterviewAction>;
  /** The question a skip closes (the one waiting for an answer), if any. */
  sequenceNumber: number | null;
  /** The recorder follows the interview: it pauses and resumes with it. */
  pauseRecording: () => void;
  resumeRecording: () => void;
  /** The interviewer stops talking when the interview is ended. */
  stopSpeech: () => void;
  refetch: () => void;
  onEnded: () => void;
}

export interface InterviewControls {
  pause: () => void;
  resume: () => void;
  skip: () => void;
  end: () => void;
  pausing: boolean;
  resuming: boolean;
  skipping: boolean;
  ending: boolean;
  /** A failed control, until dismissed or the next one. */
  problem: AppProblem | null;
  /** Tries the failed control again, when that can help. */
  retry: (() => void) | null;
  dismiss: () => void;
}

/** Pause, resume, skip and end: each a mutation whose result goes into the interview's reducer. */
export function useInterviewControls(options: ControlsOptions): InterviewControls {
  const { sessionId, dispatch, sequenceNumber, pauseRecording, resumeRecording, stopSpeech, refetch, onEnded } = options;
  const [skipState, skipQuestion] = useMutation(SkipQuestionMutation);
  const [pauseState, pauseInterview] = useMutation(PauseMutation);
  const [resumeState, resumeInterview] = useMutation(ResumeMutation);
  const [endState, endInterview] = useMutation(EndMutation);
  const [problem, setProblem] = useState<AppProblem | null>(null);
  const [retry, setRetry] = useState<(() => void) | null>(null);

  async function pause() {
    setProblem(null);
    pauseRecording();
    const result = await pauseInterview({ sessionId });
    if (result.data) dispatch({ type: "status", status: result.data.pauseInterview.status });
    else if (result.error) setProblem(problemOf(result.error));
  }
  async function resume() {
    setProblem(null);
    const result = await resumeInterview({ sessionId });
    if (result.data) {
      dispatch({ type: "status", status: result.data.resumeInterview.status });
      resumeRecording();
    } else if (result.error) setProblem(problemOf(result.error));
  }
  async function skip() {
    setProblem(null);
    const skipping = sequenceNumber;
    const result = await skipQuestion({ sessionId });
    if (result.error) setProblem(problemOf(result.error));
    else {
      if (skipping !== null) dispatch({ type: "skipped", sequenceNumber: skipping });
      if (result.data?.skipQuestion) dispatch({ type: "turn", turn: result.data.skipQuestion });
    }
    refetch();
  }
  async function end() {
    setProblem(null);
    // An answer in progress is dropped: leaving the page stops the recorder without uploading.
    stopSpeech();
    setRetry(null);
    const result = await endInterview({ sessionId });
    if (result.error) {
      const failed = problemOf(result.error);
      setProblem(failed);
      if (isRetryable(failed)) setRetry(() => () => void end());
    } else onEnded();
  }
  const dismiss = useCallback(() => {
    setProblem(null);
    setRetry(null);
  }, []);

  return {
    pause: () => void pause(),
    resume: () => void resume(),
    skip: () => void skip(),
    end: () => void end(),
    pausing: pauseState.fetching,
    resuming: resumeState.fetching,
    skipping: skipState.fetching,
    ending: endState.fetching,
    problem,
    retry,
    dismiss,
  };
}
