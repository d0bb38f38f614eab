"""Whole answer turns with speech on real `interview worker` processes: an API process that loads no
speech model, a worker killed mid-job, every worker stopped, and Redis restarted mid-turn."""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
import time
from collections.abc import AsyncIterator
from pathlib import Path
from uuid import UUID

import httpx
import pytest
from interview.db.tables import AudioChunk
from interview.interviews.turn.answers import answer_row
from interview.services import Services
from interview.settings import Settings
from interview.speech_queue.broker import GROUP, STREAM
from redis.asyncio import Redis

from tests.factories import start_interview
from tests.graphql_client import GraphQLClient
from tests.interviews.helpers import (
    SUBMIT,
    client_for,
    error_of,
    interview_with_question,
    result_of,
    spoken_answer,
    submit,
)
from tests.live.processes import INTERVIEW, ApiProcess, api_processes, server_environment
from tests.live.recordings import live_recording
from tests.live.test_turn_events import APPEND, FINISH, INITIAL, assert_turn_in_contract_order
from tests.live.ws import EVENTS, GraphQLWebSocket
from tests.speech_queue.conftest import REDELIVERY_SECONDS, on_the_queue
from tests.speech_queue.processes import RedisServer, acknowledged_by_all, start_worker, stopped_at_exit

pytestmark = pytest.mark.slow

SPEECH_LIBRARIES = ("ctranslate2", "onnxruntime")
"""What Whisper (faster-whisper) and Piper run on: mapped into a process that loads either model."""


@contextlib.asynccontextmanager
async def api_on_the_queue(
    settings: Settings, queue_redis: RedisServer, data_dir: Path
) -> AsyncIterator[ApiProcess]:
    """One `interview serve` with SPEECH_QUEUE=redis; its events and jobs on the test's own Redis."""
    assert settings.database_url and settings.secret_key
    env = server_environment(
        settings.database_url,
        queue_redis.url,
        settings.secret_key,
        data_dir,
        {"SPEECH_QUEUE": "redis", "SPEECH_JOB_TIMEOUT_SECONDS": "30"},
    )
    async with api_processes(1, env) as (server,):
        yield server, env


@contextlib.asynccontextmanager
async def http_client(server: ApiProcess) -> AsyncIterator[GraphQLClient]:
    async with httpx.AsyncClient(base_url=server.http_url, timeout=120) as http:
        yield GraphQLClient(http)


def run_doctor(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(INTERVIEW), "doctor"], env=env, capture_output=True, text=True, timeout=120)


def mapped_libraries(pid: int) -> str:
    return Path(f"/proc/{pid}/maps").read_text()


async def _holder_of_a_job(redis: Redis, deadline: float = 60) -> str:
    """The worker (consumer name) that holds a job it has not acknowledged yet."""
    async with asyncio.timeout(deadline):
        while True:
            with contextlib.suppress(Exception):  # the group appears with the first job
                pending = await redis.xpending_range(STREAM, GROUP, min="-", max="+", count=1)
                if pending:
                    return str(pending[0]["consumer"].decode())
            await asyncio.sleep(0.01)


async def test_an_api_process_on_the_queue_loads_no_speech_model_and_reports_the_workers(
    settings: Settings,
    services: Services,
    queue_redis: RedisServer,
    worker_env: dict[str, str],
    tmp_path: Path,
) -> None:
    with stopped_at_exit([await start_worker(worker_env, concurrency=2)]) as workers:
        async with (
            api_on_the_queue(settings, queue_redis, tmp_path) as (server, env),
            http_client(server) as client,
        ):
            interview = await interview_with_question(client)
            result = result_of(await submit(interview, 1))
            health = (await client.http.get("/healthz")).json()
            metrics = (await client.http.get("/metrics")).text
            maps = mapped_libraries(server.process.pid)
            doctor = await asyncio.to_thread(run_doctor, env)
        assert workers[0].process.poll() is None, workers[0].log_tail()
        worker_maps = mapped_libraries(workers[0].process.pid)
    assert result["transcript"]["text"], result
    assert result["interviewerResponse"]["question"]["questionText"]
    assert health["speech"]["queue"] == "redis" and health["speech"]["workers"] == 1, health
    assert health["speech"]["depth"] == 0, health
    assert 'speech_job_duration_seconds_count{job="speech.transcribe"}' in metrics
    assert 'speech_job_duration_seconds_count{job="speech.synthesize"}' in metrics
    assert "speech_workers_live 1.0" in metrics and "speech_queue_waiting 0.0" in metrics
    assert [lib for lib in SPEECH_LIBRARIES if lib in maps] == []
    # Nor Piccolo's migration apps: black's compiled modules load only in a process that migrates.
    assert "/site-packages/black/" not in maps
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    assert "speech   : queue on Redis — 0 waiting, 0 running, 1 live worker(s)" in doctor.stdout, (
        doctor.stdout
    )
    assert [lib for lib in SPEECH_LIBRARIES if lib in worker_maps] == list(SPEECH_LIBRARIES)


