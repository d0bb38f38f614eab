"""The spoken question: sentences as they stream, chunk order, the final text's authority, the outbox."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from interview.ai.anthropic.interviewer import AnthropicInterviewer
from interview.ai.base import InterviewContext, NextQuestion, SynthesizedSpeech, TextDelta
from interview.ai.fallback import FallbackInterviewer, RetryPolicy, Step
from interview.ai.local.interviewer import QuestionBankInterviewer
from interview.ai.openai.interviewer import OpenAIInterviewer
from interview.events.bus import session_channel
from interview.events.memory import InMemoryBroker
from interview.interviews.turn.speaking import (
    QuestionSpeaker,
    SentenceSplitter,
    SpeechOutbox,
    split_sentences,
    whole_clip,
)
from interview.settings import Settings
from interview.speech.types import VoiceProfile

from tests.ai.conftest import interview_context
from tests.fakes.fake_ai_server import FakeAIServer, Fault
from tests.fakes.fixtures import fake_ai, fake_ai_server  # noqa: F401

VOICE = VoiceProfile(name="test")


class ScriptedInterviewer:
    """Yields the given deltas (waiting on `gate` before the last one), then the NextQuestion."""

    name = "scripted"

    def __init__(self, deltas: list[str], final_text: str, gate: asyncio.Event | None = None) -> None:
        self.deltas, self.final_text, self.gate = deltas, final_text, gate

    async def stream_question(self, context: InterviewContext) -> AsyncIterator[TextDelta | NextQuestion]:
        for index, delta in enumerate(self.deltas):
            if self.gate is not None and index == len(self.deltas) - 1:
                await self.gate.wait()
            yield TextDelta(delta)
        yield NextQuestion(self.final_text, "TECHNICAL", "MEDIUM", False, "scripted", "v1")


class RecordingTTS:
    """Speaks instantly (a tone-free stand-in clip); fails for sentences containing "FAIL"."""

    name = "recording"

    def __init__(self) -> None:
        self.spoken: list[str] = []

    async def synthesize(self, text: str, voice: VoiceProfile) -> SynthesizedSpeech:
        self.spoken.append(text)
        await asyncio.sleep(0.01)
        if "FAIL" in text:
            raise RuntimeError("synthesis failed")
        return SynthesizedSpeech(audio=text.encode(), mime_type="audio/ogg", duration_ms=100, model="rec")


@pytest.fixture
async def broker() -> AsyncIterator[InMemoryBroker]:
    bus = InMemoryBroker()
    await bus.start()
    yield bus
    await bus.close()


async def _speak(
    broker: InMemoryBroker, interviewer: ScriptedInterviewer, tts: RecordingTTS, *, held: bool
) -> tuple[QuestionSpeaker, SpeechOutbox, list[dict[str, Any]], NextQuestion]:
    session_id = uuid.uuid4()
    received: list[dict[str, Any]] = []
    outbox = SpeechOutbox(broker, session_id, held=held)
    speaker = QuestionSpeaker(tts, VOICE, uuid.uuid4(), outbox)
    async with broker.subscription(session_channel(str(session_id))) as subscription:

        async def record() -> None:
            async for message in subscription:
                received.append(message)

        recorder = asyncio.create_task(record())
        question = await speaker.listen(interviewer.stream_question(None))  # type: ignore[arg-type]
        if held:
            await asyncio.sleep(0.05)
            assert received == [], "a held outbox publishes nothing before release"
            await outbox.release()
        await speaker.finished()
        await asyncio.sleep(0.02)
        recorder.cancel()
    return speaker, outbox, received, question


def test_sentences_are_cut_as_soon_as_they_end() -> None:
    splitter = SentenceSplitter()
    assert splitter.feed("Tell me about") == []
    assert splitter.feed(" a time. What did") == ["Tell me about a time."]
    assert splitter.feed(' you do?" And then') == ['What did you do?"']
    assert splitter.flush() == ["And then"]
    assert split_sentences("One.  Two! Three") == ["One.", "Two!", "Three"]


async def test_chunks_are_numbered_in_order_and_only_the_last_is_final(broker: InMemoryBroker) -> None:
    interviewer = ScriptedInterviewer(["Hello there. How", " are you? Tell me", " about Kafka."], "")
    interviewer.final_text = "Hello there. How are you? Tell me about Kafka."
    speaker, _, received, _ = await _speak(broker, interviewer, RecordingTTS(), held=True)
    assert [m["chunkIndex"] for m in received] == [0, 1, 2]
    assert [m["final"] for m in received] == [False, False, True]
    assert [m["textDelta"] for m in received] == ["Hello there.", "How are you?", "Tell me about Kafka."]
    assert {m["questionId"] for m in received} == {str(speaker.question_id)}
    assert all(m["audio"]["mimeType"] == "audio/ogg" for m in received)


async def test_the_final_text_replaces_what_was_streamed_but_not_yet_sent(broker: InMemoryBroker) -> None:
    # A fallback replaced a broken stream: "B." was streamed but the authoritative text differs.
    tts = RecordingTTS()
    interviewer = ScriptedInterviewer(["A first. B second. "], "A first. C instead.")
    _, _, received, question = await _speak(broker, interviewer, tts, held=True)
    assert [m["textDelta"] for m in received] == ["A first.", "C instead."]
    assert [m["final"] for m in received] == [False, True]
    assert question.text == "A first. C instead."
    assert "C instead." in tts.spoken


async def test_an_open_outbox_sends_a_chunk_before_the_question_is_complete(broker: InMemoryBroker) -> None:
    gate = asyncio.Event()
    interviewer = ScriptedInterviewer(["First sentence. ", "Second sentence."], "", gate)
    interviewer.final_text = "First sentence. Second sentence."
    session_id = uuid.uuid4()
    outbox = SpeechOutbox(broker, session_id, held=False)
    speaker = QuestionSpeaker(RecordingTTS(), VOICE, uuid.uuid4(), outbox)
    async with broker.subscription(session_channel(str(session_id))) as subscription:
        listening = asyncio.create_task(speaker.listen(interviewer.stream_question(None)))  # type: ignore[arg-type]
        await asyncio.sleep(0.1)
        assert subscription.pending == 0  # "First sentence." might still be the last: not sent yet
        gate.set()
        await listening
        sentences = await speaker.finished()
        first = await asyncio.wait_for(subscription.__anext__(), 1)
        second = await asyncio.wait_for(subscription.__anext__(), 1)
    assert (first["chunkIndex"], first["final"], second["chunkIndex"], second["final"]) == (0, False, 1, True)
    assert [s.text for s in sentences] == ["First sentence.", "Second sentence."]


async def test_a_sentence_whose_speech_failed_has_no_audio_and_the_question_no_clip(
    broker: InMemoryBroker,
) -> None:
    interviewer = ScriptedInterviewer(["Fine here. FAIL here."], "Fine here. FAIL here.")
    speaker, _, received, _ = await _speak(broker, interviewer, RecordingTTS(), held=True)
    assert [m["audio"] is None for m in received] == [False, True]
    assert await whole_clip(await speaker.finished()) is None


async def test_sentence_clips_are_joined_into_one_playable_clip() -> None:
    import numpy as np
    from interview.interviews.turn.speaking import SpokenSentence
    from interview.speech.decode import decode_audio
    from interview.speech.encode import encode_pcm
    from interview.speech.workers import run_cpu

    tone = (np.sin(np.arange(22_050) * 2 * np.pi * 220 / 22_050) * 8000).astype(np.int16)
    clips = [
        SynthesizedSpeech(encode_pcm(tone, 22_050, "ogg"), "audio/ogg", 1000, "piper"),
        SynthesizedSpeech(encode_pcm(tone[:11_025], 22_050, "ogg"), "audio/ogg", 500, "piper"),
    ]
    joined = await whole_clip([SpokenSentence("One.", clips[0]), SpokenSentence("Two.", clips[1])])
    assert joined is not None and joined.mime_type == "audio/ogg"
    assert abs(joined.duration_ms - 1500) < 40
    decoded = await run_cpu(decode_audio, joined.audio)
    assert decoded.container == "ogg/opus" and abs(decoded.duration_ms - 1500) < 60


async def test_a_question_broken_mid_stream_starts_over_with_restarted_set(
    broker: InMemoryBroker,
    fake_ai: FakeAIServer,  # noqa: F811
) -> None:
    # Anthropic streams two sentences (the first is sent), then drops; OpenAI is down, so the
    # local interviewer's question replaces it: spoken from its start, marked restarted.
    fake_ai.answers.question = "First one. Second one. Third one."
    fake_ai.fail("messages", Fault.break_stream(after_chunks=5))
    fake_ai.fail("chat", Fault.http(503))
    settings = Settings(_env_file=None, environment="test", **fake_ai.settings_overrides())  # type: ignore[call-arg]
    anthropic, openai = AnthropicInterviewer(settings), OpenAIInterviewer(settings)
    chain = FallbackInterviewer(
        [Step(anthropic), Step(openai), Step(QuestionBankInterviewer(settings), None, "local")],
        RetryPolicy(max_retries=0),
    )
    try:
        speaker, _, received, question = await _speak_from(broker, chain, RecordingTTS())
    finally:
        await anthropic.aclose()
        await openai.aclose()

    assert question.model.startswith("local/")
    final_sentences = split_sentences(question.text)
    assert [m["chunkIndex"] for m in received] == list(range(1 + len(final_sentences)))
    assert received[0]["textDelta"] == "First one." and not received[0]["restarted"]
    assert [m["textDelta"] for m in received[1:]] == final_sentences
    assert [m["restarted"] for m in received] == [False, True] + [False] * (len(final_sentences) - 1)
    assert [m["final"] for m in received][-1] is True
    spoken = [s.text for s in await speaker.finished()]
    assert spoken == final_sentences, "the question's clip is the final text"


async def test_a_question_replaced_before_anything_was_sent_is_not_restarted(broker: InMemoryBroker) -> None:
    interviewer = ScriptedInterviewer(["A first. B second. "], "A first. C instead.")
    _, _, received, _ = await _speak(broker, interviewer, RecordingTTS(), held=True)
    assert [m["restarted"] for m in received] == [False, False]


async def _speak_from(
    broker: InMemoryBroker, interviewer: FallbackInterviewer, tts: RecordingTTS
) -> tuple[QuestionSpeaker, SpeechOutbox, list[dict[str, Any]], NextQuestion]:
    session_id = uuid.uuid4()
    received: list[dict[str, Any]] = []
    outbox = SpeechOutbox(broker, session_id, held=False)
    speaker = QuestionSpeaker(tts, VOICE, uuid.uuid4(), outbox)
    async with broker.subscription(session_channel(str(session_id))) as subscription:

        async def record() -> None:
            async for message in subscription:
                received.append(message)

        recorder = asyncio.create_task(record())
        question = await speaker.listen(interviewer.stream_question(interview_context()))
        await speaker.finished()
        await asyncio.sleep(0.05)
        recorder.cancel()
    return speaker, outbox, received, question


async def test_a_speaker_that_may_be_thrown_away_speaks_the_first_sentence_only(
    broker: InMemoryBroker,
) -> None:
    tts = RecordingTTS()
    interviewer = ScriptedInterviewer(["Thanks. ", "How would you find the slow query? ", "Why?"], "")
    interviewer.final_text = "Thanks. How would you find the slow query? Why?"
    outbox = SpeechOutbox(broker, uuid.uuid4(), held=True)
    speaker = QuestionSpeaker(tts, VOICE, uuid.uuid4(), outbox, speak_ahead=False)
    await speaker.listen(interviewer.stream_question(None))  # type: ignore[arg-type]
    await asyncio.sleep(0.1)
    assert tts.spoken == ["Thanks."]

    speaker.speak_ahead()  # used: the rest is synthesised
    await outbox.release()
    spoken = await speaker.finished()
    assert [s.text for s in spoken] == ["Thanks.", "How would you find the slow query?", "Why?"]
    assert tts.spoken == ["Thanks.", "How would you find the slow query?", "Why?"]
