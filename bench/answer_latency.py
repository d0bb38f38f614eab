"""How long the candidate waits after an answer, by answer length: real-time answers (issue 19).

A real API process on the offline stack (no fakes, no cloud keys). Answers of about 20, 60 and 120 s
of generated speech (Piper, with pauses and fillers) are encoded as a browser's MediaRecorder makes
them (webm/opus, no duration header), cut into 1 s chunks by time (at the first audio block of
each second, as a recorder's timeslice cuts: silence packs into few bytes) and streamed in real time with
appendAnswerAudio, then finishAnswer. Each length runs twice: "Done" pressed right after the last
word, and after a 1.5 s silence. Then the same files go whole through submitAnswer.

Printed per length and mode, medians of `--runs`:
- finish -> TranscriptReady, finish -> first InterviewerSpeech with audio (seconds);
- partial lag: for each sentence of the script, from the moment its last word was streamed to the
  first PartialTranscript holding that many words (seconds, the median over sentences);
- WER of the streamed transcript next to the whole-file transcript (submitAnswer) of the same audio;
- submitAnswer -> first InterviewerSpeech audio;
- how many of the streamed runs used the reply started speculatively on the last pause
  (SPECULATIVE_SILENCE_MS; the server's /metrics counter), and how many it threw away.

    .venv/bin/python bench/answer_latency.py [--lengths 20 60 120] [--runs 3]

Targets (2 cores): first audio <= 1.2 s after finish for every length and <= 0.5 s after a pause,
TranscriptReady <= 0.6 s, streamed WER at most 1.5 points above whole-file, partial lag <= 3 s,
submitAnswer of the 120 s file -> first audio <= 5 s. Not a timed test: run it on a quiet machine.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from interview.speech.encode import encode_pcm
from interview.speech.samples import (
    AnswerScript,
    SampleAnswer,
    comparable_words,
    prefix_distances,
    recorder_chunks,
    speak_script,
    word_error_rate,
)
from interview.speech.types import SAMPLE_RATE

from bench.latency import _graphql, _session
from bench.stack import bench_database, environment, migrate_and_seed
from tests.live.processes import ApiProcess, api_processes
from tests.speech_fixtures import served_piper

EVENTS = """
subscription($id: ID!) { interviewEvents(sessionId: $id) {
  __typename
  ... on PartialTranscript { text }
  ... on TranscriptReady { transcript { text } }
  ... on InterviewerSpeech { chunkIndex audio { durationMs } }
} }
"""
APPEND = (
    "mutation($s: ID!, $n: Int!, $i: Int!, $audio: Upload!) {"
    " appendAnswerAudio(sessionId: $s, sequenceNumber: $n, chunkIndex: $i, audio: $audio) { sessionId } }"
)
FINISH = (
    "mutation($s: ID!, $n: Int!) { finishAnswer(sessionId: $s, sequenceNumber: $n) { transcript { id } } }"
)
SUBMIT = (
    "mutation($s: ID!, $n: Int!, $audio: Upload!) {"
    " submitAnswer(sessionId: $s, sequenceNumber: $n, audio: $audio) { transcription { text } } }"
)

_SENTENCES = [
    "I would start by measuring where the time actually goes in the request.",
    "Um, the slow part was the database query that scanned the whole orders table.",
    "So we added an index on the customer and the date, and the latency dropped a lot.",
    "You know, after that we cached the product catalogue for a minute at a time.",
    "The hardest part was convincing the team that the numbers were real.",
    "We wrote a small load test and ran it every night against a copy of production.",
    "Uh, one regression slipped through once, and the test caught the next one.",
    "In the end the page loaded in under two hundred milliseconds for most customers.",
]
_PAUSES = [0.4, 0.9, 0.5, 1.2, 0.7]
_FILLERS = ["um", "you know", "uh"]


def script_of(seconds: float, trailing: float) -> AnswerScript:
    """About `seconds` of speech: the sentences in turn, with pauses between them (~5.5 s each)."""
    count = max(2, round(seconds / 5.5))
    sentences = list(itertools.islice(itertools.cycle(_SENTENCES), count))
    pauses = list(itertools.islice(itertools.cycle(_PAUSES), count - 1))
    return AnswerScript(sentences, pauses, leading_seconds=0.6, trailing_seconds=trailing, fillers=_FILLERS)


@dataclass
class Recording:
    answer: SampleAnswer
    webm: bytes
    chunks: list[bytes]
    duration: float
    """Seconds of audio."""
    sentence_ends: list[float]
    """Seconds from the start of the audio to the end of each sentence's speech."""


