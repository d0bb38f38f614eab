import { useCallback, useEffect, useRef, useState } from "react";
import { initialSilence, silenceMs, trackSilence, type SilenceState } from "../audio/level";
import { useLevel } from "../audio/useLevel";

const AUTO_FINISH_KEY = "interview.autoFinishSeconds";
export const AUTO_FINISH_CHOICES = [0, 3, 4, 6, 10];
const DEFAULT_SECONDS = 4;

/** The candidate's choice, kept across interviews; anything unknown falls back to the default. */
export function readAutoFinish(storage: Pick<Storage, "getItem">): number {
  const stored = storage.getItem(AUTO_FINISH_KEY);
  return stored !== null && AUTO_FINISH_CHOICES.includes(Number(stored)) ? Number(stored) : DEFAULT_SECONDS;
}

export interface AutoFinish {
  /** The microphone's level now, 0..1, for the meters. */
  level: number;
  /** Milliseconds of silence since the candidate last spoke in this answer (0 when not recording). */
  silentFor: number;
  /** Seconds of silence that end an answer by themselves; 0 for never. */
  seconds: number;
  choose: (seconds: number) => void;
  /** A new answer starts: thinking time before its first word never counts as silence. */
  restart: () => void;
}

/**
 * The microphone level, and the optional finish of an answer after a chosen silence. Silence is
 * tracked only while recording; a pause keeps what was counted before it.
 */
export function useAutoFinish(stream: MediaStream | null, recording: boolean, finish: () => void): AutoFinish {
  const [seconds, setSeconds] = useState(() => readAutoFinish(localStorage));
  const [silentFor, setSilentFor] = useState(0);
  const silence = useRef<SilenceState>(initialSilence);
  const onFrame = useCallback(
    (level: number, now: number) => {
      if (recording) silence.current = trackSilence(silence.current, level, now);
    },
    [recording],
  );
  const level = useLevel(stream, onFrame);

  useEffect(() => {
    if (!recording) {
      setSilentFor(0);
      return;
    }
    const timer = window.setInterval(() => {
      const ms = silenceMs(silence.current, performance.now());
      setSilentFor(ms);
      if (seconds > 0 && ms >= seconds * 1000) finish();
    }, 200);
    return () => window.clearInterval(timer);
  }, [recording, seconds, finish]);

  const choose = useCallback((value: number) => {
    setSeconds(value);
    localStorage.setItem(AUTO_FINISH_KEY, String(value));
  }, []);
  const restart = useCallback(() => {
    silence.current = initialSilence;
  }, []);

  return { level, silentFor, seconds, choose, restart };
}
