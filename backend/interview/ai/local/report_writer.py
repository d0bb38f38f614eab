"""The offline report writer: the end-of-interview narrative, built from the answers' evidence.

Every sentence names what it is about: the question numbers, the figures, the words the candidate
used. Nothing is boilerplate; a category is only praised or criticised when its average says so.
"""

from __future__ import annotations

from collections import Counter
from itertools import zip_longest
from statistics import mean

from interview.ai.base import InterviewType, ReportInput, ReportNarrative
from interview.ai.local.question_bank import QuestionBank, load_bank, role_families
from interview.ai.local.rubric import scores
from interview.ai.local.rubric.feedback import join, lower_first, plural, quoted
from interview.ai.local.rubric.practice import FAMILY_RESOURCES, RESOURCES, practice_areas, resources
from interview.ai.local.rubric.session import (
    HEAVY_FILLERS_PER_MINUTE,
    SHORT_ANSWER_WORDS,
    ScoredAnswer,
    SessionFindings,
    category_averages,
    gather_findings,
    questions_phrase,
)
from interview.settings import Settings

PROMPT_VERSION = "report-local-v1"


def category_name(category: str, interview_type: InterviewType) -> str:
    """How the report names a category; "behavioral" means STAR stories only in behavioral interviews."""
    if category == "behavioral":
        return "Story structure (STAR)" if interview_type == "BEHAVIORAL" else "Communicating your reasoning"
    return {
        "technical": "Substance (relevance and detail)",
        "clarity": "Clarity",
        "confidence": "Confidence",
    }[category]


def short_name(category: str, interview_type: InterviewType) -> str:
    """The category's name inside a sentence."""
    if category == "behavioral":
        return "STAR story structure" if interview_type == "BEHAVIORAL" else "communicating your reasoning"
    return {"technical": "substance", "clarity": "clarity", "confidence": "confidence"}[category]


class LocalReportWriter:
    """Writes the report with no API keys, from the evaluations and voice metrics of the session."""

    name = "local/report-writer"
    prompt_version = PROMPT_VERSION

    def __init__(self, settings: Settings, bank: QuestionBank | None = None) -> None:
        self._settings = settings
        self._bank = bank or load_bank()

    async def write(self, report: ReportInput) -> ReportNarrative:
        return self.write_now(report)

    def write_now(self, report: ReportInput) -> ReportNarrative:
        findings = gather_findings(report, self._bank)
        if not findings.scored:
            return _unscored_narrative(findings, self.name)
        return ReportNarrative(
            strengths=_strengths(findings),
            weaknesses=_weaknesses(findings),
            key_highlights=_highlights(findings),
            immediate_improvements=_improvements(findings),
            practice_areas=practice_areas(findings),
            resources=resources(findings),
            model=self.name,
            prompt_version=PROMPT_VERSION,
        )


# --- sections ----------------------------------------------------------------------------------


def _excerpt(question: str, words: int = 8) -> str:
    """The question's first words, quoted, so the candidate recognises it."""
    parts = question.split()
    return "'" + " ".join(parts[:words]) + ("…'" if len(parts) > words else "'")


def _what_worked(answer: ScoredAnswer, behavioral: bool) -> str:
    """What made an answer good, from its evidence."""
    e, reasons = answer.evidence, []
    if e.key_points and e.covered_points:
        reasons.append(f"it covered {len(e.covered_points)} of {len(e.key_points)} key points")
    if behavioral and all(vars(answer.evaluation.star).values()):
        reasons.append("it told a complete STAR story")
    if e.numbers:
        reasons.append(f"it gave numbers ({join(list(e.numbers[:2]))})")
    if e.technologies and not behavioral:
        reasons.append(f"it named {join(list(e.technologies[:3]))}")
    return join(reasons[:3]) or "it was the most complete and clearly delivered answer"