def record(seconds: float, trailing: float) -> Recording:
    script = script_of(seconds, trailing)
    answer = speak_script(served_piper(), script)
    webm = encode_pcm(answer.samples, SAMPLE_RATE, "webm", live=True)
    duration = len(answer.samples) / SAMPLE_RATE
    ends = [end_ms / 1000 for end_ms in answer.sentence_ends_ms]
    return Recording(answer, webm, recorder_chunks(webm), duration, ends)


@dataclass
class Run:
    transcript_ready: float = float("nan")
    first_audio: float = float("nan")
    partial_lag: float = float("nan")
    text: str = ""
    partials: list[tuple[float, str]] = field(default_factory=list)
    speculative_used: float = 0.0
    speculative_discarded: float = 0.0


async def speculative_replies(http: httpx.AsyncClient, server: ApiProcess) -> dict[str, float]:
    """The server's counts of speculative replies by outcome (started, used, discarded)."""
    text = (await http.get(f"{server.http_url}/metrics")).text
    counts: dict[str, float] = {}
    for line in text.splitlines():
        if line.startswith("interview_speculative_replies_total{"):
            labels, _, value = line.rpartition(" ")
            counts[labels.split('"')[1]] = float(value)
    return counts


async def _upload(
    http: httpx.AsyncClient, url: str, token: str, query: str, variables: dict[str, Any], audio: bytes
) -> dict[str, Any]:
    operations = {"query": query, "variables": {**variables, "audio": None}}
    response = await http.post(
        url,
        data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.audio"]})},
        files={"0": ("answer.webm", audio, "audio/webm")},
        headers={"authorization": f"Bearer {token}"},
    )
    body: dict[str, Any] = response.json()
    if body.get("errors"):
        raise RuntimeError(body["errors"])
    return body


async def streamed(server: ApiProcess, recording: Recording) -> Run:
    """Chunks in real time, then finishAnswer; times after the finish request is sent."""
    from tests.live.ws import GraphQLWebSocket

    url = f"{server.http_url}/graphql"
    run = Run()
    async with httpx.AsyncClient(timeout=300) as http:
        token, session_id = await _session(http, url)
        async with GraphQLWebSocket.open(server.ws_url, token) as ws:
            operation = await ws.subscribe(EVENTS, {"id": session_id})
            await ws.event(operation)
            events: list[tuple[float, dict[str, Any]]] = []

            async def listen() -> None:
                while True:
                    event = await ws.event(operation, within=300)
                    events.append((time.monotonic(), event))

            listener = asyncio.create_task(listen())
            started = time.monotonic()
            for index, chunk in enumerate(recording.chunks):
                # A chunk leaves the recorder when its second of audio is over (the last one at the end).
                leaves = started + min(index + 1, recording.duration)
                await asyncio.sleep(max(0.0, leaves - time.monotonic()))
                variables = {"s": session_id, "n": 1, "i": index}
                await _upload(http, url, token, APPEND, variables, chunk)
            before = await speculative_replies(http, server)
            finished = time.monotonic()
            await _graphql(http, url, FINISH, {"s": session_id, "n": 1}, token)
            deadline = time.monotonic() + 120
            while not any(e["__typename"] == "InterviewerSpeech" and e.get("audio") for _, e in events):
                if time.monotonic() > deadline:
                    break
                await asyncio.sleep(0.01)
            listener.cancel()
            after = await speculative_replies(http, server)
    run.speculative_used = after.get("used", 0) - before.get("used", 0)
    run.speculative_discarded = after.get("discarded", 0) - before.get("discarded", 0)
    for at, event in events:
        kind = event["__typename"]
        if kind == "TranscriptReady" and run.transcript_ready != run.transcript_ready:
            run.transcript_ready, run.text = at - finished, event["transcript"]["text"]
        elif kind == "InterviewerSpeech" and event.get("audio") and run.first_audio != run.first_audio:
            run.first_audio = at - finished
        elif kind == "PartialTranscript":
            run.partials.append((at - started, event["text"]))
    run.partial_lag = _partial_lag(recording, run.partials)
    return run


def _partial_lag(recording: Recording, partials: list[tuple[float, str]]) -> float:
    """Median over sentences: from the end of a sentence's speech to the first partial that
    reaches its last word (aligned with the script, since Whisper's words may differ), for
    sentences heard before the finish."""
    script = comparable_words(recording.answer.script.text)
    counts = list(itertools.accumulate(len(comparable_words(s)) for s in recording.answer.script.sentences))
    reached = [(at, words_reached(script, comparable_words(text))) for at, text in partials]
    lags = []
    for words, end in zip(counts, recording.sentence_ends, strict=True):
        heard = next(
            (at for at, count in reached if count >= words - 1), None
        )  # the last word may be misheard
        if heard is not None:
            lags.append(heard - end)
    return statistics.median(lags) if lags else float("nan")


