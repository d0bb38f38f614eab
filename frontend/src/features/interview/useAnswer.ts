import { useCallback, useEffect, useRef, type Dispatch } from "react";
import { useMutation, type Client } from "urql";
import type { AnswerResultFieldsFragment } from "../../gql/graphql";
import { problemFrom, problemOf, type AppProblem } from "../../lib/errors";
import { uncachedClient } from "../../lib/graphql";
import { useAnswerRecorder, type AnswerRecorder } from "../audio/useAnswerRecorder";
import { audioFileName, shouldSendWhole, type LiveRecording } from "./answer";
import { AppendAnswerAudioMutation, FinishAnswerMutation, SubmitAnswerMutation } from "./operations";
import type { InterviewAction } from "./state";

export interface AnswerOptions {
  sessionId: string;
  /** The sequence number the next answer carries; null when no question waits for one. */
  sequenceNumber: number | null;
  /** Whether the interview accepts answers now (it is ACTIVE). */
  open: boolean;
  stream: MediaStream | null;
  /** Results (live metrics, the answer's transcript and evaluation) go into the interview's reducer. */
  dispatch: Dispatch<InterviewAction>;
  /** The candidate starts speaking: the interviewer stops, silence is counted from here. */
  onStart?: () => void;
  /** The server's state differs from ours (CONFLICT): read the session again. */
  onConflict?: () => void;
  /** Where the live chunks go: a client without a document cache (see lib/graphql). */
  chunkClient?: Client;
}

export interface Answer {
  recorder: AnswerRecorder;
  /** Starts recording the answer to `sequenceNumber`, if nothing else is going on. */
  start: () => void;
  finish: () => void;
  /** Sends the same recording again after a failure that may pass. */
  retry: () => void;
  /** Drops the recording (its live figures, and a failed turn) so the question can be answered again. */
  discard: () => void;
  /** The server already holds chunks of this question (a take lost to a reload): send the next take whole. */
  takenBefore: (sequenceNumber: number) => void;
}

/**
 * Records one answer and delivers it. Each recorder chunk goes up as it is made: the server measures
 * it for the live metrics panel and keeps it, so when every chunk arrived, "Done" only has to say
 * finishAnswer. A chunk that fails stops the live upload of that answer, and the whole recording is
 * sent with submitAnswer instead; so is a second take of a question, whose chunks would collide with
 * those the server kept from the first.
 */
export function useAnswer({ sessionId, sequenceNumber, open, stream, dispatch, onStart, onConflict, chunkClient = uncachedClient }: AnswerOptions): Answer {
  const [, submitAnswer] = useMutation(SubmitAnswerMutation);
  const [, finishAnswerFromChunks] = useMutation(FinishAnswerMutation);
  const answeringSeq = useRef<number | null>(null);
  const live = useRef<LiveRecording | null>(null);
  const recordedBefore = useRef(new Set<number>());
  const uploadingBlob = useRef<Blob | null>(null);
  const callbacks = useRef({ onStart, onConflict });
  callbacks.current = { onStart, onConflict };

  const onChunk = useCallback(
    (chunk: Blob, chunkIndex: number) => {
      const recording = live.current;
      if (!recording || recording.failed) return;
      const { sequenceNumber: n } = recording;
      const audio = new File([chunk], audioFileName(`live-${n}-${chunkIndex}`, chunk.type), { type: chunk.type });
      recording.sent.push(
        chunkClient
          .mutation(AppendAnswerAudioMutation, { sessionId, sequenceNumber: n, chunkIndex, audio })
          .toPromise()
          .then((result) => {
            if (result.data) dispatch({ type: "liveMetrics", metrics: result.data.appendAnswerAudio });
            else recording.failed = true;
            return !!result.data;
          }),
      );
    },
    [sessionId, chunkClient, dispatch],
  );
  const recorder = useAnswerRecorder(onChunk);
  const { start: startRecorder, dispatch: recorderDispatch, finish } = recorder;
  const idle = recorder.state.kind === "idle";

  const start = useCallback(() => {
    if (!stream || sequenceNumber === null || !open || !idle) return;
    callbacks.current.onStart?.();
    answeringSeq.current = sequenceNumber;
    live.current = { sequenceNumber, sent: [], failed: recordedBefore.current.has(sequenceNumber) };
    recordedBefore.current.add(sequenceNumber);
    dispatch({ type: "clearFailure" });
    startRecorder(stream);
  }, [stream, sequenceNumber, open, idle, dispatch, startRecorder]);

  // Upload once the recording is complete; the same recording is sent again on retry.
  useEffect(() => {
    const s = recorder.state;
    if (s.kind === "recorded") {
      recorderDispatch({ type: "upload" });
      return;
    }
    if (s.kind !== "uploading" || uploadingBlob.current === s.blob || answeringSeq.current === null) return;
    uploadingBlob.current = s.blob;
    const n = answeringSeq.current;
    const blob = s.blob;
    const recording = live.current?.sequenceNumber === n ? live.current : null;

    async function send(): Promise<{ result: AnswerResultFieldsFragment } | { problem: AppProblem }> {
      if (recording && !recording.failed && recording.sent.length > 0) {
        const delivered = await Promise.all(recording.sent);
        if (delivered.every(Boolean)) {
          const finished = await finishAnswerFromChunks({ sessionId, sequenceNumber: n });
          if (finished.data) return { result: finished.data.finishAnswer };
          const problem = finished.error ? problemOf(finished.error) : problemFrom("INTERNAL");
          if (!shouldSendWhole(problem)) return { problem };
        }
        recording.failed = true;
      }
      const audio = new File([blob], audioFileName(`answer-${n}`, blob.type), { type: blob.type });
      const submitted = await submitAnswer({ sessionId, audio, sequenceNumber: n });
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
      if (outcome.problem.code === "CONFLICT") callbacks.current.onConflict?.();
      recorderDispatch({ type: "failed", problem: outcome.problem });
    });
  }, [recorder.state, recorderDispatch, submitAnswer, finishAnswerFromChunks, sessionId, dispatch]);

  const retry = useCallback(() => recorderDispatch({ type: "retry" }), [recorderDispatch]);
  const discard = useCallback(() => {
    recorderDispatch({ type: "discard" });
    dispatch({ type: "clearFailure" });
    dispatch({ type: "takeDropped" });
  }, [recorderDispatch, dispatch]);

  const takenBefore = useCallback((n: number) => {
    recordedBefore.current.add(n);
  }, []);

  return { recorder, start, finish, retry, discard, takenBefore };
}
