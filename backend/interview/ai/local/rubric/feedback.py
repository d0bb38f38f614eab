"""Feedback sentences that name the evidence: what was said, what was missing, what to do next.

Every sentence quotes or counts something observable in the answer or its voice metrics, so the
candidate can check it against what they said.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from interview.ai.base import InterviewType, StarFlags
from interview.ai.local.rubric import scores
from interview.ai.local.rubric.evidence import AnswerEvidence
from interview.speech.types import VoiceMetrics

_COUNT_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def count_word(n: int) -> str:
    """ "two" for 2, digits from 11 on."""
    return _COUNT_WORDS[n] if 0 <= n < len(_COUNT_WORDS) else str(n)


def plural(n: int, word: str, plural_form: str | None = None) -> str:
    return f"{count_word(n)} {word if n == 1 else (plural_form or word + 's')}"


def join(items: list[str], conjunction: str = "and") -> str:
    """ "a, b and c"."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def quoted(items: list[str] | tuple[str, ...], limit: int = 3) -> str:
    """Up to `limit` phrases in single quotes, joined, with the pronoun "I" capitalised."""
    return join([f"'{_capital_i(i)}'" for i in list(items)[:limit]])


def _capital_i(phrase: str) -> str:
    return re.sub(r"\bi\b", "I", phrase)


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:1].isupper() and not text[1:2].isupper() else text


def filler_tally(forms: list[str]) -> str:
    """ "'um' ×3, 'like' ×2 and 'you know'", most frequent first."""
    counts = Counter(forms)
    return join([f"'{form}' ×{n}" if n > 1 else f"'{form}'" for form, n in counts.most_common(4)])


@dataclass(frozen=True)
class Suggestion:
    priority: int
    """Lower comes first."""
    text: str


# --- per category --------------------------------------------------------------------------


def empty_answer_feedback() -> str:
    return "No answer was given, so there is nothing to score; even a partial answer earns credit."


def technical_feedback(evidence: AnswerEvidence, interview_type: InterviewType) -> str:
    """Coverage of the question, then the concrete detail (numbers, tools), then reasoning."""
    if evidence.word_count == 0:
        return empty_answer_feedback()
    parts = [_coverage_sentence(evidence), _detail_sentence(evidence)]
    if interview_type != "BEHAVIORAL":
        if evidence.reasoning_markers:
            parts.append(f"You explained your reasoning ({quoted(evidence.reasoning_markers)}).")
        else:
            parts.append("You did not say why: no reasons or trade-offs were given.")
    if evidence.judged_length < 40:
        parts.append(f"At {plural(evidence.word_count, 'word')} the answer is too short to show depth.")
    return " ".join(parts)


def _coverage_sentence(evidence: AnswerEvidence) -> str:
    if evidence.key_points:
        covered = [lower_first(k.point.split(":")[0]) for k in evidence.covered_points]
        missed = [lower_first(k.point) for k in evidence.missed_points]
        total = len(evidence.key_points)
        if not covered:
            return (
                f"The answer covered none of the {count_word(total)} "
                f"points a strong answer includes, such as {missed[0]}."
            )
        sentence = (
            f"You covered {count_word(len(covered))} of {count_word(total)} key points ({join(covered)})"
        )
        return sentence + (f", but not {'; nor '.join(missed[:2])}." if missed else ".")
    if evidence.shared_topic_words:
        return f"The answer stayed on the question's topic (it used {quoted(evidence.shared_topic_words)})."
    return "The answer did not use any of the question's topic words, so it may not address what was asked."


def _detail_sentence(evidence: AnswerEvidence) -> str:
    numbers, tools = list(evidence.numbers), list(evidence.technologies)
    if numbers and tools:
        return (
            f"You gave {plural(len(numbers), 'number')} ({join(numbers[:4])}) "
            f"and named {join([t for t in tools[:4]])}, which makes it concrete."
        )
    if numbers:
        return (
            f"You gave {plural(len(numbers), 'number')} "
            f"({join(numbers[:4])}) but named no specific tool or technology."
        )
    if tools:
        return f"You named {join(tools[:4])} but gave no numbers (sizes, latencies, percentages, durations)."
    return "No numbers and no named tools: the answer stays general."


