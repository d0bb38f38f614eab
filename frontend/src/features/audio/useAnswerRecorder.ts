import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import { problemFrom } from "../../lib/errors";
import { elapsedMs, idle, pickMimeType, recorderReducer, type RecorderEvent, type RecorderState } from "./recorder";

export interface AnswerRecorder {
  state: RecorderState;
  /** Milliseconds recorded, ticking while recording. */
  elapsed: number;
  mimeType: string;
  start: (stream: MediaStream) => void;
  finish: () => void;
  pause: () => void;
  resume: () => void;
  dispatch: (event: RecorderEvent) => void;
}

/**
 * MediaRecorder driven by the recorder state machine; the blob appears in state "recorded".
 * `onChunk` receives each timeslice (chunk 0 carries the container header) while recording, for
 * live metrics.
 */
export function useAnswerRecorder(onChunk?: (chunk: Blob, index: number) => void): AnswerRecorder {
  const [state, dispatch] = useReducer(recorderReducer, idle);
  const recorder = useRef<MediaRecorder | null>(null);
  const parts = useRef<Blob[]>([]);
  const chunkRef = useRef(onChunk);
  chunkRef.current = onChunk;
  const [now, setNow] = useState(() => Date.now());
  const [mimeType] = useState(() =>
    typeof MediaRecorder === "undefined" ? "audio/webm" : (pickMimeType((t) => MediaRecorder.isTypeSupported(t)) ?? ""),
  );

  useEffect(() => {
    if (state.kind !== "recording") return;
    const timer = window.setInterval(() => setNow(Date.now()), 250);
    return () => window.clearInterval(timer);
  }, [state.kind]);

  const start = useCallback(
    (stream: MediaStream) => {
      if (typeof MediaRecorder === "undefined") {
        dispatch({ type: "error", problem: problemFrom("INVALID_AUDIO", "This browser can't record audio. Use a recent Chrome, Edge, Firefox or Safari.") });
        return;
      }
      const audioOnly = new MediaStream(stream.getAudioTracks());
      const mr = new MediaRecorder(audioOnly, mimeType ? { mimeType, audioBitsPerSecond: 64_000 } : undefined);
      parts.current = [];
      mr.ondataavailable = (e) => {
        if (e.data.size === 0) return;
        parts.current.push(e.data);
        chunkRef.current?.(e.data, parts.current.length - 1);
      };
      mr.onstop = () => {
        const blob = new Blob(parts.current, { type: mr.mimeType || mimeType || "audio/webm" });
        parts.current = [];
        dispatch({ type: "stopped", blob });
      };
      mr.onerror = () => dispatch({ type: "error", problem: problemFrom("INVALID_AUDIO", "Recording stopped unexpectedly. Please record your answer again.") });
      recorder.current = mr;
      // Timeslices keep a long answer from living in one huge buffer until the end.
      mr.start(1000);
      const at = Date.now();
      setNow(at);
      dispatch({ type: "start", at });
    },
    [mimeType],
  );

  const finish = useCallback(() => {
    const mr = recorder.current;
    if (!mr || mr.state === "inactive") return;
    dispatch({ type: "finish", at: Date.now() });
    mr.stop();
  }, []);

  const pause = useCallback(() => {
    const mr = recorder.current;
    if (mr?.state === "recording") {
      mr.pause();
      dispatch({ type: "pause", at: Date.now() });
    }
  }, []);

  const resume = useCallback(() => {
    const mr = recorder.current;
    if (mr?.state === "paused") {
      mr.resume();
      dispatch({ type: "resume", at: Date.now() });
    }
  }, []);

  useEffect(
    () => () => {
      const mr = recorder.current;
      if (mr && mr.state !== "inactive") {
        mr.onstop = null;
        mr.stop();
      }
    },
    [],
  );

  return { state, elapsed: elapsedMs(state, now), mimeType, start, finish, pause, resume, dispatch };
}
