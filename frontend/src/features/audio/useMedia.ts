import { useCallback, useEffect, useState } from "react";
import { openMedia, type MediaProblem } from "./media";

export interface MediaState {
  status: "idle" | "asking" | "ready" | "failed";
  stream: MediaStream | null;
  problem: MediaProblem | null;
  cameraProblem: MediaProblem | null;
  request: () => void;
}

/** Opens camera and microphone when asked (or at once with `auto`), and reports what went wrong. */
export function useMedia(auto: boolean): MediaState {
  const [state, setState] = useState<Omit<MediaState, "request">>({ status: "idle", stream: null, problem: null, cameraProblem: null });
  const request = useCallback(() => {
    setState((s) => ({ ...s, status: "asking" }));
    void openMedia(true).then((result) => {
      setState({
        status: result.stream ? "ready" : "failed",
        stream: result.stream,
        problem: result.problem,
        cameraProblem: result.cameraProblem,
      });
    });
  }, []);
  useEffect(() => {
    if (auto) request();
  }, [auto, request]);
  return { ...state, request };
}
