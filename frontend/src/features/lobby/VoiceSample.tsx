import { useEffect, useRef, useState } from "react";
import { useClient } from "urql";
import { Button } from "../../components/ui";
import { problemOf } from "../../lib/errors";
import { audioBlob } from "../interview/useSpeechPlayer";
import { PersonaVoiceSampleQuery } from "./operations";
import styles from "./lobby.module.css";

type Status = "idle" | "loading" | "playing" | "error";

/** "Hear a sample": fetches the persona's greeting once, then plays it from a Blob URL. */
export function VoiceSample({ personaId, personaName }: { personaId: string; personaName: string }) {
  const client = useClient();
  const audioRef = useRef<HTMLAudioElement | null>(null);
  const [src, setSrc] = useState<string | null>(null);
  const [status, setStatus] = useState<Status>("idle");
  const [error, setError] = useState<string | null>(null);

  useEffect(() => () => (src ? URL.revokeObjectURL(src) : undefined), [src]);

  async function play() {
    setError(null);
    const audio = audioRef.current;
    if (src && audio) {
      audio.currentTime = 0;
      setStatus("playing");
      audio.play().catch(() => setStatus("idle"));
      return;
    }
    setStatus("loading");
    const result = await client.query(PersonaVoiceSampleQuery, { personaId }, { requestPolicy: "cache-first" }).toPromise();
    const sample = result.data?.personaVoiceSample;
    if (!sample) {
      setStatus("error");
      setError(result.error ? problemOf(result.error).message : "The sample couldn't be loaded.");
      return;
    }
    setSrc(URL.createObjectURL(audioBlob(sample)));
    setStatus("playing");
  }

  return (
    <div className={styles.sample}>
      <Button
        size="small"
        variant="secondary"
        aria-label={`Hear a sample of ${personaName}'s voice`}
        busy={status === "loading"}
        disabled={status === "loading"}
        onClick={() => void play()}
      >
        {status === "playing" ? "Playing…" : "Hear a sample"}
      </Button>
      {/* autoPlay starts the fresh clip; the click that fetched it is the user gesture. */}
      <audio
        ref={audioRef}
        src={src ?? undefined}
        autoPlay
        data-persona-sample={personaId}
        onEnded={() => setStatus("idle")}
        onError={() => {
          if (src) {
            setStatus("error");
            setError("This browser couldn't play the sample.");
          }
        }}
      />
      {error ? (
        <span className={styles.sampleError} role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}