def _what_was_missing(answer: ScoredAnswer, behavioral: bool) -> str:
    """What held an answer back, from its evidence."""
    e, gaps = answer.evidence, []
    if e.judged_length < SHORT_ANSWER_WORDS:
        gaps.append(f"it was only {plural(e.word_count, 'word')}")
    if behavioral and not answer.evaluation.star.has_result:
        gaps.append("it stated no result")
    if e.key_points and e.missed_points:
        gaps.append(f"it missed {lower_first(e.missed_points[0].point)}")
    if not e.numbers:
        gaps.append("it had no numbers")
    if e.hedges:
        gaps.append(f"it hedged ({quoted(e.hedges, 2)})")
    return join(gaps[:3]) or "it was the least developed answer"


def _strengths(f: SessionFindings) -> list[str]:
    kind = f.report.interview_type
    categories = category_averages(f)
    out = []
    for category in [c for c in f.strong_categories() if c in categories][:2]:
        out.append(
            f"{category_name(category, kind)} was a strength: it averaged {categories[category]:.1f} "
            f"across {plural(len(f.scored), 'answer')}."
        )
    if f.behavioral:
        with_result = [s.number for s in f.scored if s.evaluation.star.has_result]
        if with_result and len(with_result) >= 0.75 * len(f.scored):
            out.append(
                f"You stated a clear result in {len(with_result)} of "
                f"{len(f.scored)} stories ({questions_phrase(with_result)})."
            )
    with_numbers = [s for s in f.scored if s.evidence.numbers]
    if len(with_numbers) == 1:
        only = with_numbers[0]
        out.append(
            f"You backed question {only.number} with numbers ({join(list(only.evidence.numbers[:3]))})."
        )
    elif with_numbers:
        example = with_numbers[0]
        out.append(
            f"You backed answers with numbers in {questions_phrase([s.number for s in with_numbers])}, "
            f"for example {join(list(example.evidence.numbers[:2]))} in question {example.number}."
        )
    if f.pace is not None and scores.PACE_LOW <= f.pace <= scores.PACE_HIGH:
        out.append(f"Your average pace, {f.pace:.0f} wpm, sat inside the comfortable 120–160 band.")
    if f.fillers_per_minute is not None and f.fillers_per_minute <= 1.5:
        out.append(f"Your speech was fluent: {f.fillers_per_minute:.1f} fillers a minute on average.")
    best = max(f.scored, key=lambda s: s.evaluation.overall)
    if best.evaluation.overall >= 6.5:
        out.append(
            f"Your best answer was question {best.number} "
            f"(overall {best.evaluation.overall:.1f}): {_what_worked(best, f.behavioral)}."
        )
    if not out:
        top = max(categories, key=lambda c: categories[c])
        out.append(
            f"No area is a clear strength yet; your highest was {category_name(top, kind).lower()} "
            f"at {categories[top]:.1f}, which is the base to build on."
        )
    return out[:5]


