"""Configuration: the only module that reads the environment (and an optional `.env`)."""

from __future__ import annotations

import os
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, PrivateAttr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

_PLACEHOLDER_SECRETS = {"changethis", "change-me", "secret", "changeme", ""}
MIN_SECRET_KEY_BYTES = 32
"""HS256 keys shorter than its 256-bit output are brute-forceable offline from any one token."""


class Settings(BaseSettings):
    """Every setting of the platform; each is documented in README.md."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")
    _generated_key: str | None = PrivateAttr(default=None)

    # Infrastructure
    database_url: str | None = None
    redis_url: str | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    data_dir: Path = Path("data")
    secret_key: str | None = None
    log_level: str = "INFO"
    cors_origins: list[str] = Field(default_factory=list)
    environment: Literal["development", "production", "test"] = "development"
    public_url: str = ""
    """Base URL of the SPA used in share links; defaults to http://HOST:PORT."""

    # Accounts
    login_token_ttl_seconds: int = 7 * 24 * 3600
    login_failures_per_account: int = 5
    """Failed logins of one email (per 15 minutes) before each further one waits, twice as long each time."""
    login_failures_per_ip: int | None = None
    """Failed logins from one IP (per 15 minutes) before each further one waits, twice as long each
    time; 0 = off; unset = 20, except with ENVIRONMENT=test (suites share one IP)."""
    password_workers: int = 2
    """Threads that hash and verify passwords (argon2 holds ~64 MiB and ~50 ms of CPU per call)."""
    media_url_ttl_seconds: int = Field(default=2 * 3600, ge=3600)
    """How long a signed media URL (audio, report download) works; the contract promises an hour."""

    # Interview
    interview_length: int = 6
    job_posting_prompt_tokens: int = Field(default=1500, ge=0)
    """How much of a pasted job posting (estimated tokens) the cloud interviewer and evaluator prompts
    carry; the posting's lines about the role are kept first (ai/prompts/posting.py)."""
    max_upload_bytes: int = 26_214_400

    # API protection (interview.graphql.limits, interview.graphql.rate_limit)
    rate_limit_requests: int | None = None
    """GraphQL operations one caller (API token, user, or IP when anonymous) may run per window;
    0 = off; unset = 600, except with ENVIRONMENT=test (suites share one IP and one Redis)."""
    rate_limit_window_seconds: int = 60
    dashboard_cache_seconds: float = Field(default=30, ge=0, le=600)
    """How long a whole answer to a query of reports is kept per caller (interview.graphql.response_cache);
    dropped at once when the caller's reports change; 0 = off."""
    graphql_max_cost: int = 300_000
    """Largest estimated cost of one operation: 10 per object and 1 per scalar it may return (`first`
    x nested list sizes; a blob such as SpeechAudio.base64 weighs what it may carry)."""
    graphql_max_document_bytes: int = 100_000
    """Largest GraphQL document (query text) accepted; larger ones are PAYLOAD_TOO_LARGE unparsed."""
    graphql_max_aliases: int = 30
    """Most aliases one operation may use."""
    graphql_max_response_bytes: int = 16_777_216
    """Largest HTTP response body of one operation (16 MiB); a larger one is replaced by an error."""
    graphiql: bool | None = None
    """Serve GraphiQL and answer introspection; unset = on, except with ENVIRONMENT=production."""
    metrics_token: str | None = None
    """When set, /metrics needs "Authorization: Bearer <it>"; unset, /metrics is 404 in production."""

    # Cloud AI
    openai_api_key: str | None = None
    openai_base_url: str | None = None
    anthropic_api_key: str | None = None
    anthropic_base_url: str | None = None
    # Model names live only here. gpt-4o/4.1(-mini) leave the API 2027-01-14 (gpt-6-luna replaces
    # them); whisper-1 and gpt-4o(-mini)-transcribe 2027-02-26; /v1/audio/speech models 2027-01-06.
    openai_stt_model: str = "gpt-transcribe"
    openai_stt_word_timestamps: bool = False
    """Ask for verbose_json word timings; only for models that give them (e.g. whisper-1)."""
    openai_evaluator_model: str = "gpt-6-luna"
    openai_interviewer_model: str = "gpt-6-luna"
    openai_report_model: str = "gpt-6-luna"
    openai_reasoning_effort: Literal["none", "low", "medium", "high"] | None = "low"
    """Evaluator and report writer; None sends no reasoning_effort."""
    openai_interviewer_reasoning_effort: Literal["none", "low", "medium", "high"] | None = "none"
    """The interviewer is on the spoken path: no reasoning keeps the first token fast."""
    openai_tts_mode: Literal["speech", "realtime"] = "realtime"
    openai_tts_model: str = "gpt-4o-mini-tts"
    """Only for openai_tts_mode=speech; /v1/audio/speech models shut down 2027-01-06."""
    openai_tts_format: Literal["opus", "mp3"] = "opus"
    openai_realtime_model: str = "gpt-realtime-2.1-mini"
    openai_streaming_stt_model: str = "gpt-live-transcribe"
    """Model of the Realtime transcription session that streams an answer while it is spoken; its
    name changed between documentation snapshots (also `gpt-realtime-whisper`), hence a setting."""
    anthropic_evaluator_model: str = "claude-haiku-5-5"
    anthropic_interviewer_model: str = "claude-haiku-5-5"
    anthropic_report_model: str = "claude-sonnet-5-5"
    anthropic_interviewer_effort: Literal["low", "medium", "high"] | None = "low"
    """Haiku 5.5 thinks adaptively; low effort keeps the first token fast. None sends no effort."""
    provider_timeout_seconds: float = 30.0
    provider_max_retries: int = 2
    circuit_breaker_failures: int = 5
    circuit_breaker_reset_seconds: float = 30.0

    # Offline speech
    local_stt_model: Literal["tiny.en", "base"] = "tiny.en"
    speech_workers: int = 0
    """Threads for decoding and local STT; 0 means one per CPU core."""
    utterance_silence_ms: int = 600
    """Silence that closes an utterance while an answer streams in. Longer than the breaks inside
    a sentence (under 0.5 s). The open utterance is transcribed sooner, after 0.15 s of silence
    (speech/utterances.py TRAIL_MS), and that transcript is kept if it closes with no more speech.
    Inside an utterance, the words before a pause between sentences are kept at that pause
    (ai/local/live_stt.py SENTENCE_GAP_MS).
    0.5 s (the contract's pause) left less to transcribe after a finish right after the last word,
    but made a quarter more utterances, and each costs Whisper a whole 30 s window: bench/load.py's
    workers spent 3.79 s per answer against 2.83 s."""
    stt_segment_seconds: float = 28.0
    """Longest piece a long file is split into (at silences) for parallel transcription; Whisper
    reads 30 s windows."""
    max_answer_seconds: float = 300.0
    """Longest answer accepted (PAYLOAD_TOO_LARGE): refused by the duration a file declares before
    decoding, and decoding stops as soon as it passes this."""
    speech_timeout_seconds: float = 60.0
    """Longest an answer's decoding and speech checks may take (PAYLOAD_TOO_LARGE after it)."""
    speech_queue: Literal["process", "redis"] = "process"
    """Where speech jobs (decoding, voice metrics, Whisper, Piper) run: in this process's threads,
    or on `interview worker` processes through a Redis stream (needs REDIS_URL); with "redis" the
    API processes load no speech model."""
    speech_job_timeout_seconds: float = Field(default=60.0, gt=0)
    """How long an API process waits for one queued speech job (no worker took it, or none is
    alive) before the turn fails with PROVIDER_UNAVAILABLE, its answer kept for a retry."""
    speech_job_redelivery_seconds: float = Field(default=30.0, gt=0)
    """A job taken by a worker that has not acknowledged it after this long (the worker died) is
    delivered to another worker; longer than the longest job (a 28 s piece of Whisper)."""
    speech_job_result_ttl_seconds: int = Field(default=600, ge=1)
    """How long a job's result stays in Redis (a repeated job within it is not run again)."""
    speech_jobs_per_user: int = 2
    """Answers (submitAnswer, appendAnswerAudio, finishAnswer) of one user being decoded and
    measured at once in a process; more are RATE_LIMITED with retryAfter."""
    follow_up_wait_ms: int = 400
    """How long the interviewer waits for THIS answer's evaluation before asking the next question,
    so a follow-up asks for what the answer lacked. The offline evaluator takes milliseconds; a
    slower (cloud) one is not waited for past this: the interviewer then asks from the answer's
    text alone, rather than hold the candidate's first audio back by the whole evaluation."""
    speculative_silence_ms: int = Field(default=700, ge=0)
    """While an answer streams in, once the candidate has been silent this long after words that
    end a sentence, the evaluation and the next question (and its first sentence's speech) are
    started on those words; finishAnswer uses them if no words came after, else they are thrown
    away. Never published or stored; with a cloud provider in the chain, at most once per answer.
    0 turns it off. It waits for the words before the pause to be transcribed (0.15 s into the
    silence, see UTTERANCE_SILENCE_MS). None starts while speech jobs wait for a worker: it would
    delay the answers already finished."""
    acknowledge_answers: bool = True
    """After a transcript is ready, the persona says a short "Thanks. Let me think about that."
    (event InterviewerAcknowledged) while the answer is scored and the next question prepared."""

    # The answer turn
    turn_wait_seconds: float = 180.0
    """How long a submit of an answer another call is working on waits for that call's result."""
    turn_recovery_grace_seconds: float = 10.0
    """An unfinished answer younger than this is left alone by recovery (its turn is just starting)."""
    turn_recovery_interval_seconds: float = 30.0
    """How often a process looks for answers left unfinished by a crashed process."""
    turn_max_attempts: int = 3
    """Runs of one answer's turn before recovery gives up on it (FAILED, TurnFailed, audio kept):
    an answer whose processing kills the process is not retried forever."""
    turn_timeout_seconds: float = 300.0
    """Longest one answer's turn may run (its lock held); then it fails as PROVIDER_UNAVAILABLE."""
    turn_lock_acquire_seconds: float = 10.0
    """Longest a turn waits for a connection of the advisory-lock pool (CONFLICT after it)."""

    # Live
    live_heartbeat_seconds: float = 15.0
    """How often an open subscription refreshes its `connections.last_heartbeat_at`."""
    live_max_chunks: int = 1800
    """Recorder chunks one answer may have (appendAnswerAudio; 30 min of 1 s chunks)."""
    ws_init_timeout_seconds: float = 10.0
    """How long a websocket may wait before connection_init (closed with 4408 after it)."""

    # Video recordings (interview.interviews.video, interview.media_storage)
    media_storage: Literal["local", "s3"] = "local"
    media_dir: Path | None = None
    """Folder of the local media storage; unset = DATA_DIR/media."""
    s3_bucket: str | None = None
    s3_endpoint_url: str | None = None
    """For an S3-compatible store other than AWS (MinIO, Ceph, R2...)."""
    s3_region: str = "us-east-1"
    s3_access_key_id: str | None = None
    s3_secret_access_key: str | None = None
    s3_prefix: str = ""
    """Keys are stored under this prefix, so one bucket can serve several deployments."""
    video_max_bytes: int = Field(default=157_286_400, ge=1)
    """Largest recording of one answer (150 MiB: ten minutes at the SPA's 2 Mbit/s)."""
    video_max_seconds: int = Field(default=600, ge=1)
    """Longest recording of one answer."""
    video_requests_per_minute: int = Field(default=240, ge=0)
    """Video upload requests (chunks and finishes) per user per minute, across processes; 0 = no
    limit. The SPA sends one chunk a second; a retried chunk counts again."""

    @model_validator(mode="after")
    def _queue_needs_redis(self) -> Settings:
        if self.speech_queue == "redis" and not self.redis_url:
            raise ValueError("SPEECH_QUEUE=redis needs REDIS_URL (the queue is a Redis stream)")
        return self

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip().startswith("["):
            return [origin.strip() for origin in value.split(",") if origin.strip()]
        return value

    @model_validator(mode="after")
    def _refuse_placeholder_secret(self) -> Settings:
        if self.secret_key is not None and self.secret_key.strip().lower() in _PLACEHOLDER_SECRETS:
            raise ValueError("SECRET_KEY is a placeholder; set a real secret or leave it unset")
        if self.environment == "production" and self.secret_key is None:
            raise ValueError("SECRET_KEY must be set in production")
        if self.media_storage == "s3" and not self.s3_bucket:
            raise ValueError("MEDIA_STORAGE=s3 needs S3_BUCKET")
        return self

    @field_validator("secret_key")
    @classmethod
    def _refuse_short_secret(cls, value: str | None) -> str | None:
        if value is not None and value.strip().lower() not in _PLACEHOLDER_SECRETS:
            if len(value.encode()) < MIN_SECRET_KEY_BYTES:
                raise ValueError(f"SECRET_KEY must be at least {MIN_SECRET_KEY_BYTES} bytes")
        return value

    def resolved_secret_key(self) -> str:
        """SECRET_KEY, or one generated once and kept in DATA_DIR so tokens survive restarts.

        Read once per process (every request signs or checks a token with it)."""
        if self.secret_key:
            return self.secret_key
        if self._generated_key is None:
            self._generated_key = _read_or_create_key(self.data_dir / "secret_key")
        return self._generated_key

    def graphiql_enabled(self) -> bool:
        """GraphiQL and introspection: on unless production, where GRAPHIQL must turn them on."""
        return self.graphiql if self.graphiql is not None else self.environment != "production"

    def effective_rate_limit(self) -> int:
        """Operations per window per caller (0: no limit); see `rate_limit_requests`."""
        if self.rate_limit_requests is not None:
            return self.rate_limit_requests
        return 0 if self.environment == "test" else 600

    def max_request_bytes(self) -> int:
        """Largest body of a request that is not an upload: a document and its variables."""
        return max(1_048_576, 2 * self.graphql_max_document_bytes)

    def effective_login_failures_per_ip(self) -> int:
        if self.login_failures_per_ip is not None:
            return self.login_failures_per_ip
        return 0 if self.environment == "test" else 20

    def base_url(self) -> str:
        return self.public_url.rstrip("/") or f"http://{self.host}:{self.port}"


def _read_or_create_key(path: Path) -> str:
    """The key in `path`, created with mode 0600 from the start (never readable by others, even briefly)."""
    try:
        key = path.read_text().strip()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(48)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first: use theirs
            return path.read_text().strip()
        with os.fdopen(descriptor, "w") as file:
            file.write(key)
        return key
    if len(key.encode()) < MIN_SECRET_KEY_BYTES:
        raise ValueError(
            f"{path} holds a key under {MIN_SECRET_KEY_BYTES} bytes; delete it or set SECRET_KEY"
        )
    return key


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, read once."""
    return Settings()