def behavioral_feedback(evidence: AnswerEvidence, flags: StarFlags, interview_type: InterviewType) -> str:
    """STAR parts with the words that showed them, and "I" versus "we", for story questions;
    how the reasoning was communicated for technical and design questions."""
    if evidence.word_count == 0:
        return empty_answer_feedback()
    if interview_type != "BEHAVIORAL":
        return _communication_feedback(evidence)
    found = []
    if flags.has_situation:
        found.append(f"a situation ({quoted(evidence.situation_cues, 1)})")
    if flags.has_task:
        found.append(f"a task ({quoted(evidence.task_cues, 1)})")
    if flags.has_action:
        found.append(f"actions ({quoted(evidence.action_cues, 2)})")
    if flags.has_result:
        found.append(f"a result ({quoted(evidence.result_cues, 1)})")
    parts = [
        f"Your story had {join(found)}."
        if found
        else "The answer did not tell a story: no STAR parts were heard."
    ]
    if evidence.brief:
        parts.insert(0, "As a follow-up, this answer was judged on what it added to your story.")
    parts += [
        text
        for present, text in _STAR_MISSING
        if not getattr(flags, present) and not (evidence.brief and present in ("has_situation", "has_task"))
    ]
    share = evidence.ownership
    if share is not None and share < 0.34:
        parts.append(
            f"You said 'we' {plural(evidence.plural_count, 'time')} "
            f"and 'I' {plural(evidence.singular_count, 'time')}: "
            "the interviewer cannot tell what you did yourself."
        )
    elif share is not None and flags.has_action:
        parts.append("You made your own part clear by saying 'I' for what you did.")
    if flags.has_result and evidence.numbers:
        parts.append(f"The result was quantified ({join(list(evidence.numbers[:3]))}).")
    return " ".join(parts)


_STAR_MISSING = (
    ("has_situation", "No situation was set: open with where and when it happened, in one sentence."),
    ("has_task", "Your own task or goal was not stated: say what you were responsible for."),
    ("has_action", "No action of yours was described: say what you did, step by step, with 'I'."),
    ("has_result", "No result was stated: say what changed, ideally with a number."),
)


def _communication_feedback(evidence: AnswerEvidence) -> str:
    parts = []
    if evidence.sequence_markers:
        parts.append(f"Signposts ({quoted(evidence.sequence_markers)}) made the reasoning easy to follow.")
    else:
        parts.append("There were no signposts such as 'first', 'then', 'finally' to guide the listener.")
    if evidence.example_markers or evidence.action_cues:
        cues = quoted((*evidence.example_markers, *evidence.action_cues), 2)
        parts.append(f"You grounded it in real experience ({cues}).")
    else:
        parts.append("You did not connect it to anything you have done yourself.")
    return " ".join(parts)


def clarity_feedback(evidence: AnswerEvidence, voice: VoiceMetrics | None) -> str:
    """Delivery figures (measured clarity, pace, fillers) and the answer's shape (length, signposts)."""
    if evidence.word_count == 0:
        return empty_answer_feedback()
    parts = []
    if voice is None:
        parts.append("No voice metrics were measured, so clarity is judged from the text.")
    else:
        parts.append(f"Measured speech clarity was {scores.clamp(voice.clarity_score):.1f}/10.")
        parts.append(pace_sentence(voice.speech_pace))
    parts.append(filler_sentence(evidence, voice))
    words = evidence.word_count
    if evidence.judged_length < 40:
        parts.append(f"At {plural(words, 'word')} the answer was too short to follow a line of thought.")
    elif evidence.judged_length > 400:
        parts.append(f"At {words} words it ran long; aim for one to two minutes.")
    if scores.repetition_penalty(evidence) > 0:
        parts.append(
            f"About {evidence.repeated_share:.0%} of the answer repeated phrases said earlier; "
            "make each point once."
        )
    if evidence.longest_sentence_words > 45:
        parts.append(
            f"One sentence ran {evidence.longest_sentence_words} "
            "words; shorter sentences are easier to follow aloud."
        )
    return " ".join(p for p in parts if p)


