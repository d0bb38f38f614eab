"""The database schema: one Piccolo table per concept of the domain."""

from __future__ import annotations

from piccolo.columns import (
    JSONB,
    UUID,
    Array,
    Boolean,
    Bytea,
    Float,
    ForeignKey,
    Integer,
    Real,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.defaults.uuid import UUID4
from piccolo.constraints import Check, Unique
from piccolo.table import Table

from interview.db.piccolo_engine import DB


class User(Table, tablename="users", db=DB):
    """A candidate (or a coach) with a password login."""

    id = UUID(primary_key=True, default=UUID4())
    email = Varchar(length=320, unique=True, index=True)
    display_name = Varchar(length=100)
    password_hash = Text()
    created_at = Timestamptz(default=TimestamptzNow())


class CommonPassword(Table, tablename="common_passwords", db=DB):
    """A password attackers try first, in lower case: a new password on the list is refused
    (accounts/password_policy.py). Filled by its migration from zxcvbn's list."""

    password = Text(primary_key=True)


class ApiToken(Table, tablename="api_tokens", db=DB):
    """A scoped token for dashboards; only the sha256 of its secret is kept."""

    id = UUID(primary_key=True, default=UUID4())
    user = ForeignKey(references=User, index=True, null=False)
    name = Varchar(length=100)
    token_hash = Varchar(length=64, unique=True, index=True)
    scopes = Array(base_column=Varchar(length=32))
    created_at = Timestamptz(default=TimestamptzNow())
    last_used_at = Timestamptz(null=True, default=None)
    revoked_at = Timestamptz(null=True, default=None)


class LoginSession(Table, tablename="login_sessions", db=DB):
    """One sign-in: every login token names its row, so signing out or a password change revokes it.

    A row whose `revoked_at` is set, or that is missing, makes its token worthless at once, on
    HTTP and on websockets already open with it.
    """

    id = UUID(primary_key=True, default=UUID4())
    user = ForeignKey(references=User, index=True, null=False)
    created_at = Timestamptz(default=TimestamptzNow())
    expires_at = Timestamptz()
    revoked_at = Timestamptz(null=True, default=None)


class Persona(Table, tablename="personas", db=DB):
    """An interviewer character: how it behaves and how it sounds."""

    id = UUID(primary_key=True, default=UUID4())
    slug = Varchar(length=64, unique=True)
    name = Varchar(length=100)
    title = Varchar(length=200)
    style = Varchar(length=200)
    description = Text()
    voice = Varchar(length=100)
    voice_speed = Real(default=1.0)
    voice_pitch = Real(default=1.0)
    openai_voice = Varchar(length=32, default="alloy")
    sort_order = Integer(default=0)


class InterviewSession(Table, tablename="interview_sessions", db=DB):
    """One mock interview of one candidate with one persona."""

    id = UUID(primary_key=True, default=UUID4())
    user = ForeignKey(references=User, index=True, null=False)
    persona = ForeignKey(references=Persona, index=True, null=False, on_delete=OnDelete.restrict)
    job_title = Varchar(length=200)
    interview_type = Varchar(length=16, index=True)
    difficulty = Varchar(length=8)
    current_difficulty = Varchar(length=8)
    status = Varchar(length=16, index=True, default="ACTIVE")
    start_time = Timestamptz(default=TimestamptzNow(), index=True)
    end_time = Timestamptz(null=True, default=None)
    video_enabled = Boolean(default=True)
    audio_enabled = Boolean(default=True)
    planned_questions = Integer(default=6)
    total_responses = Integer(default=0)
    job_description = Text(null=True, default=None)
    """The job posting the candidate pasted (at most 20,000 characters); questions are tailored to it."""

    valid_status = Check("status IN ('ACTIVE', 'PAUSED', 'COMPLETED', 'CANCELLED')")
    valid_type = Check("interview_type IN ('TECHNICAL', 'BEHAVIORAL', 'SYSTEM_DESIGN')")
    valid_difficulty = Check("difficulty IN ('EASY', 'MEDIUM', 'HARD')")
    valid_length = Check("planned_questions BETWEEN 1 AND 50")


class Question(Table, tablename="questions", db=DB):
    """A question the interviewer asked; `sequence_number` 1, 2, 3... within its session."""

    id = UUID(primary_key=True, default=UUID4())
    session = ForeignKey(references=InterviewSession, index=True, null=False)
    sequence_number = Integer()
    question_text = Text()
    """The question alone; what the interviewer said before it is `lead_in`."""
    lead_in = Text(default="")
    """The greeting, transition or acknowledgement spoken before the question ("" when none)."""
    question_type = Varchar(length=16)
    difficulty = Varchar(length=8)
    is_follow_up = Boolean(default=False)
    generated_by_model = Varchar(length=100)
    prompt_version = Varchar(length=50, default="")
    bank_id = Varchar(length=64, null=True, default=None)
    asked_at = Timestamptz(default=TimestamptzNow())
    answered_at = Timestamptz(null=True, default=None)
    skipped = Boolean(default=False)
    response_time_seconds = Integer(null=True, default=None)
    answer_quality_score = Float(null=True, default=None)

    unique_sequence = Unique([session, sequence_number])
    positive_sequence = Check("sequence_number >= 1")


class Transcript(Table, tablename="transcripts", db=DB):
    """What was said in a turn: the interviewer's question (AI) or the candidate's answer (USER).

    A USER row is the answer itself: it is written first with status RECEIVED, before any AI
    call, and moves to TRANSCRIBED, then COMPLETE (or FAILED).
    """

    id = UUID(primary_key=True, default=UUID4())
    session = ForeignKey(references=InterviewSession, index=True, null=False)
    question = ForeignKey(references=Question, index=True, null=True)
    sequence_number = Integer()
    speaker = Varchar(length=4)
    speaker_name = Varchar(length=100)
    text = Text(default="")
    status = Varchar(length=16, default="COMPLETE", index=True)
    language = Varchar(length=16, null=True, default=None)
    audio_duration_ms = Integer(null=True, default=None)
    confidence_score = Float(null=True, default=None)
    stt_model = Varchar(length=100, null=True, default=None)
    # voice metrics (USER rows)
    speech_pace = Float(null=True, default=None)
    pause_count = Integer(null=True, default=None)
    longest_pause_ms = Integer(null=True, default=None)
    response_latency_ms = Integer(null=True, default=None)
    speaking_time_ms = Integer(null=True, default=None)
    word_count = Integer(null=True, default=None)
    filler_word_count = Integer(null=True, default=None)
    filler_words = JSONB(null=True, default=None)
    volume_level = Float(null=True, default=None)
    volume_dbfs = Float(null=True, default=None)
    clarity_score = Float(null=True, default=None)
    word_timings = JSONB(null=True, default=None)
    """[[word, start ms, end ms], ...] from the start of the answer, when speech-to-text gives them
    (the local model does; gpt-transcribe does not): the captions of the answer's video."""
    result_json = JSONB(null=True, default=None)
    """The finished AnswerResult's ids, so a replayed submit returns the first result."""
    error_code = Varchar(length=32, null=True, default=None)
    turn_attempts = Integer(default=0)
    """How many times the answer's turn was started; recovery gives up after turn_max_attempts."""
    timestamp = Timestamptz(default=TimestamptzNow(), index=True)

    unique_turn = Unique([session, sequence_number, speaker])
    valid_speaker = Check("speaker IN ('USER', 'AI')")
    valid_answer_status = Check("status IN ('RECEIVED', 'TRANSCRIBED', 'COMPLETE', 'FAILED')")


class Feedback(Table, tablename="feedback", db=DB):
    """The evaluation of one answer."""

    id = UUID(primary_key=True, default=UUID4())
    session = ForeignKey(references=InterviewSession, index=True, null=False)
    transcript = ForeignKey(references=Transcript, unique=True, index=True, null=False)
    technical_score = Float()
    clarity_score = Float()
    confidence_score = Float()
    behavioral_score = Float()
    overall_score = Float()
    technical_feedback = Text()
    clarity_feedback = Text()
    confidence_feedback = Text()
    behavioral_feedback = Text()
    has_situation = Boolean(default=False)
    has_task = Boolean(default=False)
    has_action = Boolean(default=False)
    has_result = Boolean(default=False)
    speech_quality_score = Float(default=0.0)
    filler_words_detected = JSONB(default="[]")
    feedback_summary = Text()
    improvement_suggestions = JSONB(default="[]")
    evaluator_model = Varchar(length=100)

    scores_in_range = Check(
        "technical_score BETWEEN 0 AND 10 AND clarity_score BETWEEN 0 AND 10"
        " AND confidence_score BETWEEN 0 AND 10 AND behavioral_score BETWEEN 0 AND 10"
        " AND overall_score BETWEEN 0 AND 10"
    )
    prompt_version = Varchar(length=50, default="")
    created_at = Timestamptz(default=TimestamptzNow())


class LiveMetrics(Table, tablename="live_metrics", db=DB):
    """The current figures of a session, updated after every answer and while recording."""

    id = UUID(primary_key=True, default=UUID4())
    session = ForeignKey(references=InterviewSession, unique=True, index=True, null=False)
    current_question_number = Integer(default=0)
    questions_completed = Integer(default=0)
    rolling_technical_avg = Float(null=True, default=None)
    rolling_clarity_avg = Float(null=True, default=None)
    rolling_confidence_avg = Float(null=True, default=None)
    rolling_behavioral_avg = Float(null=True, default=None)
    current_speech_pace = Float(null=True, default=None)
    current_volume = Float(null=True, default=None)
    silence_duration_ms = Integer(null=True, default=None)
    estimated_time_remaining = Integer(null=True, default=None)
    last_updated = Timestamptz(default=TimestamptzNow())


class Report(Table, tablename="reports", db=DB):
    """The end-of-interview report; one per session."""

    id = UUID(primary_key=True, default=UUID4())
    session = ForeignKey(references=InterviewSession, unique=True, index=True, null=False)
    user = ForeignKey(references=User, index=True, null=False)
    interview_type = Varchar(length=16, index=True)
    overall_score = Float(null=True, default=None, index=True)
    avg_technical_score = Float(null=True, default=None)
    avg_clarity_score = Float(null=True, default=None)
    avg_confidence_score = Float(null=True, default=None)
    avg_behavioral_score = Float(null=True, default=None)
    strengths = JSONB(default="[]")
    weaknesses = JSONB(default="[]")
    key_highlights = JSONB(default="[]")
    immediate_improvements = JSONB(default="[]")
    practice_areas = JSONB(default="[]")
    resources_recommended = JSONB(default="[]")
    total_speaking_time_seconds = Integer(default=0)
    avg_response_time_seconds = Float(null=True, default=None)
    total_filler_words = Integer(default=0)
    avg_speech_pace = Float(null=True, default=None)
    questions_answered = Integer(default=0)
    questions_skipped = Integer(default=0)
    best_answer = ForeignKey(references=Transcript, null=True, on_delete=OnDelete.set_null)
    worst_answer = ForeignKey(references=Transcript, null=True, on_delete=OnDelete.set_null)
    report_json = JSONB(default="{}")
    generator_model = Varchar(length=100)
    share_token = Varchar(length=64, null=True, default=None, unique=True)
    """The sha256 of the live share link's token (never the token: a database dump opens no report)."""
    share_nonce = Varchar(length=32, null=True, default=None)
    """What the token is derived from with the secret key (accounts.tokens.share_token_for), so the
    owner can be shown the live link again."""
    share_created_at = Timestamptz(null=True, default=None)
    share_includes_video = Boolean(default=False)
    """The owner ticked "include video" when sharing: the link's reader may play the answers."""
    created_at = Timestamptz(default=TimestamptzNow(), index=True)


class AudioChunk(Table, tablename="audio_chunks", db=DB):
    """An answer's audio as received: the whole upload (chunk 0) or a live recording chunk."""

    id = UUID(primary_key=True, default=UUID4())
    session = ForeignKey(references=InterviewSession, index=True, null=False)
    sequence_number = Integer()
    chunk_index = Integer(default=0)
    kind = Varchar(length=8, default="UPLOAD")
    """UPLOAD for a whole answer sent by submitAnswer, LIVE for recorder chunks."""
    data = Bytea()
    mime_type = Varchar(length=64)
    size_bytes = Integer()
    sha256 = Varchar(length=64)
    duration_ms = Integer(null=True, default=None)
    received_at = Timestamptz(default=TimestamptzNow())

    unique_chunk = Unique([session, sequence_number, kind, chunk_index])
    valid_size = Check("size_bytes >= 0 AND size_bytes <= 26214400")


class QuestionAudio(Table, tablename="question_audio", db=DB):
    """A question as the interviewer spoke it: one clip, synthesised once when it was asked.

    Asking for the question again (initialQuestion, a replayed submit, `Question.audio`) reads
    this row; nothing is synthesised twice. No row: synthesis failed, so the question has no audio.
    """

    id = UUID(primary_key=True, default=UUID4())
    session = ForeignKey(references=InterviewSession, index=True, null=False)
    question = ForeignKey(references=Question, unique=True, index=True, null=False)
    data = Bytea()
    mime_type = Varchar(length=64)
    duration_ms = Integer()
    size_bytes = Integer()
    tts_model = Varchar(length=100)
    created_at = Timestamptz(default=TimestamptzNow())


class AnswerVideo(Table, tablename="answer_videos", db=DB):
    """The camera recording of one answer; its bytes live in the media storage, not here.

    RECORDING while chunks arrive (they sit under a staging key no URL names); COMPLETE once the
    whole recording was checked and published under `storage_key` (only then is it served).
    """

    id = UUID(primary_key=True, default=UUID4())
    session = ForeignKey(references=InterviewSession, index=True, null=False)
    sequence_number = Integer()
    status = Varchar(length=16, default="RECORDING")
    chunk_sizes = JSONB(default="{}")
    """{chunk index: bytes} of the chunks received so far."""
    storage_key = Varchar(length=300, null=True, default=None)
    mime_type = Varchar(length=64, default="video/webm")
    size_bytes = Integer(default=0)
    duration_ms = Integer(null=True, default=None)
    speech = JSONB(null=True, default=None)
    """The answer's speech stretches [[start ms, end ms], ...], measured once for the timeline."""
    started_at = Timestamptz(default=TimestamptzNow())
    completed_at = Timestamptz(null=True, default=None)

    unique_answer = Unique([session, sequence_number])
    valid_status = Check("status IN ('RECORDING', 'COMPLETE')")


class Connection(Table, tablename="connections", db=DB):
    """A live subscription: who listened to which session, from which process, and when."""

    id = UUID(primary_key=True, default=UUID4())
    user = ForeignKey(references=User, index=True, null=True)
    session = ForeignKey(references=InterviewSession, index=True, null=True)
    operation = Varchar(length=32)
    process_id = Varchar(length=64)
    opened_at = Timestamptz(default=TimestamptzNow())
    last_heartbeat_at = Timestamptz(default=TimestamptzNow())
    closed_at = Timestamptz(null=True, default=None)


ALL_TABLES: list[type[Table]] = [
    User,
    CommonPassword,
    ApiToken,
    LoginSession,
    Persona,
    InterviewSession,
    Question,
    Transcript,
    Feedback,
    LiveMetrics,
    Report,
    AudioChunk,
    QuestionAudio,
    AnswerVideo,
    Connection,
]