async def test_a_worker_killed_mid_job_the_answer_still_completes_through_redelivery(
    queued_services: Services, queue_redis: RedisServer, worker_env: dict[str, str]
) -> None:
    workers = [await start_worker(worker_env), await start_worker(worker_env)]
    redis = Redis.from_url(queue_redis.url)
    with stopped_at_exit(workers):
        async with client_for(queued_services) as client:
            interview = await interview_with_question(client)
            await redis.delete(STREAM)  # only this turn's jobs from here on
            await redis.xgroup_create(STREAM, GROUP, id="0", mkstream=True)
            submitting = asyncio.create_task(submit(interview, 1))
            holder = await _holder_of_a_job(redis)
            victim = next(w for w in workers if w.name == holder)
            victim.kill()
            killed_at = time.monotonic()
            result = result_of(await submitting)
            took = time.monotonic() - killed_at
        survivor = next(w for w in workers if w is not victim)
        assert survivor.process.poll() is None, survivor.log_tail()
        await acknowledged_by_all(redis)
    await redis.aclose()
    assert result["transcript"]["text"] and result["interviewerResponse"]["question"]["questionText"]
    # Stated bound: the redelivery time, then the rest of the turn on one worker of one thread.
    assert took < REDELIVERY_SECONDS + 30, took


async def test_with_every_worker_stopped_a_turn_waits_then_fails_and_its_answer_is_kept_for_a_retry(
    services: Services, queued_settings: Settings, worker_env: dict[str, str]
) -> None:
    recording = live_recording()
    impatient = queued_settings.model_copy(update={"speech_job_timeout_seconds": 3.0})
    async with on_the_queue(services, impatient) as queued, client_for(queued) as client:
        interview = await interview_with_question(client)  # no worker: the question comes without audio
        token, session_id = interview.account.token, interview.session_id
        for index, chunk in enumerate(recording.chunks):
            response = await client.upload(
                APPEND,
                {"sessionId": session_id, "sequenceNumber": 1, "chunkIndex": index},
                "audio",
                chunk,
                token=token,
            )
            assert not response.json().get("errors"), response.json()
        started = time.monotonic()
        failed = await client.execute(FINISH, {"sessionId": session_id, "sequenceNumber": 1}, token)
        waited = time.monotonic() - started
        assert failed["errors"][0]["extensions"]["code"] == "PROVIDER_UNAVAILABLE", failed
        # The finish waits for the utterance being transcribed in the background, then for its own
        # job: at most about twice SPEECH_JOB_TIMEOUT_SECONDS.
        assert 3.0 <= waited < 2 * 3.0 + 10, waited
        kept = await AudioChunk.count().where(
            (AudioChunk.session == session_id) & (AudioChunk.sequence_number == 1)
        )
        assert kept == len(recording.chunks)
    # A worker starts (it first runs the jobs nobody waits for any more); the same finish is retried.
    with stopped_at_exit([await start_worker(worker_env)]):
        async with on_the_queue(services, queued_settings) as patient, client_for(patient) as client:
            retried = (await client.data(FINISH, {"sessionId": session_id, "sequenceNumber": 1}, token))[
                "finishAnswer"
            ]
    assert "index" in retried["transcript"]["text"].lower(), retried
    assert retried["interviewerResponse"]["question"]["sequenceNumber"] == 2


