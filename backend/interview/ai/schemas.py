"""Pydantic models of what we ask cloud models to return, and the strict JSON schema for each.

Both vendors get the same schema: OpenAI as `response_format` (strict json_schema), Anthropic as
`output_config.format`. Strict mode wants every property required, no extra properties and no
`$ref`s it cannot follow, so `strict_json_schema` inlines definitions and closes every object.
Ranges (0..10) are stated in descriptions, not as `minimum`/`maximum`, and enforced when the
answer is turned into our dataclasses (`clamp_score`).
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from interview.ai.base import Evaluation, EvaluationRequest, ReportNarrative, StarFlags, overall_score
from interview.ai.errors import ProviderBadResponse
from interview.ai.local.rubric.scores import speech_quality_score

_T = TypeVar("_T", bound=BaseModel)


class _Closed(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StarOutput(_Closed):
    has_situation: bool = Field(description="The answer sets the scene: where, when, who.")
    has_task: bool = Field(description="The answer says what the candidate had to achieve.")
    has_action: bool = Field(description="The answer says what the candidate did, in the first person.")
    has_result: bool = Field(description="The answer says how it ended, ideally with a measurable result.")


class EvaluationOutput(_Closed):
    """One answer's scores and feedback."""

    technical: float = Field(description="0-10: correctness and depth of the content.")
    clarity: float = Field(description="0-10: structure and how easy the answer is to follow.")
    confidence: float = Field(
        description="0-10: observable delivery only (hedging, fillers, long pauses, pace); never feelings."
    )
    behavioral: float = Field(description="0-10: STAR structure, ownership, reflection.")
    technical_feedback: str
    clarity_feedback: str
    confidence_feedback: str
    behavioral_feedback: str
    star: StarOutput
    summary: str = Field(description="Two sentences at most, addressed to the candidate.")
    suggestions: list[str] = Field(description="One to three concrete things to do differently.")
    missed_points: list[str] = Field(
        default_factory=list,
        description="What a strong answer covers that this one did not, each a short phrase.",
    )


class ResourceOutput(_Closed):
    title: str
    url: str = Field(description="A well-known public URL, or an empty string when unsure.")
    why: str


class ReportOutput(_Closed):
    """The narrative part of an interview report."""

    strengths: list[str]
    weaknesses: list[str]
    key_highlights: list[str]
    immediate_improvements: list[str]
    practice_areas: list[str]
    resources: list[ResourceOutput]


def strict_json_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON schema with `$ref`s inlined, every property required, no extras, no titles."""
    raw = model.model_json_schema()
    definitions: dict[str, Any] = raw.pop("$defs", {})

    def close(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                name = str(node["$ref"]).rsplit("/", 1)[-1]
                return close(definitions[name])
            out = {k: close(v) for k, v in node.items() if k not in ("title", "default")}
            if out.get("type") == "object":
                out["additionalProperties"] = False
                out["required"] = list(out.get("properties", {}))
            return out
        if isinstance(node, list):
            return [close(item) for item in node]
        return node

    closed: dict[str, Any] = close(raw)
    return closed


def clamp_score(value: float) -> float:
    """A model's score forced into 0..10 and rounded to one decimal."""
    return round(min(10.0, max(0.0, float(value))), 1)


def parse_output(model: type[_T], text: str | None, provider: str) -> _T:
    """A structured answer parsed and validated, or ProviderBadResponse saying what was wrong."""
    if not text:
        raise ProviderBadResponse(provider, "empty structured output")
    try:
        return model.model_validate_json(text)
    except ValidationError as error:
        raise ProviderBadResponse(
            provider, f"structured output does not match the schema: {error}"
        ) from error


def to_evaluation(
    output: EvaluationOutput, request: EvaluationRequest, model: str, prompt_version: str
) -> Evaluation:
    """Our Evaluation from a model's answer; overall and speech quality are computed, not asked for
    (speech quality by the same formula whichever provider scored the content)."""
    technical, clarity = clamp_score(output.technical), clamp_score(output.clarity)
    confidence, behavioral = clamp_score(output.confidence), clamp_score(output.behavioral)
    metrics = request.voice_metrics
    return Evaluation(
        technical=technical,
        clarity=clarity,
        confidence=confidence,
        behavioral=behavioral,
        overall=overall_score(request.interview_type, technical, clarity, confidence, behavioral),
        technical_feedback=output.technical_feedback,
        clarity_feedback=output.clarity_feedback,
        confidence_feedback=output.confidence_feedback,
        behavioral_feedback=output.behavioral_feedback,
        star=StarFlags(**output.star.model_dump()),
        summary=output.summary,
        suggestions=list(output.suggestions),
        speech_quality=speech_quality_score(metrics),
        filler_words=list(metrics.filler_words) if metrics is not None else [],
        model=model,
        prompt_version=prompt_version,
        missed_points=list(output.missed_points),
    )


def to_narrative(output: ReportOutput, model: str, prompt_version: str) -> ReportNarrative:
    return ReportNarrative(
        strengths=list(output.strengths),
        weaknesses=list(output.weaknesses),
        key_highlights=list(output.key_highlights),
        immediate_improvements=list(output.immediate_improvements),
        practice_areas=list(output.practice_areas),
        resources=[r.model_dump() for r in output.resources],
        model=model,
        prompt_version=prompt_version,
    )