def pace_sentence(wpm: float) -> str:
    if wpm <= 0:
        return ""
    if wpm > scores.PACE_HIGH:
        return f"Your pace, {wpm:.0f} wpm, is above the comfortable 120–160 band."
    if wpm < scores.PACE_LOW:
        return f"Your pace, {wpm:.0f} wpm, is below the comfortable 120–160 band."
    return f"Your pace, {wpm:.0f} wpm, is inside the comfortable 120–160 band."


def filler_sentence(evidence: AnswerEvidence, voice: VoiceMetrics | None) -> str:
    forms = list(voice.filler_words) if voice is not None else list(evidence.text_fillers)
    count = voice.filler_word_count if voice is not None else len(forms)
    if count == 0:
        return "No filler words."
    rate = scores.fillers_per_minute(evidence, voice)
    measured = "" if voice is not None else " (estimated from the text)"
    tally = f" ({filler_tally(forms)})" if forms else ""
    verdict = "about one a minute reads as fluent" if rate > 2 else "that reads as fluent"
    return f"You used {plural(count, 'filler')}{tally}, {rate:.1f} a minute{measured}; {verdict}."


def confidence_feedback(evidence: AnswerEvidence, voice: VoiceMetrics | None, relevance: float) -> str:
    """What lowered (or did not lower) the confidence score, from what can be heard and read only."""
    if evidence.word_count == 0:
        return empty_answer_feedback()
    lead = "Judged from what can be heard and read, not from how you felt:"
    deductions = scores.confidence_deductions(evidence, voice, relevance)
    observations = []
    if "off_topic" in deductions:
        observations.append("an answer that does not address the question asked")
    if "hedging" in deductions:
        observations.append(f"hedging phrases ({quoted(evidence.hedges)}) soften your statements")
    if "fillers" in deductions:
        observations.append(f"{scores.fillers_per_minute(evidence, voice):.1f} fillers a minute")
    if voice is not None and "pauses" in deductions:
        observations.append(f"a {voice.longest_pause_ms / 1000:.1f} s pause")
    if voice is not None and "pace" in deductions:
        observations.append(f"a pace of {voice.speech_pace:.0f} wpm")
    if voice is not None and "volume" in deductions:
        observations.append("speech too quiet to hear comfortably")
    if "length" in deductions or evidence.judged_length < 15:
        observations.append(f"a short answer ({plural(evidence.word_count, 'word')})")
    if not observations:
        if voice is None:
            return f"{lead} no hedging and no fillers in the text, so the statements read as assured."
        return f"{lead} no hedging, few fillers and no long pauses, so the answer sounded assured."
    return f"{lead} {join(observations)} lowered the score."


# --- suggestions ------------------------------------------------------------------------


