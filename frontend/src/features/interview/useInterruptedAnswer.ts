import { useCallback, useEffect, useRef, useState, type Dispatch } from "react";
import { useMutation } from "urql";
import { problemFrom, problemOf, type AppProblem } from "../../lib/errors";
import type { RecorderState } from "../audio/recorder";
import { FinishAnswerMutation } from "./operations";
import type { InterviewAction } from "./state";

/** Recorder states in which leaving the page loses (part of) an answer. */
export function answerInFlight(state: RecorderState): boolean {
  return state.kind === "recording" || state.kind === "paused" || state.kind === "stopping" || state.kind === "recorded" || state.kind === "uploading";
}

const storageKey = (sessionId: string) => `interview.recording.${sessionId}`;

export interface InterruptedAnswer {
  /** The question whose answer a reload (or a closed tab) cut off; null when nothing was lost. */
  sequenceNumber: number | null;
  keeping: boolean;
  problem: AppProblem | null;
  /** Finish the answer from the chunks the server already kept (finishAnswer). */
  keep: () => void;
  /** Drop what was kept and record the answer again (sent whole: see useAnswer). */
  recordAgain: () => void;
}

/**
 * A reload mid-answer: warns before leaving while an answer is being recorded or sent
 * (beforeunload), remembers in sessionStorage which question was being answered, and after the
 * reload offers the two things the server allows. The server keeps every chunk that arrived
 * (appendAnswerAudio), so finishAnswer can make an answer of them. Recording on where the lost take
 * stopped is not possible: a new MediaRecorder starts a new webm stream with its own header, which
 * cannot follow the kept chunks, and a new chunk 0 would collide with the kept one (CONFLICT). So a
 * new take is recorded whole and sent with submitAnswer, which replaces the kept chunks.
 */
export function useInterruptedAnswer({
  sessionId,
  sequenceNumber,
  recorder,
  dispatch,
  onRecordAgain,
}: {
  sessionId: string;
  /** The question waiting for an answer now (null when none). */
  sequenceNumber: number | null;
  recorder: RecorderState;
  dispatch: Dispatch<InterviewAction>;
  /** The next take of `sequenceNumber` is a second one: send it whole. */
  onRecordAgain: (sequenceNumber: number) => void;
}): InterruptedAnswer {
  const [, finishAnswer] = useMutation(FinishAnswerMutation);
  const [stored, setStored] = useState<number | null>(() => {
    const value = Number(sessionStorage.getItem(storageKey(sessionId)));
    return Number.isInteger(value) && value > 0 ? value : null;
  });
  const [keeping, setKeeping] = useState(false);
  const [problem, setProblem] = useState<AppProblem | null>(null);
  const inFlight = answerInFlight(recorder);
  const wasInFlight = useRef(false);

  // Remember the question while its answer is in flight; forget it once the answer is delivered or dropped.
  useEffect(() => {
    if (inFlight && sequenceNumber !== null) sessionStorage.setItem(storageKey(sessionId), String(sequenceNumber));
    else if (wasInFlight.current && recorder.kind === "idle") sessionStorage.removeItem(storageKey(sessionId));
    wasInFlight.current = inFlight;
  }, [inFlight, recorder.kind, sequenceNumber, sessionId]);

  useEffect(() => {
    if (!inFlight) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers show the dialog only when returnValue is set.
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [inFlight]);

  const forget = useCallback(() => {
    sessionStorage.removeItem(storageKey(sessionId));
    setStored(null);
    setProblem(null);
  }, [sessionId]);

  const keep = useCallback(() => {
    if (stored === null) return;
    setKeeping(true);
    setProblem(null);
    void finishAnswer({ sessionId, sequenceNumber: stored }).then((result) => {
      setKeeping(false);
      if (result.data) {
        dispatch({ type: "answered", result: result.data.finishAnswer });
        forget();
      } else setProblem(result.error ? problemOf(result.error) : problemFrom("INTERNAL"));
    });
  }, [stored, sessionId, finishAnswer, dispatch, forget]);

  const recordAgain = useCallback(() => {
    if (stored !== null) onRecordAgain(stored);
    // The lost take's pace and words (the server's copy, loaded after the reload) are not this answer's.
    dispatch({ type: "takeDropped" });
    forget();
  }, [stored, onRecordAgain, dispatch, forget]);

  // Only the question still waiting for its answer can be continued; once it moved on, nothing is lost.
  const live = stored !== null && stored === sequenceNumber && !inFlight ? stored : null;
  return { sequenceNumber: live, keeping, problem, keep, recordAgain };
}
