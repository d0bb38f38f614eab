"""Stored rows read back as the AI's neutral dataclasses, for the turn and the report alike."""

from __future__ import annotations

import json
from typing import Any

from interview.ai.base import Evaluation, StarFlags
from interview.speech.types import VoiceMetrics
from interview.speech.voice_metrics import is_too_quiet

Row = dict[str, Any]


def json_value(value: Any) -> Any:
    """JSONB columns come back as text from a plain select."""
    return json.loads(value) if isinstance(value, str) else value


def evaluation_of(row: Row) -> Evaluation:
    """A stored feedback row as the evaluator's Evaluation."""
    return Evaluation(
        technical=row["technical_score"],
        clarity=row["clarity_score"],
        confidence=row["confidence_score"],
        behavioral=row["behavioral_score"],
        overall=row["overall_score"],
        technical_feedback=row["technical_feedback"],
        clarity_feedback=row["clarity_feedback"],
        confidence_feedback=row["confidence_feedback"],
        behavioral_feedback=row["behavioral_feedback"],
        star=StarFlags(row["has_situation"], row["has_task"], row["has_action"], row["has_result"]),
        summary=row["feedback_summary"],
        suggestions=[str(s) for s in json_value(row["improvement_suggestions"]) or []],
        speech_quality=row["speech_quality_score"],
        filler_words=[str(s) for s in json_value(row["filler_words_detected"]) or []],
        model=row["evaluator_model"],
        prompt_version=row["prompt_version"],
    )


def voice_metrics_of(row: Row) -> VoiceMetrics | None:
    """The stored metrics of an answer; None when it has none (e.g. a text-only row)."""
    if row["speech_pace"] is None:
        return None
    dbfs = row["volume_dbfs"] if row["volume_dbfs"] is not None else -60.0
    return VoiceMetrics(
        speech_pace=row["speech_pace"],
        pause_count=row["pause_count"] or 0,
        longest_pause_ms=row["longest_pause_ms"] or 0,
        response_latency_ms=row["response_latency_ms"] or 0,
        speaking_time_ms=row["speaking_time_ms"] or 0,
        word_count=row["word_count"] or 0,
        filler_word_count=row["filler_word_count"] or 0,
        filler_words=[str(w) for w in json_value(row["filler_words"]) or []],
        volume_level=row["volume_level"] or 0.0,
        volume_dbfs=dbfs,
        too_quiet=is_too_quiet(dbfs),
        clipping=False,  # not stored; the evaluator already saw it when the answer was scored
        clarity_score=row["clarity_score"] or 0.0,
    )
