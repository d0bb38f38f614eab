"""The offline evaluator: scores an answer with a transparent rubric, from its text and voice metrics.

Relevance uses the question bank's key points when the question came from the bank (found by its
text); STAR parts, specificity and structure come from cue phrases; clarity and confidence from
the voice metrics and the wording. The formulas live in `rubric.scores`, the sentences in
`rubric.feedback`. Deterministic: the same answer always gets the same evaluation.
"""

from __future__ import annotations

from interview.ai.base import Evaluation, EvaluationRequest, overall_score
from interview.ai.local.question_bank import QuestionBank, find_by_text, load_bank
from interview.ai.local.rubric import feedback, scores
from interview.ai.local.rubric.evidence import AnswerEvidence, gather
from interview.ai.local.rubric.text import QUESTION_WORDS, content_stems
from interview.settings import Settings

PROMPT_VERSION = "rubric-v1"

_CATEGORY_NAMES = {
    "technical": "substance",
    "clarity": "clarity",
    "confidence": "confident delivery",
    "behavioral": "story structure",
}
_COMMUNICATION = "communicating your reasoning"
"""The behavioral category's meaning in technical and system design interviews."""


class RubricEvaluator:
    """Scores answers with no API keys: every point it gives or takes is traceable to evidence."""

    name = "local/rubric"
    prompt_version = PROMPT_VERSION

    def __init__(self, settings: Settings, bank: QuestionBank | None = None) -> None:
        self._settings = settings
        self._bank = bank or load_bank()

    async def evaluate(self, request: EvaluationRequest) -> Evaluation:
        return self.evaluate_now(request)

    def evidence(self, request: EvaluationRequest) -> AnswerEvidence:
        """What the answer contains, read against the bank's key points when the question is a bank one."""
        match = find_by_text(request.question_text, self._bank)
        key_points = None
        if match is not None and match[1] is None:
            key_points = [(k.point, k.cues) for k in match[0].key_points]
        follow_up = request.question_type == "FOLLOW_UP" or (match is not None and match[1] is not None)
        return gather(request.answer_text, request.question_text, key_points, brief=follow_up)

    def evaluate_now(self, request: EvaluationRequest) -> Evaluation:
        """The evaluation, computed synchronously (it is a few milliseconds of string matching)."""
        evidence = self.evidence(request)
        voice = request.voice_metrics
        kind = request.interview_type
        topic_words = len(content_stems(request.question_text, QUESTION_WORDS))
        relevance = scores.relevance_score(evidence, topic_words)
        flags = scores.star_flags(evidence)
        technical = scores.technical_score(evidence, relevance, kind)
        clarity = scores.clarity_score(evidence, voice)
        confidence = scores.confidence_score(evidence, voice, relevance)
        behavioral = (
            scores.star_score(evidence, relevance)
            if kind == "BEHAVIORAL"
            else scores.communication_score(evidence, relevance)
        )
        overall = overall_score(kind, technical, clarity, confidence, behavioral)
        by_category = {
            "technical": technical,
            "clarity": clarity,
            "confidence": confidence,
            "behavioral": behavioral,
        }
        best = max(by_category, key=lambda c: by_category[c])
        worst = min(by_category, key=lambda c: by_category[c])
        return Evaluation(
            technical=technical,
            clarity=clarity,
            confidence=confidence,
            behavioral=behavioral,
            overall=overall,
            technical_feedback=feedback.technical_feedback(evidence, kind),
            clarity_feedback=feedback.clarity_feedback(evidence, voice),
            confidence_feedback=feedback.confidence_feedback(evidence, voice, relevance),
            behavioral_feedback=feedback.behavioral_feedback(evidence, flags, kind),
            star=flags,
            summary=feedback.summary(
                overall,
                evidence,
                flags,
                kind,
                f"{_category_name(best, kind)} ({by_category[best]:.1f})",
                f"{_category_name(worst, kind)} ({by_category[worst]:.1f})",
            ),
            suggestions=feedback.suggestions(evidence, flags, voice, kind),
            speech_quality=scores.speech_quality_score(voice),
            filler_words=list(voice.filler_words) if voice is not None else list(evidence.text_fillers),
            model=self.name,
            prompt_version=PROMPT_VERSION,
            missed_points=[k.point for k in evidence.missed_points],
        )


def _category_name(category: str, interview_type: str) -> str:
    if category == "behavioral" and interview_type != "BEHAVIORAL":
        return _COMMUNICATION
    return _CATEGORY_NAMES[category]
