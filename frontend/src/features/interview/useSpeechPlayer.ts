import { useCallback, useEffect, useRef, useState } from "react";
import { allClips, freshProgress, planSpeech, startFallback, type SpeechProgress } from "./speech";
import type { Speech, SpeechAudio } from "./state";

/** How long to wait for streamed chunks before playing the clip a mutation returned. */
const FALLBACK_DELAY_MS = 700;

export function audioBlob(audio: SpeechAudio): Blob {
  const binary = atob(audio.base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], { type: audio.mimeType });
}

export interface SpeechPlayer {
  playing: boolean;
  /** The browser refused to play without a click (autoplay policy): show a play button. */
  blocked: boolean;
  canReplay: boolean;
  replay: () => void;
  stop: () => void;
}

/**
 * Plays the interviewer's voice for one question: streamed chunks in chunkIndex order as soon as the
 * first arrives, or the mutation's whole clip when no chunk brought audio. Never both.
 */
export function useSpeechPlayer(speech: Speech | undefined, enabled: boolean): SpeechPlayer {
  const audioRef = useRef<HTMLAudioElement | null>(null);
  const queue = useRef<SpeechAudio[]>([]);
  const progress = useRef<SpeechProgress>(freshProgress);
  const questionRef = useRef<string | null>(null);
  const urlRef = useRef<string | null>(null);
  const [playing, setPlaying] = useState(false);
  const [blocked, setBlocked] = useState(false);
  const speechRef = useRef(speech);
  speechRef.current = speech;
  const canReplay = allClips(speech).length > 0;

  const playNext = useCallback(() => {
    const audio = audioRef.current ?? (audioRef.current = new Audio());
    const clip = queue.current.shift();
    if (urlRef.current) {
      URL.revokeObjectURL(urlRef.current);
      urlRef.current = null;
    }
    if (!clip) {
      setPlaying(false);
      return;
    }
    const url = URL.createObjectURL(audioBlob(clip));
    urlRef.current = url;
    audio.src = url;
    audio.onended = () => playNext();
    audio.onerror = () => playNext();
    setPlaying(true);
    audio.play().then(
      () => setBlocked(false),
      (error: unknown) => {
        setPlaying(false);
        if (error instanceof DOMException && error.name === "NotAllowedError") {
          queue.current.unshift(clip);
          setBlocked(true);
        }
      },
    );
  }, []);

  const enqueue = useCallback(
    (clips: SpeechAudio[]) => {
      if (clips.length === 0) return;
      const idle = queue.current.length === 0 && (!audioRef.current || audioRef.current.paused || audioRef.current.ended);
      queue.current.push(...clips);
      if (idle && !blocked) playNext();
    },
    [playNext, blocked],
  );

  // A new question starts from scratch.
  useEffect(() => {
    const id = speech?.questionId ?? null;
    if (id === questionRef.current) return;
    questionRef.current = id;
    queue.current = [];
    progress.current = freshProgress;
    audioRef.current?.pause();
    setPlaying(false);
  }, [speech?.questionId]);

  useEffect(() => {
    if (!speech || !enabled) return;
    const plan = planSpeech(speech, progress.current);
    progress.current = plan.progress;
    enqueue(plan.clips);
    const candidate = plan.fallbackCandidate;
    if (!candidate) return;
    const timer = window.setTimeout(() => {
      const late = startFallback(progress.current, candidate);
      progress.current = late.progress;
      enqueue(late.clips);
    }, FALLBACK_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [speech, enabled, enqueue]);

  const replay = useCallback(() => {
    audioRef.current?.pause();
    queue.current = allClips(speechRef.current);
    setBlocked(false);
    playNext();
  }, [playNext]);

  const stop = useCallback(() => {
    progress.current = { ...progress.current, mode: "stopped" };
    queue.current = [];
    audioRef.current?.pause();
    setPlaying(false);
  }, []);

  useEffect(
    () => () => {
      audioRef.current?.pause();
      if (urlRef.current) URL.revokeObjectURL(urlRef.current);
    },
    [],
  );

  return { playing, blocked, canReplay, replay, stop };
}
