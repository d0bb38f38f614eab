"""What a whole interview showed: the findings the report writer phrases.

Gathered once per report from the answers' evaluations, voice metrics and the rubric's evidence,
so that every section (strengths, weaknesses, improvements, practice areas) names the same facts.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from statistics import mean

from interview.ai.base import AnswerSummary, Evaluation, ReportInput
from interview.ai.local.question_bank import QuestionBank, find_by_text
from interview.ai.local.rubric import scores
from interview.ai.local.rubric.evidence import AnswerEvidence, gather
from interview.ai.local.rubric.feedback import join
from interview.ai.local.rubric.probes import is_probe

STRONG_AVERAGE = 7.5
"""A category averaging this or more is named as a strength."""
WEAK_AVERAGE = 6.0
"""A category averaging less than this is named as a weakness."""
SHORT_ANSWER_WORDS = 40
HEAVY_FILLERS_PER_MINUTE = 3.0
"""Between fluent (about 1 a minute) and distracting (about 5): worth working on."""

CATEGORIES = ("technical", "clarity", "confidence", "behavioral")


def questions_phrase(numbers: list[int]) -> str:
    """ "question 2" or "questions 2, 4 and 5"."""
    ordered = sorted(numbers)
    return ("question " if len(ordered) == 1 else "questions ") + join([str(n) for n in ordered])


@dataclass
class ScoredAnswer:
    summary: AnswerSummary
    evaluation: Evaluation
    evidence: AnswerEvidence

    @property
    def number(self) -> int:
        return self.summary.sequence_number


@dataclass
class SessionFindings:
    """What the whole interview showed, gathered once and phrased by several sections."""

    report: ReportInput
    scored: list[ScoredAnswer]
    skipped: list[int]
    averages: dict[str, float]
    fillers_per_minute: float | None
    top_fillers: list[str]
    pace: float | None
    no_result: list[int] = field(default_factory=list)
    no_action: list[int] = field(default_factory=list)
    mostly_we: list[int] = field(default_factory=list)
    no_numbers: list[int] = field(default_factory=list)
    no_reasons: list[int] = field(default_factory=list)
    short: list[int] = field(default_factory=list)
    long_pauses: list[int] = field(default_factory=list)
    hedged: dict[int, tuple[str, ...]] = field(default_factory=dict)
    missed_points: dict[int, list[str]] = field(default_factory=dict)

    @property
    def behavioral(self) -> bool:
        return self.report.interview_type == "BEHAVIORAL"

    def weak_categories(self) -> list[str]:
        return sorted(
            (c for c, v in self.averages.items() if v < WEAK_AVERAGE), key=lambda c: self.averages[c]
        )

    def strong_categories(self) -> list[str]:
        return sorted(
            (c for c, v in self.averages.items() if v >= STRONG_AVERAGE), key=lambda c: -self.averages[c]
        )


def gather_findings(report: ReportInput, bank: QuestionBank) -> SessionFindings:
    """Everything the report says, gathered once from the answers, their evaluations and voice."""
    scored = [
        ScoredAnswer(a, a.evaluation, answer_evidence(a, bank))
        for a in sorted(report.answers, key=lambda a: a.sequence_number)
        if not a.skipped and a.evaluation is not None
    ]
    voiced = [a.voice_metrics for a in report.answers if not a.skipped and a.voice_metrics is not None]
    speaking_ms = sum(v.speaking_time_ms for v in voiced)
    fillers_pm = report.averages.get("fillers_per_minute")
    if fillers_pm is None and speaking_ms > 0:
        fillers_pm = sum(v.filler_word_count for v in voiced) * 60_000 / speaking_ms
    pace = report.averages.get("speech_pace")
    if pace is None and any(v.speech_pace > 0 for v in voiced):
        pace = mean(v.speech_pace for v in voiced if v.speech_pace > 0)
    forms = [f for v in voiced for f in v.filler_words] or [
        f for s in scored for f in s.evaluation.filler_words
    ]
    findings = SessionFindings(
        report=report,
        scored=scored,
        skipped=sorted(a.sequence_number for a in report.answers if a.skipped),
        averages=averages_of(report, scored),
        fillers_per_minute=fillers_pm,
        top_fillers=[form for form, _ in Counter(forms).most_common(2)],
        pace=pace,
    )
    for s in scored:
        n, ev, evidence = s.number, s.evaluation, s.evidence
        if findings.behavioral and not ev.star.has_result:
            findings.no_result.append(n)
        if findings.behavioral and not ev.star.has_action:
            findings.no_action.append(n)
        if findings.behavioral and evidence.ownership is not None and evidence.ownership < 0.34:
            findings.mostly_we.append(n)
        if not evidence.numbers and evidence.judged_length >= 15:
            findings.no_numbers.append(n)
        if not findings.behavioral and not evidence.reasoning_markers and evidence.judged_length >= 15:
            findings.no_reasons.append(n)
        if evidence.judged_length < SHORT_ANSWER_WORDS:
            findings.short.append(n)
        voice = s.summary.voice_metrics
        if voice is not None and voice.longest_pause_ms > scores.LONG_PAUSE_MS:
            findings.long_pauses.append(n)
        if evidence.hedges:
            findings.hedged[n] = evidence.hedges
        missed = [k.point for k in evidence.missed_points]
        if evidence.key_points and len(missed) >= len(evidence.key_points) / 2:
            findings.missed_points[n] = missed
    return findings


def answer_evidence(answer: AnswerSummary, bank: QuestionBank) -> AnswerEvidence:
    """The rubric's evidence for one answer, against the bank's key points when it is a bank question."""
    match = find_by_text(answer.question_text, bank)
    key_points = None
    follow_up = (match is not None and match[1] is not None) or is_probe(answer.question_text)
    if match is not None and match[1] is None:
        key_points = [(k.point, k.cues) for k in match[0].key_points]
    return gather(answer.answer_text, answer.question_text, key_points, brief=follow_up)


def averages_of(report: ReportInput, scored: list[ScoredAnswer]) -> dict[str, float]:
    """Each category's average: the caller's figure when given, else the mean of the scored answers."""
    result: dict[str, float] = {}
    for category in (*CATEGORIES, "overall"):
        given = report.averages.get(category)
        if given is not None:
            result[category] = round(given, 1)
        elif scored:
            result[category] = round(mean(getattr(s.evaluation, category) for s in scored), 1)
    return {c: v for c, v in result.items() if c != "overall"} | (
        {"overall": result["overall"]} if "overall" in result else {}
    )


def category_averages(findings: SessionFindings) -> dict[str, float]:
    return {c: v for c, v in findings.averages.items() if c in CATEGORIES}
