import { useEffect, useRef, useState } from "react";
import { useQuery } from "urql";
import type { AppProblem } from "../../lib/errors";
import type { RecorderState } from "../audio/recorder";
import { SessionVideoQuery } from "./operations";
import { finishVideo, putVideoChunk } from "./upload";

/** webm is what the server keeps; VP8 + Opus plays in every browser that records it. */
const VIDEO_TYPES = ["video/webm;codecs=vp8,opus", "video/webm;codecs=vp9,opus", "video/webm"];
/** Ten minutes at this rate stay under the server's default 150 MiB per answer. */
const VIDEO_BITS_PER_SECOND = 1_500_000;
const TIMESLICE_MS = 1000;

export type VideoStatus = "off" | "recording" | "saving" | "saved" | "failed";

export interface VideoRecording {
  status: VideoStatus;
  problem: AppProblem | null;
}

interface Take {
  recorder: MediaRecorder;
  sequenceNumber: number;
  next: number;
  /** Chunks go up one after another, in order; the finish waits for the last. */
  queue: Promise<AppProblem | null>;
}

/**
 * Records the camera (with the microphone, so playback has sound) for as long as the answer
 * recorder records, one continuous webm per answer, and uploads each timeslice as it is made; when
 * the answer stops, the server is told to publish the video. Only for interviews started with
 * video and a stream that has a camera; the answer's audio path is untouched, so a video that fails
 * never costs the answer.
 */
export function useVideoRecorder(sessionId: string, sequenceNumber: number | null, stream: MediaStream | null, answer: RecorderState): VideoRecording {
  const [{ data }] = useQuery({ query: SessionVideoQuery, variables: { id: sessionId }, pause: !sessionId });
  const enabled = !!data?.session?.videoEnabled && !!stream && stream.getVideoTracks().length > 0 && typeof MediaRecorder !== "undefined";
  const take = useRef<Take | null>(null);
  const [state, setState] = useState<VideoRecording>({ status: "off", problem: null });
  const kind = answer.kind;

  useEffect(() => {
    const current = take.current;
    if (kind === "recording" && !current && enabled && stream && sequenceNumber !== null) {
      const mimeType = VIDEO_TYPES.find((t) => MediaRecorder.isTypeSupported(t));
      let recorder: MediaRecorder;
      try {
        recorder = new MediaRecorder(stream, { mimeType, videoBitsPerSecond: VIDEO_BITS_PER_SECOND });
      } catch {
        return; // no video recording in this browser: the answer goes on without it
      }
      const started: Take = { recorder, sequenceNumber, next: 0, queue: Promise.resolve(null) };
      recorder.ondataavailable = (event) => {
        if (event.data.size === 0) return;
        const index = started.next++;
        started.queue = started.queue.then((failed) => failed ?? putVideoChunk(sessionId, started.sequenceNumber, index, event.data));
      };
      recorder.onstop = () => {
        setState({ status: "saving", problem: null });
        void started.queue
          .then((failed) => failed ?? finishVideo(sessionId, started.sequenceNumber))
          .then((problem) => setState({ status: problem ? "failed" : "saved", problem }));
      };
      take.current = started;
      recorder.start(TIMESLICE_MS);
      setState({ status: "recording", problem: null });
      return;
    }
    if (!current) return;
    if (kind === "paused" && current.recorder.state === "recording") current.recorder.pause();
    else if (kind === "recording" && current.recorder.state === "paused") current.recorder.resume();
    else if (kind !== "recording" && kind !== "paused" && current.recorder.state !== "inactive") {
      current.recorder.stop();
      take.current = null;
    }
  }, [kind, enabled, stream, sequenceNumber, sessionId]);

  // Leaving the page mid-answer: stop the camera's recorder (the unfinished video is never shown).
  useEffect(
    () => () => {
      const current = take.current;
      if (current && current.recorder.state !== "inactive") {
        current.recorder.onstop = null;
        current.recorder.stop();
      }
    },
    [],
  );

  return state;
}