def suggestions(
    evidence: AnswerEvidence, flags: StarFlags, voice: VoiceMetrics | None, interview_type: InterviewType
) -> list[str]:
    """Two to four actions, most valuable first, each tied to something observed."""
    found: list[Suggestion] = []
    add = found.append
    words = evidence.judged_length
    if words < 40:
        add(
            Suggestion(
                0,
                "Give a fuller answer: say what you would do, why, "
                "and one example, in at least four or five sentences.",
            )
        )
    if evidence.key_points and len(evidence.covered_points) < len(evidence.key_points) / 2:
        missing = [lower_first(k.point) for k in evidence.missed_points[:2]]
        add(Suggestion(1, f"Address the core of the question: {'; '.join(missing)}."))
    elif not evidence.key_points and evidence.question_overlap == 0 and words >= 15:
        add(
            Suggestion(
                1, "Answer the question that was asked: restate it in your first sentence, then answer it."
            )
        )
    if interview_type == "BEHAVIORAL" and words >= 15:
        if not flags.has_result:
            add(
                Suggestion(
                    2,
                    "End with the result: what changed, with a number (for "
                    "example 'review time fell from three days to one').",
                )
            )
        if not flags.has_action:
            add(Suggestion(2, "Describe your own actions step by step, starting each with 'I'."))
        if not flags.has_situation and not evidence.brief:
            add(
                Suggestion(
                    4, "Open with one sentence of context: where you were, when, and what was at stake."
                )
            )
        if evidence.ownership is not None and evidence.ownership < 0.34:
            add(Suggestion(3, "Say 'I' for what you did yourself; keep 'we' for the team's work."))
    if words >= 15 and not evidence.numbers:
        add(
            Suggestion(
                3,
                "Add one number that makes the answer checkable: "
                "a size, a latency, a percentage or a duration.",
            )
        )
    if interview_type != "BEHAVIORAL" and words >= 15:
        if not evidence.technologies:
            add(
                Suggestion(
                    4,
                    "Name the concrete tools or techniques you would "
                    "use (for example a database, a queue, a cache).",
                )
            )
        if not evidence.reasoning_markers:
            add(
                Suggestion(3, "Explain the why: name one trade-off you weighed and why you chose as you did.")
            )
    if evidence.hedge_count >= 2:
        add(
            Suggestion(
                3,
                f"Replace hedges such as {quoted(evidence.hedges, 2)} "
                "with a direct statement, then give your reason.",
            )
        )
    rate = scores.fillers_per_minute(evidence, voice)
    if rate > 3:
        add(Suggestion(4, "Pause silently instead of filling the gap; a one-second pause sounds deliberate."))
    if voice is not None and voice.speech_pace > 170:
        add(
            Suggestion(
                5, f"Slow down from {voice.speech_pace:.0f} to about 140 wpm; pause briefly between points."
            )
        )
    elif voice is not None and 0 < voice.speech_pace < 105:
        add(
            Suggestion(
                5,
                f"Pick up the pace from {voice.speech_pace:.0f} wpm toward "
                "120–160 by deciding your next point before you speak.",
            )
        )
    if voice is not None and voice.too_quiet:
        add(
            Suggestion(
                5, "Move closer to the microphone or raise its input level: the recording was too quiet."
            )
        )
    if words > 400:
        add(
            Suggestion(
                5, "Keep it to about two minutes: lead with the answer, then add detail only if asked."
            )
        )
    if words >= 40 and not evidence.sequence_markers:
        add(
            Suggestion(
                6, "Signpost the structure aloud ('first', 'then', 'finally') so the listener can follow."
            )
        )
    found.sort(key=lambda s: s.priority)
    chosen = [s.text for s in found[:4]]
    for extra in _polish(evidence, interview_type):
        if len(chosen) >= 2:
            break
        chosen.append(extra)
    return chosen


def _polish(evidence: AnswerEvidence, interview_type: InterviewType) -> list[str]:
    """Next-level advice for an answer with no clear gap, still tied to what it contained."""
    minutes = evidence.word_count / scores.WORDS_PER_MINUTE_ASSUMED
    advice = []
    if evidence.judged_length > 220:
        advice.append(
            f"At about {evidence.word_count} words (roughly {minutes:.1f} minutes aloud), trim the context "
            "to one sentence to leave room for the outcome."
        )
    if interview_type == "BEHAVIORAL":
        advice.append("Add one sentence on what you would do differently next time: it shows reflection.")
    else:
        advice.append(
            "Finish with the main risk of your approach and how you would watch for it in production."
        )
    advice.append("Close with one sentence that sums up your answer or its outcome.")
    return advice


def summary(
    overall: float,
    evidence: AnswerEvidence,
    flags: StarFlags,
    interview_type: InterviewType,
    best: str,
    worst: str,
) -> str:
    """One or two sentences: the overall verdict, the strongest category and the weakest."""
    if evidence.word_count == 0:
        return "No answer was given."
    if evidence.judged_length < 15:
        return (
            f"A very short answer ({plural(evidence.word_count, 'word')}, "
            f"overall {overall:.1f}): too little to show what you know."
        )
    verdict = (
        "A strong"
        if overall >= 8
        else "A solid"
        if overall >= 6.5
        else "A partial"
        if overall >= 4.5
        else "A weak"
    )
    gap = ""
    if interview_type == "BEHAVIORAL" and not flags.has_result:
        gap = " It stated no result."
    elif (
        evidence.key_points
        and evidence.missed_points
        and len(evidence.covered_points) < len(evidence.key_points)
    ):
        gap = f" It missed {lower_first(evidence.missed_points[0].point)}."
    return f"{verdict} answer (overall {overall:.1f}): strongest on {best}, lowest on {worst}.{gap}"
