import { useEffect, useRef } from "react";

/** The candidate's own camera, mirrored like a mirror, muted so they never hear themselves. */
export function VideoPreview({ stream, className, label = "Your camera" }: { stream: MediaStream | null; className?: string; label?: string }) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const video = ref.current;
    if (!video) return;
    video.srcObject = stream;
    if (stream) void video.play().catch(() => undefined);
  }, [stream]);
  return <video ref={ref} className={className} muted playsInline autoPlay aria-label={label} style={{ transform: "scaleX(-1)" }} />;
}