def words_reached(script: list[str], heard: list[str]) -> int:
    """How many words of the script `heard` covers: the length of the script's prefix closest to
    it (edit distance; the shorter prefix of equals). Counting words alone drifted ahead of the
    speech on long answers, where Whisper's extra or split words add up."""
    distances = prefix_distances(script, heard)
    return distances.index(min(distances))


async def whole_file(server: ApiProcess, recording: Recording) -> tuple[float, str]:
    """submitAnswer of the whole file: seconds to the first interviewer audio, and the transcript."""
    from tests.live.ws import GraphQLWebSocket

    url = f"{server.http_url}/graphql"
    async with httpx.AsyncClient(timeout=300) as http:
        token, session_id = await _session(http, url)
        async with GraphQLWebSocket.open(server.ws_url, token) as ws:
            operation = await ws.subscribe(EVENTS, {"id": session_id})
            await ws.event(operation)
            started = time.monotonic()
            submit = asyncio.create_task(
                _upload(http, url, token, SUBMIT, {"s": session_id, "n": 1}, recording.webm)
            )
            first_audio = float("nan")
            while True:
                event = await ws.event(operation, within=300)
                if event["__typename"] == "InterviewerSpeech" and event.get("audio"):
                    first_audio = time.monotonic() - started
                    break
            body = await submit
    return first_audio, body["data"]["submitAnswer"]["transcription"]["text"]


def _median(values: list[float]) -> float:
    present = [v for v in values if v == v]
    return statistics.median(present) if present else float("nan")


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--lengths", type=float, nargs="+", default=[20, 60, 120])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rows = []
    async with bench_database() as database_url:
        env = environment(database_url, {"OPENAI_API_KEY": "", "ANTHROPIC_API_KEY": ""})
        migrate_and_seed(env)
        async with api_processes(1, env) as (server,):
            await whole_file(server, record(6, 0.5))  # warm-up: models loaded, pools open
            for length in args.lengths:
                for label, trailing in (("right after the last word", 0.2), ("after a 1.5 s pause", 1.5)):
                    recording = record(length, trailing)
                    reference = recording.answer.script.text
                    runs = [await streamed(server, recording) for _ in range(args.runs)]
                    whole = [await whole_file(server, recording) for _ in range(args.runs)]
                    rows.append(
                        (
                            f"{length:.0f} s, {label}",
                            _median([r.transcript_ready for r in runs]),
                            _median([r.first_audio for r in runs]),
                            _median([r.partial_lag for r in runs]),
                            _median([word_error_rate(reference, r.text) for r in runs]),
                            _median([word_error_rate(reference, text) for _, text in whole]),
                            _median([seconds for seconds, _ in whole]),
                            trailing,
                            f"{sum(r.speculative_used for r in runs):.0f}/{len(runs)}",
                        )
                    )
    print(f"\nmedians of {args.runs}; seconds after finishAnswer (submitAnswer: after the upload)")
    print(
        f"{'answer':38s} {'->Transcript':>12s} {'->1st audio':>11s} {'partial lag':>11s} "
        f"{'WER stream':>10s} {'WER file':>9s} {'submit->audio':>13s} {'spec. used':>10s}"
    )
    for name, ready, audio, lag, wer_s, wer_f, submit, _, used in rows:
        print(
            f"{name:38s} {ready:12.2f} {audio:11.2f} {lag:11.2f} {wer_s:10.3f} {wer_f:9.3f} {submit:13.2f}"
            f" {used:>10s}"
        )
    print("\ntargets:")
    for name, ready, audio, lag, wer_s, wer_f, submit, trailing, _ in rows:
        audio_target = 0.5 if trailing >= 1.5 else 1.2
        print(
            f"  {name}: first audio {audio:.2f}/{audio_target} s ({audio / audio_target:.2f}x), "
            f"TranscriptReady {ready:.2f}/0.6 s ({ready / 0.6:.2f}x), partial lag {lag:.2f}/3 s, "
            f"WER +{(wer_s - wer_f) * 100:.1f}/1.5 points, submit->audio {submit:.2f} s"
            + (f" ({submit / 5:.2f}x of 5 s)" if name.startswith("120") else "")
        )


if __name__ == "__main__":
    asyncio.run(main())