def _weaknesses(f: SessionFindings) -> list[str]:
    """At most eight, most important first: weak categories, skips, story gaps, delivery, content gaps."""
    kind = f.report.interview_type
    categories = category_averages(f)
    out = []
    weak = [c for c in f.weak_categories() if c in categories]
    if len(weak) == 1:
        out.append(
            f"{short_name(weak[0], kind).capitalize()} averaged "
            f"{categories[weak[0]]:.1f}, below the 6.0 mark."
        )
    elif weak:
        named = join([f"{short_name(c, kind)} ({categories[c]:.1f})" for c in weak[:2]])
        out.append(f"{named[:1].upper()}{named[1:]} averaged below the 6.0 mark.")
    if f.skipped:
        out.append(f"You skipped {questions_phrase(f.skipped)}.")
    if f.no_result:
        out.append(
            f"Your answers to {questions_phrase(f.no_result)} stated "
            "no result: the story stopped before saying what changed."
        )
    unclear_part = sorted(set(f.no_action) | set(f.mostly_we))
    if unclear_part:
        how = "you mostly said 'we' and" if f.mostly_we else "you"
        out.append(f"In {questions_phrase(unclear_part)} {how} did not make your own actions clear.")
    if f.fillers_per_minute is not None and f.fillers_per_minute >= HEAVY_FILLERS_PER_MINUTE:
        mostly = f", mostly {quoted(f.top_fillers)}" if f.top_fillers else ""
        out.append(
            f"You averaged {f.fillers_per_minute:.1f} fillers per "
            f"minute{mostly}; around 5 a minute starts to distract."
        )
    if f.pace is not None and f.pace > scores.PACE_HIGH:
        out.append(
            f"Your pace, {f.pace:.0f} wpm on average, is above the 120–160 band, which is hard to follow."
        )
    elif f.pace is not None and 0 < f.pace < scores.PACE_LOW:
        out.append(
            f"Your pace, {f.pace:.0f} wpm on average, is below the 120–160 band, which can sound hesitant."
        )
    hedge_count = sum(len(h) for h in f.hedged.values())
    if hedge_count >= 3:
        phrases = Counter(p for h in f.hedged.values() for p in h).most_common(2)
        out.append(
            f"You hedged {hedge_count} times ({quoted([p for p, _ in phrases])}) "
            f"in {questions_phrase(list(f.hedged))}."
        )
    if f.long_pauses:
        out.append(f"There were pauses longer than 3 seconds in {questions_phrase(f.long_pauses)}.")
    if f.missed_points:
        n, missed = next(iter(f.missed_points.items()))
        more = len(f.missed_points) - 1
        tail = f" (and similar gaps in {plural(more, 'other question')})" if more else ""
        out.append(f"In question {n} you did not cover {lower_first(missed[0])}{tail}.")
    if f.no_numbers and len(f.no_numbers) >= max(2, len(f.scored) // 2):
        out.append(
            f"Your answers to {questions_phrase(f.no_numbers)} "
            "contained no numbers, so their claims were hard to check."
        )
    if f.no_reasons and len(f.no_reasons) >= max(2, len(f.scored) // 2):
        out.append(f"In {questions_phrase(f.no_reasons)} you gave no reasons or trade-offs for your choices.")
    if f.short:
        out.append(f"Your answers to {questions_phrase(f.short)} were under {SHORT_ANSWER_WORDS} words.")
    if not out:
        low = min(categories, key=lambda c: categories[c])
        out.append(
            "No category fell below 6.0; the lowest was "
            f"{category_name(low, kind).lower()} at {categories[low]:.1f}."
        )
    return out[:8]


def _highlights(f: SessionFindings) -> list[str]:
    total = len(f.report.answers)
    out = [
        f"You answered {len(f.scored)} of {total} questions"
        + (f" and skipped {len(f.skipped)}" if f.skipped else "")
        + (f"; overall average {f.averages['overall']:.1f}." if "overall" in f.averages else ".")
    ]
    best = max(f.scored, key=lambda s: s.evaluation.overall)
    worst = min(f.scored, key=lambda s: s.evaluation.overall)
    out.append(
        f"Highest score: question {best.number} at {best.evaluation.overall:.1f} "
        f"({_excerpt(best.summary.question_text)})."
    )
    if worst.number != best.number:
        out.append(
            f"Lowest score: question {worst.number} at {worst.evaluation.overall:.1f}: "
            f"{_what_was_missing(worst, f.behavioral)}."
        )
    if len(f.scored) >= 4:
        half = len(f.scored) // 2
        first = mean(s.evaluation.overall for s in f.scored[:half])
        second = mean(s.evaluation.overall for s in f.scored[half:])
        if second - first >= 1.0:
            out.append(
                f"You warmed up: your scores rose from {first:.1f} "
                f"in the first half to {second:.1f} in the second."
            )
        elif first - second >= 1.0:
            out.append(
                f"Your scores fell from {first:.1f} in the first half "
                f"to {second:.1f} in the second; watch your energy."
            )
    if f.behavioral:
        complete = [s.number for s in f.scored if all(vars(s.evaluation.star).values())]
        out.append(
            f"Complete STAR stories (situation, task, action and result): {len(complete)} of {len(f.scored)}."
        )
    return out


def _improvements(f: SessionFindings) -> list[str]:
    """Two to four things to do in the very next practice: content and delivery fixes alternate,
    each list most valuable first, so one kind of problem cannot crowd out the other."""
    content: list[str] = []
    delivery: list[str] = []
    if f.no_result:
        content.append(
            "End every story with the result and a number, e.g. 'review time fell from three days to one'."
        )
    if f.short:
        content.append("Aim for one to two minutes per answer: the point, how you did it, and one example.")
    if f.missed_points:
        n, missed = next(iter(f.missed_points.items()))
        content.append(
            "Before answering, list the parts of the question; in "
            f"question {n} that meant covering {lower_first(missed[0])}."
        )
    if f.no_numbers and len(f.no_numbers) >= max(2, len(f.scored) // 2):
        content.append(
            "Put at least one figure in every answer: a size, a latency, a percentage or a duration."
        )
    if f.no_reasons and len(f.no_reasons) >= max(2, len(f.scored) // 2):
        content.append("After each design choice, say 'because…' and name one trade-off you accepted.")
    if f.mostly_we:
        content.append("Say 'I' for what you did yourself and keep 'we' for the team.")
    if f.skipped:
        content.append("Attempt every question: say how you would start, even if you are unsure of the end.")
    if f.fillers_per_minute is not None and f.fillers_per_minute >= HEAVY_FILLERS_PER_MINUTE:
        fillers = quoted(f.top_fillers) if f.top_fillers else "fillers"
        delivery.append(
            f"Replace {fillers} with a silent one-second pause; record one answer and count them."
        )
    if f.pace is not None and f.pace > scores.PACE_HIGH:
        delivery.append(f"Slow down from {f.pace:.0f} to about 140 wpm: pause at the end of each point.")
    elif f.pace is not None and 0 < f.pace < scores.PACE_LOW:
        delivery.append(f"Pick up from {f.pace:.0f} toward 130 wpm: decide your next point before you speak.")
    hedges = Counter(p for h in f.hedged.values() for p in h)
    if sum(hedges.values()) >= 3:
        worst = quoted([p for p, _ in hedges.most_common(2)])
        delivery.append(f"State your answer first, then your reasons: drop {worst} and say 'I would'.")
    out = [item for pair in zip_longest(content, delivery) for item in pair if item is not None]
    for text, _ in Counter(s for sc in f.scored for s in sc.evaluation.suggestions).most_common():
        if len(out) >= 4:
            break
        if text not in out:
            out.append(text)
    return out[:4]


def _unscored_narrative(f: SessionFindings, model: str) -> ReportNarrative:
    """The report of an interview in which no answer was scored (all skipped, or none evaluated)."""
    total = len(f.report.answers)
    if total == 0:
        what = "No questions were answered, so there is nothing to assess yet."
    elif f.skipped and len(f.skipped) == total:
        what = (
            "The only question was skipped, so there is nothing to assess yet."
            if total == 1
            else f"All {total} questions were skipped, so there is nothing to assess yet."
        )
    else:
        what = f"None of the {plural(total, 'answer')} could be scored, so there is nothing to assess yet."
    family = role_families(f.report.job_title)[0]
    return ReportNarrative(
        strengths=[],
        weaknesses=[what],
        key_highlights=[f"You answered 0 of {total} {'question' if total == 1 else 'questions'}."],
        immediate_improvements=[
            "Answer every question, even partially: say how you would start and what you would check first.",
            "Speak for at least 45 seconds per answer so there is something to give feedback on.",
        ],
        practice_areas=["Answering out loud under time pressure"],
        resources=[
            RESOURCES["star"] | {"why": "A simple structure that makes starting an answer easier."},
            FAMILY_RESOURCES[family] | {"why": f"Core reading for a {f.report.job_title} interview."},
        ],
        model=model,
        prompt_version=PROMPT_VERSION,
    )