async def test_an_upload_with_every_worker_stopped_is_kept_then_decoded_on_the_retry_or_removed_if_rejected(
    services: Services, queued_settings: Settings, worker_env: dict[str, str]
) -> None:
    impatient = queued_settings.model_copy(update={"speech_job_timeout_seconds": 2.0})

    async def submit_with(queued: Services, number: int, audio: bytes) -> httpx.Response:
        async with client_for(queued) as client:
            variables = {"s": interview.session_id, "n": number}
            return await client.upload(SUBMIT, variables, "a", audio, token=interview.account.token)

    async with on_the_queue(services, impatient) as queued, client_for(queued) as client:
        interview = await interview_with_question(client)
        started = time.monotonic()
        error = error_of(await submit(interview, 1))
        assert time.monotonic() - started < 20
        assert error["extensions"]["code"] == "PROVIDER_UNAVAILABLE", error
    kept = await answer_row(UUID(interview.session_id), 1)
    assert kept is not None and kept["status"] == "FAILED" and kept["audio_duration_ms"] is None, kept

    with stopped_at_exit([await start_worker(worker_env)]):
        async with on_the_queue(services, queued_settings) as patient:
            retried = result_of(await submit_with(patient, 1, b"not the kept audio"))
    assert retried["transcript"]["text"] and retried["interviewerResponse"]["question"]["sequenceNumber"] == 2
    decoded = await answer_row(UUID(interview.session_id), 1)
    assert decoded is not None and decoded["audio_duration_ms"] > 1000, decoded
    upload = await AudioChunk.select(AudioChunk.mime_type, AudioChunk.duration_ms).where(
        (AudioChunk.session == interview.session_id) & (AudioChunk.sequence_number == 1)
    )
    assert upload == [{"mime_type": "audio/webm", "duration_ms": decoded["audio_duration_ms"]}], upload

    async with on_the_queue(services, impatient) as queued:
        not_audio = error_of(await submit_with(queued, 2, b"no audio in here " * 100))
    assert not_audio["extensions"]["code"] == "PROVIDER_UNAVAILABLE", not_audio
    with stopped_at_exit([await start_worker(worker_env)]):
        async with on_the_queue(services, queued_settings) as patient:
            rejected = error_of(await submit_with(patient, 2, spoken_answer()))
            assert rejected["extensions"]["code"] == "INVALID_AUDIO", rejected
            assert await answer_row(UUID(interview.session_id), 2) is None
            # The question awaits an answer again, and a real one is taken.
            answered = result_of(await submit_with(patient, 2, spoken_answer()))
    assert answered["transcript"]["sequenceNumber"] == 2 and answered["transcript"]["text"]


async def test_a_redis_restart_mid_turn_the_answer_still_completes(
    settings: Settings,
    services: Services,
    queue_redis: RedisServer,
    worker_env: dict[str, str],
    tmp_path: Path,
) -> None:
    with stopped_at_exit([await start_worker(worker_env)]) as workers:
        async with (
            api_on_the_queue(settings, queue_redis, tmp_path) as (server, _env),
            http_client(server) as client,
        ):
            interview = await interview_with_question(client)
            redis = Redis.from_url(queue_redis.url)
            try:
                submitting = asyncio.create_task(submit(interview, 1))
                await _holder_of_a_job(redis)
            finally:
                await redis.aclose()
            await queue_redis.restart()  # nothing kept: stream, group, results and pub/sub are gone
            result = result_of(await submitting)
            assert server.process.poll() is None, server.log_tail()
        assert workers[0].process.poll() is None, workers[0].log_tail()
    assert result["transcript"]["text"] and result["interviewerResponse"]["question"]["questionText"]


async def test_on_the_queue_streaming_stays_streaming_partials_while_recording_then_the_turn_in_order(
    settings: Settings,
    services: Services,
    queue_redis: RedisServer,
    worker_env: dict[str, str],
    tmp_path: Path,
) -> None:
    """The live answer of tests/live/test_turn_events.py, with every speech job on a worker: the
    words arrive as PartialTranscript before the finish, and the turn's events (sentence audio
    included) in the contract's order."""
    recording = live_recording()
    with stopped_at_exit([await start_worker(worker_env, concurrency=2)]):
        async with (
            api_on_the_queue(settings, queue_redis, tmp_path) as (server, _env),
            http_client(server) as client,
        ):
            account = await client.register()
            session_id = (await start_interview(client, account))["id"]
            await client.data(INITIAL, {"id": session_id}, account.token)
            async with GraphQLWebSocket.open(server.ws_url, account.token) as ws:
                operation = await ws.subscribe(EVENTS, {"id": session_id})
                assert (await ws.event(operation))["__typename"] == "LiveMetricsUpdated"
                for index, chunk in enumerate(recording.chunks):
                    variables = {"sessionId": session_id, "sequenceNumber": 1, "chunkIndex": index}
                    response = await client.upload(APPEND, variables, "audio", chunk, token=account.token)
                    assert not response.json().get("errors"), response.json()
                while_recording = await ws.events_until(operation, "PartialTranscript", within=60)
                finish = {"sessionId": session_id, "sequenceNumber": 1}
                result = (await client.data(FINISH, finish, account.token))["finishAnswer"]
                events = await ws.events_until(operation, "QuestionAsked", within=60)
                events.append(await ws.event(operation))
    assert "measuring" in while_recording[-1]["text"].lower(), while_recording[-1]
    assert "index" in result["transcript"]["text"].lower(), result
    # The recording's last words may still bring a PartialTranscript and the pace
    # (LiveMetricsUpdated) after the finish was sent; the turn's own events start at TranscriptReady.
    start = next(i for i, e in enumerate(events) if e["__typename"] == "TranscriptReady")
    assert {e["__typename"] for e in events[:start]} <= {"LiveMetricsUpdated", "PartialTranscript"}
    turn = events[start:]
    assert_turn_in_contract_order(turn, result["transcript"]["id"], result["interviewerResponse"]["question"])
