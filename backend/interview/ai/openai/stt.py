"""Speech-to-text through /v1/audio/transcriptions."""

from __future__ import annotations

import math

from interview.ai.openai._client import PROVIDER, make_client, map_provider_errors
from interview.ai.prompts.messages import transcription_prompt
from interview.settings import Settings
from interview.speech.types import DecodedAudio, TranscriptionResult, Word


class OpenAISTT:
    """Transcribes the original upload. With `openai_stt_word_timestamps` (whisper-1) it asks for
    verbose_json with word and segment timings; gpt-transcribe returns text only, so words=[] and
    our own VAD measures the timing."""

    name = PROVIDER

    def __init__(self, settings: Settings) -> None:
        self._client = make_client(settings)
        self.model = settings.openai_stt_model
        self._word_timestamps = settings.openai_stt_word_timestamps

    async def aclose(self) -> None:
        """Close the HTTP connection pool."""
        await self._client.close()

    async def transcribe(self, audio: DecodedAudio) -> TranscriptionResult:
        extension = audio.container.split("/")[0] or "wav"
        upload = (f"answer.{extension}", audio.source, audio.mime_type)
        with map_provider_errors(self.name):
            if self._word_timestamps:
                verbose = await self._client.audio.transcriptions.create(
                    model=self.model,
                    file=upload,
                    prompt=transcription_prompt(),
                    response_format="verbose_json",
                    timestamp_granularities=["word", "segment"],
                )
                words = [Word(w.word.strip(), float(w.start), float(w.end)) for w in verbose.words or []]
                logprobs = [s.avg_logprob for s in verbose.segments or []]
                confidence = math.exp(sum(logprobs) / len(logprobs)) if logprobs else None
                return TranscriptionResult(
                    text=verbose.text.strip(),
                    words=words,
                    language=verbose.language or None,
                    confidence=confidence,
                    duration_ms=audio.duration_ms,
                    model=self.model,
                )
            plain = await self._client.audio.transcriptions.create(
                model=self.model, file=upload, prompt=transcription_prompt(), response_format="json"
            )
        return TranscriptionResult(
            text=plain.text.strip(),
            words=[],
            language=None,
            confidence=None,
            duration_ms=audio.duration_ms,
            model=self.model,
        )
