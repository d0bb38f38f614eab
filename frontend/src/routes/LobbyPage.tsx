import { useEffect, useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { useMutation, useQuery } from "urql";
import { Alert, Badge, Button, Card, LevelMeter, Loading, SelectField, TextField, buttonClass } from "../components/ui";
import { PageHead, useTitle } from "../components/ui/layout";
import { CAMERA_MESSAGES, MEDIA_MESSAGES } from "../features/audio/media";
import { useLevel } from "../features/audio/useLevel";
import { useMedia } from "../features/audio/useMedia";
import { VideoPreview } from "../features/audio/VideoPreview";
import { JobPostingField, jobPostingError } from "../features/lobby/JobPostingField";
import { VoiceSample } from "../features/lobby/VoiceSample";
import { OpenInterviewsQuery, PersonasQuery, StartInterviewMutation } from "../features/lobby/operations";
import type { Difficulty, InterviewType } from "../gql/graphql";
import { fieldOf, problemOf, type AppProblem } from "../lib/errors";
import { lastChoice, rememberChoice } from "../features/lobby/lastChoice";
import styles from "../features/lobby/lobby.module.css";

const TYPES: { value: InterviewType; label: string }[] = [
  { value: "BEHAVIORAL", label: "Behavioural" },
  { value: "TECHNICAL", label: "Technical" },
  { value: "SYSTEM_DESIGN", label: "System design" },
];
const DIFFICULTIES: { value: Difficulty; label: string }[] = [
  { value: "EASY", label: "Easy — a warm-up" },
  { value: "MEDIUM", label: "Medium — a typical interview" },
  { value: "HARD", label: "Hard — senior level" },
];
const AVATAR_COLOURS = ["#2f5d62", "#7a5c3e", "#4b5d8a", "#6b4d6e", "#3f6b4f"];

function initials(name: string): string {
  return name
    .split(/\s+/)
    .map((part) => part[0] ?? "")
    .join("")
    .slice(0, 2)
    .toUpperCase();
}

export default function LobbyPage() {
  const navigate = useNavigate();
  const [personas] = useQuery({ query: PersonasQuery, requestPolicy: "cache-first" });
  const [open] = useQuery({ query: OpenInterviewsQuery, requestPolicy: "cache-and-network" });
  const unfinished = open.data?.active.edges[0]?.node ?? open.data?.paused.edges[0]?.node ?? null;
  const [remembered] = useState(lastChoice);
  const [personaId, setPersonaId] = useState<string | null>(null);
  const [jobTitle, setJobTitle] = useState(remembered.jobTitle);
  const [jobTitleTouched, setJobTitleTouched] = useState(false);
  const [interviewType, setInterviewType] = useState<InterviewType>("BEHAVIORAL");
  const [difficulty, setDifficulty] = useState<Difficulty>("MEDIUM");
  const [jobPosting, setJobPosting] = useState("");
  const [problem, setProblem] = useState<AppProblem | null>(null);
  const [start, runStart] = useMutation(StartInterviewMutation);
  const media = useMedia(false);
  useTitle("Practise an interview");
  const level = useLevel(media.stream);
  const [heardYou, setHeardYou] = useState(false);

  useEffect(() => {
    const list = personas.data?.personas;
    if (personaId || !list?.[0]) return;
    // The interviewer chosen last time, while it still exists; otherwise the first one.
    setPersonaId(list.find((p) => p.id === remembered.personaId)?.id ?? list[0].id);
  }, [personas.data, personaId, remembered.personaId]);
  useEffect(() => {
    if (level > 0.25) setHeardYou(true);
  }, [level]);

  const trimmed = jobTitle.trim();
  const jobTitleError = trimmed.length === 0 ? "Enter the job you're practising for." : trimmed.length > 200 ? "Keep it under 200 characters." : null;
  const micReady = media.status === "ready";
  const hasVideo = !!media.stream && media.stream.getVideoTracks().length > 0;

  // "Check devices and start": once the microphone is granted, go on without a second click.
  const [startWhenReady, setStartWhenReady] = useState(false);
  useEffect(() => {
    if (startWhenReady && media.status !== "asking") {
      setStartWhenReady(false);
      if (media.status === "ready") void startInterview();
    }
  }, [startWhenReady, media.status]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setJobTitleTouched(true);
    setProblem(null);
    if (jobTitleError || jobPostingError(jobPosting) || !personaId) return;
    if (!micReady) {
      setStartWhenReady(true);
      media.request();
      return;
    }
    await startInterview();
  }

  async function startInterview() {
    if (jobTitleError || jobPostingError(jobPosting) || !personaId) return;
    const hasVideo = !!media.stream && media.stream.getVideoTracks().length > 0;
    rememberChoice({ personaId, jobTitle: trimmed });
    const result = await runStart({
      input: {
        personaId,
        jobTitle: trimmed,
        interviewType,
        difficulty,
        videoEnabled: hasVideo,
        audioEnabled: true,
        jobDescription: jobPosting.trim() || null,
      },
    });
    if (result.error) setProblem(problemOf(result.error));
    else if (result.data) navigate(`/interview/${result.data.startInterview.id}`);
  }

  return (
    <>
      <PageHead title="Practise an interview">
        <p className="muted">Choose your interviewer and the role. You'll answer out loud; feedback arrives after each answer.</p>
      </PageHead>
      {unfinished ? (
        <div style={{ marginBottom: 24 }}>
          <Alert
            tone="info"
            actions={
              <Link to={`/interview/${unfinished.id}`} className={buttonClass("primary", "small")}>
                Continue
              </Link>
            }
          >
            <p>
              <strong>You have an interview in progress:</strong> {unfinished.jobTitle}, {unfinished.totalResponses} of {unfinished.totalQuestions} answered.
            </p>
          </Alert>
        </div>
      ) : null}
      <form className={styles.layout} onSubmit={submit} aria-label="Set up your interview">
        <div className={styles.stack}>
          <Card aria-labelledby="persona-legend">
            <fieldset className={styles.fieldset}>
              <legend id="persona-legend" className={styles.legend}>
                Your interviewer
              </legend>
              {personas.fetching && !personas.data ? <Loading>Loading interviewers…</Loading> : null}
              {personas.error ? <Alert>{problemOf(personas.error).message}</Alert> : null}
              <div className={styles.personas}>
                {personas.data?.personas.map((persona, i) => (
                  <div key={persona.id} className={styles.personaCard}>
                    <label className={styles.persona}>
                      <input type="radio" name="persona" value={persona.id} checked={personaId === persona.id} onChange={() => setPersonaId(persona.id)} />
                      <span className={styles.personaTop}>
                        <span className={styles.avatar} style={{ background: AVATAR_COLOURS[i % AVATAR_COLOURS.length] }} aria-hidden="true">
                          {initials(persona.name)}
                        </span>
                        <span>
                          <span className={styles.personaName}>{persona.name}</span>
                          <br />
                          <span className={styles.personaTitle}>{persona.title}</span>
                        </span>
                      </span>
                      <span className={styles.personaDesc}>{persona.description}</span>
                      <span className={styles.personaMeta}>
                        <Badge tone="brand">{persona.style}</Badge>
                        <Badge>Voice: {persona.voice}</Badge>
                      </span>
                    </label>
                    <VoiceSample personaId={persona.id} personaName={persona.name} />
                  </div>
                ))}
              </div>
            </fieldset>
          </Card>
        </div>
        <div className={styles.stack}>
          <Card aria-labelledby="role-heading">
            <h2 id="role-heading">The role</h2>
            <div className={styles.stack} style={{ gap: 16 }}>
              <TextField
                label="Job title"
                name="jobTitle"
                placeholder="e.g. Senior backend engineer"
                value={jobTitle}
                maxLength={200}
                required
                onChange={(e) => setJobTitle(e.target.value)}
                onBlur={() => setJobTitleTouched(true)}
                error={jobTitleTouched && jobTitleError ? jobTitleError : fieldOf(problem) === "jobTitle" ? (problem?.message ?? null) : null}
              />
              <div className={styles.row}>
                <SelectField label="Interview type" value={interviewType} onChange={(e) => setInterviewType(e.target.value as InterviewType)}>
                  {TYPES.map((t) => (
                    <option key={t.value} value={t.value}>
                      {t.label}
                    </option>
                  ))}
                </SelectField>
                <SelectField label="Difficulty" value={difficulty} onChange={(e) => setDifficulty(e.target.value as Difficulty)}>
                  {DIFFICULTIES.map((d) => (
                    <option key={d.value} value={d.value}>
                      {d.label}
                    </option>
                  ))}
                </SelectField>
              </div>
              <JobPostingField
                value={jobPosting}
                onChange={setJobPosting}
                serverError={fieldOf(problem) === "jobDescription" ? (problem?.message ?? null) : null}
              />
            </div>
          </Card>
          <Card aria-labelledby="devices-heading">
            <h2 id="devices-heading">Camera and microphone</h2>
            <div className={styles.preview}>
              {hasVideo ? (
                <VideoPreview stream={media.stream} label="Camera preview" />
              ) : (
                <div className={styles.previewEmpty}>
                  {media.status === "asking"
                    ? "Waiting for your permission…"
                    : micReady
                      ? "Microphone on — no camera"
                      : "Check your devices before you start."}
                </div>
              )}
            </div>
            <div className={styles.deviceRow}>
              <span className={styles.deviceLabel} id="mic-level-label">
                <span>Microphone level</span>
                <span className="muted" aria-live="polite">
                  {micReady ? (heardYou ? "We can hear you" : "Say something…") : ""}
                </span>
              </span>
              <LevelMeter level={level} label="Microphone level" />
            </div>
            {media.problem ? (
              <div style={{ marginTop: 16 }}>
                <Alert actions={<Button size="small" variant="secondary" onClick={media.request}>Try again</Button>}>
                  <p>
                    <strong>{MEDIA_MESSAGES[media.problem].title}.</strong> {MEDIA_MESSAGES[media.problem].body}
                  </p>
                </Alert>
              </div>
            ) : null}
            {media.cameraProblem && micReady ? (
              <div style={{ marginTop: 16 }}>
                <Alert tone="warning">{CAMERA_MESSAGES[media.cameraProblem]}</Alert>
              </div>
            ) : null}
            {media.status !== "ready" && !media.problem ? (
              <div style={{ marginTop: 16 }}>
                <Button variant="secondary" block onClick={media.request} busy={media.status === "asking"} disabled={media.status === "asking"}>
                  Check camera and microphone
                </Button>
              </div>
            ) : micReady ? (
              <ul className={styles.checks}>
                <li className={styles.ok}>✓ Microphone ready</li>
                <li className={hasVideo ? styles.ok : "muted"}>{hasVideo ? "✓ Camera ready" : "– Camera off"}</li>
              </ul>
            ) : null}
          </Card>
          <Card aria-label="Start">
            <div className={styles.startBar}>
              {problem ? <Alert>{problem.message}</Alert> : null}
              <Button type="submit" size="large" block busy={start.fetching} disabled={start.fetching || !personaId}>
                {micReady ? "Start interview" : "Check devices and start"}
              </Button>
              <p className="muted" style={{ margin: 0, fontSize: "0.88rem" }}>
                Tip: use headphones so the interviewer's voice isn't picked up by your microphone.
              </p>
            </div>
          </Card>
        </div>
      </form>
    </>
  );
}
