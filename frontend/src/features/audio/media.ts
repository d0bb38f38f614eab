/**
 * Camera and microphone access. One stream is kept for the whole visit, so the candidate grants
 * permission in the lobby once and the interview page reuses the same devices.
 */
export type MediaProblem = "denied" | "no-device" | "busy" | "insecure" | "unsupported" | "unknown";

export interface MediaResult {
  stream: MediaStream | null;
  /** Set when the camera failed but the microphone works: the interview can go on audio only. */
  cameraProblem: MediaProblem | null;
  problem: MediaProblem | null;
}

let shared: MediaStream | null = null;

function isLive(stream: MediaStream | null): stream is MediaStream {
  return !!stream && stream.getAudioTracks().some((t) => t.readyState === "live");
}

/** DOMException names as the browsers use them (Chrome, Firefox, Safari). */
export function classifyMediaError(error: unknown): MediaProblem {
  const name = error instanceof Error || (typeof DOMException !== "undefined" && error instanceof DOMException) ? (error as Error).name : "";
  switch (name) {
    case "NotAllowedError":
    case "PermissionDeniedError":
    case "SecurityError":
      return "denied";
    case "NotFoundError":
    case "DevicesNotFoundError":
    case "OverconstrainedError":
      return "no-device";
    case "NotReadableError":
    case "TrackStartError":
    case "AbortError":
      return "busy";
    default:
      return "unknown";
  }
}

export const MEDIA_MESSAGES: Record<MediaProblem, { title: string; body: string }> = {
  denied: {
    title: "Microphone access is blocked",
    body: "Your answers are spoken, so the interview needs your microphone. Allow access in your browser's address bar (the camera or lock icon), then try again.",
  },
  "no-device": {
    title: "No microphone found",
    body: "Connect a microphone or a headset, then try again.",
  },
  busy: {
    title: "Your microphone is in use",
    body: "Another app (a video call, perhaps) is using it. Close that app, then try again.",
  },
  insecure: {
    title: "This page needs a secure connection",
    body: "Browsers only share the microphone with pages served over HTTPS or from localhost.",
  },
  unsupported: {
    title: "This browser can't record audio",
    body: "Use a recent version of Chrome, Edge, Firefox or Safari.",
  },
  unknown: {
    title: "We couldn't start your microphone",
    body: "Check your device settings, then try again.",
  },
};

export const CAMERA_MESSAGES: Record<MediaProblem, string> = {
  denied: "Camera access is blocked, so you won't see yourself. You can still answer with your voice.",
  "no-device": "No camera found. You can still answer with your voice.",
  busy: "Your camera is in use by another app. You can still answer with your voice.",
  insecure: "The camera needs a secure connection.",
  unsupported: "This browser can't show your camera.",
  unknown: "We couldn't start your camera. You can still answer with your voice.",
};

/** Asks for camera and microphone; falls back to the microphone alone when the camera fails. */
export async function openMedia(wantVideo = true): Promise<MediaResult> {
  if (isLive(shared) && (!wantVideo || shared.getVideoTracks().some((t) => t.readyState === "live"))) {
    return { stream: shared, cameraProblem: null, problem: null };
  }
  if (typeof window !== "undefined" && !window.isSecureContext) return { stream: null, cameraProblem: null, problem: "insecure" };
  if (!navigator.mediaDevices?.getUserMedia) return { stream: null, cameraProblem: null, problem: "unsupported" };
  const audio: MediaTrackConstraints = { echoCancellation: true, noiseSuppression: true, autoGainControl: true };
  let cameraProblem: MediaProblem | null = null;
  if (wantVideo) {
    try {
      shared = await navigator.mediaDevices.getUserMedia({ audio, video: { width: { ideal: 640 }, height: { ideal: 480 }, facingMode: "user" } });
      return { stream: shared, cameraProblem: null, problem: null };
    } catch (error) {
      cameraProblem = classifyMediaError(error);
    }
  }
  try {
    shared = await navigator.mediaDevices.getUserMedia({ audio });
    return { stream: shared, cameraProblem, problem: null };
  } catch (error) {
    return { stream: null, cameraProblem, problem: classifyMediaError(error) };
  }
}

export function closeMedia(): void {
  shared?.getTracks().forEach((t) => t.stop());
  shared = null;
}
