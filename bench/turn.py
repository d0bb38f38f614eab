"""Answer-turn benchmark: what the platform adds to the AI providers' own latency.

Starts the fake AI server in a process of its own with latencies like the real services
(speech-to-text, evaluation, question generation, speech synthesis), runs N answer turns through
the real app (in-process ASGI, real PostgreSQL in a database of its own, real Redis) with the
cloud chain (the real openai/anthropic SDKs), and prints the median submit -> response time next to:

- the serial sum of the latencies (what a naive turn would take),
- the ideal STT + max(evaluation, question + TTS): evaluation and the spoken question run
  concurrently, and the question has one sentence so its speech starts when its text is done,
- the target: the ideal + 100 ms, and the overhead: median - ideal.

    .venv/bin/python bench/turn.py [--turns 5] [--stt 2.5] [--eval 4] [--question 4] [--tts 1.5]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import asyncpg

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from interview.ai.base import EvaluationRequest, InterviewContext, PersonaProfile, ask  # noqa: E402
from interview.ai.local.tts import PiperTTS  # noqa: E402
from interview.app import create_app  # noqa: E402
from interview.interviews.personas import seed_personas  # noqa: E402
from interview.services import Services, open_services  # noqa: E402
from interview.settings import Settings  # noqa: E402
from interview.speech.decode import decode_audio  # noqa: E402
from interview.speech.encode import encode_pcm  # noqa: E402
from interview.speech.samples import AnswerScript, speak_script  # noqa: E402
from interview.speech.types import SAMPLE_RATE, VoiceProfile  # noqa: E402

from tests.fakes.fake_ai_server import FakeAIServer, Latency  # noqa: E402
from tests.graphql_client import GraphQLClient  # noqa: E402

ADMIN_DSN = os.environ.get("TEST_POSTGRES_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")

ANSWER = AnswerScript(
    sentences=[
        "I added an index to the orders table.",
        "The latency dropped from two seconds to fifty milliseconds.",
    ],
    silences_after=[0.8],
    voice=VoiceProfile(name="candidate"),
)

START = """mutation($p: ID!) { startInterview(input: {personaId: $p, jobTitle: "Backend Engineer",
  interviewType: TECHNICAL, difficulty: MEDIUM}) { id } }"""
INITIAL = "mutation($s: ID!) { initialQuestion(sessionId: $s) { question { id } } }"
SUBMIT = """mutation($s: ID!, $a: Upload!, $n: Int!) {
  submitAnswer(sessionId: $s, audio: $a, sequenceNumber: $n) {
  transcript { id } evaluation { overallScore evaluatorModel }
  interviewerResponse { question { sequenceNumber generatedByModel } audio { durationMs } } } }"""


class BenchAIServer(FakeAIServer):
    """The fake server with the evaluation's latency apart from the question's.

    Non-streamed completions (the evaluator's structured output) take `evaluation_seconds`; the
    streamed question takes the fake's own first-token latency.
    """

    evaluation_seconds = 0.0

    def _generation_seconds(self, content: str) -> float:
        return self.evaluation_seconds


def _answer_audio() -> bytes:
    settings = Settings(_env_file=None, data_dir=Path(tempfile.mkdtemp(prefix="bench-turn-")))  # type: ignore[call-arg]
    sample = speak_script(PiperTTS(settings), ANSWER)
    return encode_pcm(sample.samples, SAMPLE_RATE, "webm")


async def _serve_fake(args: argparse.Namespace) -> None:
    """The fake AI server alone (run in a process of its own, like the real services)."""
    import uvicorn

    fake = BenchAIServer(
        latency=Latency(
            stt_seconds=args.stt, first_token_seconds=args.question, tts_first_byte_seconds=args.tts
        )
    )
    fake.evaluation_seconds = args.eval
    server = uvicorn.Server(
        uvicorn.Config(fake.app, host="127.0.0.1", port=0, log_level="warning", lifespan="off")
    )
    serving = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110 - uvicorn offers no event for it
        await asyncio.sleep(0.01)
    print(f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}", flush=True)
    await serving


def _start_fake(args: argparse.Namespace) -> tuple[subprocess.Popen[str], str]:
    command = [
        sys.executable,
        __file__,
        "--serve-fake",
        "--stt",
        str(args.stt),
        "--eval",
        str(args.eval),
        "--question",
        str(args.question),
        "--tts",
        str(args.tts),
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    return process, process.stdout.readline().strip()


async def _run(args: argparse.Namespace) -> None:
    fake, base_url = _start_fake(args)
    database = f"bench_turn_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = await asyncpg.connect(ADMIN_DSN)
    await admin.execute(f'CREATE DATABASE "{database}"')
    await admin.close()
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=f"{ADMIN_DSN.rpartition('/')[0]}/{database}",
        redis_url=REDIS_URL,
        data_dir=Path(tempfile.mkdtemp(prefix="bench-turn-")),
        secret_key="bench-secret-key-not-for-production",
        environment="test",
        log_level="WARNING",
        provider_timeout_seconds=60,
        interview_length=args.turns + 2,
        openai_api_key="sk-fake-openai",
        openai_base_url=f"{base_url}/v1",
        anthropic_api_key="sk-ant-fake",
        anthropic_base_url=base_url,
    )
    audio = _answer_audio()
    services = await open_services(settings, migrate=True)
    try:
        await seed_personas()
        app = create_app(settings, services=services)
        async with GraphQLClient.open(app) as client:
            times = await _turns(client, audio, args.turns)
        floor = await _provider_floor(services, audio, args.turns)
    finally:
        await services.close()
        fake.terminate()
        fake.wait()
        admin = await asyncpg.connect(ADMIN_DSN)
        await admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        await admin.close()
    _report(args, times, floor)


async def _provider_floor(services: Services, audio: bytes, turns: int) -> list[float]:
    """The same provider calls without the platform: STT, then evaluation beside question + TTS.

    What the SDKs and the fake server themselves add to the nominal latencies; the platform's own
    share of the overhead is the turn's median minus this floor.
    """
    providers = services.providers
    decoded = decode_audio(audio)
    persona = PersonaProfile("Maya", "Engineering Manager", "warm mentor", "", VoiceProfile(name="maya"))
    context = InterviewContext(persona, "Backend Engineer", "TECHNICAL", "MEDIUM", 2, 6, [], None)
    times: list[float] = []
    for _ in range(turns):
        started = time.perf_counter()
        transcription = await providers.stt.transcribe(decoded)
        request = EvaluationRequest(
            "Backend Engineer", "TECHNICAL", "MEDIUM", "Why?", "TECHNICAL", transcription.text, None
        )
        evaluating = asyncio.create_task(providers.evaluator.evaluate(request))
        question = await ask(providers.interviewer, context)
        await providers.tts.synthesize(question.text, persona.voice)
        await evaluating
        times.append(time.perf_counter() - started)
    return times


async def _turns(client: GraphQLClient, audio: bytes, turns: int) -> list[float]:
    account = await client.register("Bench")
    persona = (await client.data("{ personas { id } }"))["personas"][0]["id"]
    session = (await client.data(START, {"p": persona}, account.token))["startInterview"]["id"]
    await client.data(INITIAL, {"s": session}, account.token)
    times: list[float] = []
    for number in range(1, turns + 2):  # the first turn warms up (SDK clients, cached acknowledgement)
        started = time.perf_counter()
        response = await client.upload(SUBMIT, {"s": session, "n": number}, "a", audio, token=account.token)
        elapsed = time.perf_counter() - started
        body: dict[str, Any] = response.json()
        assert not body.get("errors"), body
        result = body["data"]["submitAnswer"]
        assert result["interviewerResponse"]["audio"] is not None, "the question has no audio"
        if number > 1:
            times.append(elapsed)
        print(
            f"  turn {number}{' (warm-up)' if number == 1 else ''}: {elapsed * 1000:7.0f} ms "
            f"(evaluator {result['evaluation']['evaluatorModel']}, "
            f"interviewer {result['interviewerResponse']['question']['generatedByModel']})",
            flush=True,
        )
    return times


def _report(args: argparse.Namespace, times: list[float], floor: list[float]) -> None:
    median = statistics.median(times)
    serial = args.stt + args.eval + args.question + args.tts
    ideal = args.stt + max(args.eval, args.question + args.tts)
    target = ideal + 0.1
    print()
    print(
        f"latencies: STT {args.stt} s, evaluation {args.eval} s, question {args.question} s, TTS {args.tts} s"
    )
    print(f"median submit -> response over {len(times)} turns: {median * 1000:8.0f} ms")
    print(
        f"serial sum of the latencies:                    {serial * 1000:8.0f} ms "
        f"(median is {median / serial if serial else 0:.2f}x of it)"
    )
    print(f"ideal STT + max(eval, question + TTS):          {ideal * 1000:8.0f} ms")
    print(
        f"target (ideal + 100 ms):                        {target * 1000:8.0f} ms "
        f"-> {'MET' if median <= target else 'MISSED'}"
    )
    print(
        f"overhead (median - ideal):                      {(median - ideal) * 1000:8.0f} ms "
        f"(min {(min(times) - ideal) * 1000:.0f}, max {(max(times) - ideal) * 1000:.0f})"
    )
    floor_median = statistics.median(floor)
    print(
        f"provider floor (same SDK calls, no platform):   {floor_median * 1000:8.0f} ms "
        f"(the SDKs and the fake server add {(floor_median - ideal) * 1000:.0f} ms to the ideal)"
    )
    print(f"the platform's own share (median - floor):      {(median - floor_median) * 1000:8.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--turns", type=int, default=5, help="measured turns (after one warm-up turn)")
    parser.add_argument("--stt", type=float, default=2.5, help="speech-to-text seconds")
    parser.add_argument("--eval", type=float, default=4.0, help="evaluation seconds")
    parser.add_argument("--question", type=float, default=4.0, help="question generation seconds")
    parser.add_argument("--tts", type=float, default=1.5, help="speech synthesis seconds (first byte)")
    parser.add_argument("--serve-fake", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    asyncio.run(_serve_fake(args) if args.serve_fake else _run(args))


if __name__ == "__main__":
    main()
