import { useEffect, useRef, useState } from "react";
import { levelOf, smoothLevel } from "./level";

/**
 * The microphone's level, 0..1, from an AnalyserNode, smoothed for display. `onFrame` receives the
 * raw level of every animation frame (for silence detection) without re-rendering.
 */
export function useLevel(stream: MediaStream | null, onFrame?: (level: number, now: number) => void): number {
  const [level, setLevel] = useState(0);
  const frameRef = useRef(onFrame);
  frameRef.current = onFrame;

  useEffect(() => {
    if (!stream || stream.getAudioTracks().length === 0) return;
    const AudioCtx = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!AudioCtx) return;
    const context = new AudioCtx();
    const source = context.createMediaStreamSource(stream);
    const analyser = context.createAnalyser();
    analyser.fftSize = 2048;
    source.connect(analyser);
    const buffer = new Float32Array(analyser.fftSize);
    let smoothed = 0;
    let shown = -1;
    let raf = 0;
    const tick = () => {
      analyser.getFloatTimeDomainData(buffer);
      const raw = levelOf(buffer);
      const now = performance.now();
      frameRef.current?.(raw, now);
      smoothed = smoothLevel(smoothed, raw);
      // Re-render only when the bar would visibly move.
      const rounded = Math.round(smoothed * 50) / 50;
      if (rounded !== shown) {
        shown = rounded;
        setLevel(rounded);
      }
      raf = requestAnimationFrame(tick);
    };
    // Some browsers start the context suspended until a gesture; the meter then starts on resume.
    void context.resume().catch(() => undefined);
    raf = requestAnimationFrame(tick);
    return () => {
      cancelAnimationFrame(raf);
      source.disconnect();
      void context.close();
    };
  }, [stream]);

  return level;
}
