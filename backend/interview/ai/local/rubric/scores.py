"""The rubric's formulas: evidence and voice metrics in, scores on 0..10 out. One function each.

Speaking norms (from interview.speech.voice_metrics and the facts sheet): a comfortable answer
pace is 120–160 words per minute; about one filler a minute reads as fluent and around five a
minute starts to hurt; pauses of 0.5–1.5 s are normal, over 2–3 s read as trouble.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from interview.ai.base import InterviewType, StarFlags
from interview.ai.local.rubric.evidence import AnswerEvidence
from interview.speech.types import VoiceMetrics
from interview.speech.voice_metrics import per_minute

PACE_LOW, PACE_HIGH = 120.0, 160.0
FLUENT_FILLERS_PER_MINUTE = 1.0
HURTING_FILLERS_PER_MINUTE = 5.0
LONG_PAUSE_MS = 3000
WORDS_PER_MINUTE_ASSUMED = 140.0
"""For typed or unmeasured answers, fillers per 100 words are converted at a conversational pace."""


def _interpolate(points: Sequence[tuple[float, float]], x: float) -> float:
    if x <= points[0][0]:
        return points[0][1]
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        if x <= x1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    return points[-1][1]


def clamp(value: float) -> float:
    """A score kept on 0..10 and rounded to one decimal, as stored."""
    return round(min(10.0, max(0.0, value)), 1)


def length_score(word_count: int) -> float:
    """How well the answer's length suits a spoken interview answer.

    Under 15 words is barely an answer; 40–80 words is a short answer; 100–320 words (roughly
    45 seconds to 2.5 minutes at a conversational pace) is the band interviewers expect for a
    complete story or explanation; past 500 words the answer rambles and the listener loses it.
    """
    return _interpolate(
        [(0, 0.0), (15, 3.0), (40, 6.5), (80, 9.0), (100, 10.0), (320, 10.0), (500, 6.0), (800, 3.0)],
        word_count,
    )


def length_cap(word_count: int) -> float:
    """The most any content score can be for an answer this short: too little to judge well."""
    if word_count < 15:
        return 2.0
    if word_count < 40:
        return 6.0
    return 10.0


def structure_score(evidence: AnswerEvidence) -> float:
    """Whether a listener can follow the answer: length band (50%), sequencing (30%), sentences (20%).

    Sequencing words ("first", "then", "finally") give a spoken answer its signposts: one helps,
    three or more make the path obvious. Sentences over 35 words are hard to follow aloud; a single
    80-word run-on loses the listener. Lengths are judged by `judged_length` (follow-ups count
    double) and repeating oneself costs `repetition_penalty`.
    """
    if evidence.word_count == 0:
        return 0.0
    sequencing = _interpolate([(0, 0.0), (1, 6.0), (2, 8.5), (3, 10.0)], len(evidence.sequence_markers))
    sentence_shape = _interpolate([(35, 10.0), (80, 3.0)], evidence.longest_sentence_words)
    value = 0.5 * length_score(evidence.judged_length) + 0.3 * sequencing + 0.2 * sentence_shape
    return clamp(value * (1.0 - repetition_penalty(evidence)))


def repetition_penalty(evidence: AnswerEvidence) -> float:
    """0..0.5: the share of structure lost to going in circles.

    Natural speech repeats under 10% of its word triples; above 20% the listener hears the same
    point again, so each further percent costs a percent of the structure score, at most half.
    """
    return min(0.5, max(0.0, evidence.repeated_share - 0.2))


def specificity_score(evidence: AnswerEvidence) -> float:
    """How concrete the answer is: numbers (up to 3.9), named technologies (up to 4), examples (up to 2.2).

    A number ("40%", "3 weeks") or a named tool ("Redis", "Kafka") is checkable detail that
    separates experience from generalities; a marker such as "for example" or "in my last role"
    grounds the answer in a real case. Each kind saturates so that listing is not rewarded.
    """
    numbers = 1.3 * min(3, len(evidence.numbers))
    technologies = 1.0 * min(4, len(evidence.technologies))
    examples = 1.1 * min(2, len(evidence.example_markers))
    return clamp(numbers + technologies + examples)


def reasoning_score(evidence: AnswerEvidence) -> float:
    """How much the answer explains and weighs options ("because", "trade-off", "instead of").

    Interviewers listen for the why: one reason scores 4, four distinct reasoning moves score 10.
    """
    return clamp(
        _interpolate([(0, 0.0), (1, 4.0), (2, 6.5), (3, 8.5), (4, 10.0)], len(evidence.reasoning_markers))
    )


def relevance_score(evidence: AnswerEvidence, question_topic_words: int) -> float:
    """How well the answer addresses the question.

    With the bank's key points: 70% coverage of the key points (a point counts when one of its cue
    phrases is said) and 30% use of the question's own topic words (saturating at 40% of them).
    Without key points, topic-word use alone, saturating at 40%. When the question has fewer than
    three topic words ("What was the result?") overlap says little, so a substantial answer gets
    a neutral 6 scaled by its length instead.
    """
    if evidence.word_count == 0:
        return 0.0
    overlap = min(1.0, evidence.question_overlap / 0.4)
    if evidence.key_points:
        coverage = len(evidence.covered_points) / len(evidence.key_points)
        return clamp(10 * (0.7 * coverage + 0.3 * overlap))
    if question_topic_words < 3:
        return clamp(max(10 * overlap, 0.6 * length_score(evidence.judged_length)))
    return clamp(10 * overlap)


def star_flags(evidence: AnswerEvidence) -> StarFlags:
    """Which parts of Situation, Task, Action, Result the answer's wording shows."""
    return StarFlags(
        has_situation=bool(evidence.situation_cues),
        has_task=bool(evidence.task_cues),
        has_action=bool(evidence.action_cues),
        has_result=bool(evidence.result_cues),
    )


def ownership_score(evidence: AnswerEvidence) -> float:
    """0..2: how much the story says "I" rather than "we".

    Interviewers assess the candidate, not the team: full marks when at least half of the
    first-person pronouns are "I"/"my", falling linearly to 0 when the story is all "we".
    """
    share = evidence.ownership
    if share is None:
        return 0.0
    return round(2.0 * min(1.0, share / 0.5), 2)


def relevance_factor(relevance: float) -> float:
    """0.4..1: how much of the story or communication credit an answer keeps for its relevance.

    A well-told story about something else is still not an answer: an off-topic answer keeps 40%
    of that credit, and any answer with relevance 5 or more keeps all of it.
    """
    return 0.4 + 0.6 * min(1.0, relevance / 5.0)


def star_score(evidence: AnswerEvidence, relevance: float) -> float:
    """The behavioral score of a story: STAR parts (1.5 each), "I" ownership (up to 2), a
    quantified result (1) and relevance (up to 1), capped for very short answers.

    A result with a number ("cut review time from 3 days to 1") is the strongest signal that the
    story happened and mattered, so it earns its own point. Scaled by `relevance_factor`. A follow-up
    answer continues the story already told, so two STAR parts earn the full 6 there.
    """
    flags = star_flags(evidence)
    parts = sum((flags.has_situation, flags.has_task, flags.has_action, flags.has_result))
    story = 1.5 * parts if not evidence.brief else 6.0 * min(1.0, parts / 2)
    quantified = 1.0 if flags.has_result and evidence.numbers else 0.0
    value = (story + ownership_score(evidence) + quantified + 0.1 * relevance) * relevance_factor(relevance)
    return clamp(min(value, length_cap(evidence.judged_length)))


def communication_score(evidence: AnswerEvidence, relevance: float) -> float:
    """The behavioral category for technical and design answers: how the reasoning is communicated.

    Structure (40%), reasoning (30%) and grounding in real experience (30%: an example marker or
    something the candidate says they did), scaled by `relevance_factor`. Capped for very short answers.
    """
    grounded = 10.0 if evidence.example_markers or evidence.action_cues else 0.0
    value = 0.4 * structure_score(evidence) + 0.3 * reasoning_score(evidence) + 0.3 * grounded
    value *= relevance_factor(relevance)
    return clamp(min(value, length_cap(evidence.judged_length)))


def technical_score(evidence: AnswerEvidence, relevance: float, interview_type: InterviewType) -> float:
    """The technical category: substance of the answer.

    Technical and system design: relevance 45%, specificity 25%, reasoning 15%, structure 15%.
    Behavioral interviews: relevance and specificity, half each (the story's concreteness).
    Capped for very short answers: 15 words cannot show depth.
    """
    if interview_type == "BEHAVIORAL":
        value = 0.5 * relevance + 0.5 * specificity_score(evidence)
    else:
        value = (
            0.45 * relevance
            + 0.25 * specificity_score(evidence)
            + 0.15 * reasoning_score(evidence)
            + 0.15 * structure_score(evidence)
        )
    return clamp(min(value, length_cap(evidence.judged_length)))


def fillers_per_minute(evidence: AnswerEvidence, voice: VoiceMetrics | None) -> float:
    """Fillers per minute of speaking, measured; or estimated from the text at 140 wpm when unmeasured."""
    if voice is not None and voice.speaking_time_ms > 0:
        return per_minute(voice.filler_word_count, voice.speaking_time_ms)
    if evidence.word_count == 0:
        return 0.0
    return len(evidence.text_fillers) * WORDS_PER_MINUTE_ASSUMED / evidence.word_count


def filler_rate_score(per_minute: float) -> float:
    """10 at about one filler a minute (fluent), 5 at five a minute (starts to hurt), 0 at nine."""
    return clamp(
        _interpolate(
            [(FLUENT_FILLERS_PER_MINUTE, 10.0), (HURTING_FILLERS_PER_MINUTE, 5.0), (9.0, 0.0)], per_minute
        )
    )


def pace_score(words_per_minute: float) -> float:
    """10 inside the 120–160 wpm band, falling to 0 at 60 wpm (halting) and 220 wpm (too fast)."""
    return clamp(
        _interpolate([(60.0, 0.0), (PACE_LOW, 10.0), (PACE_HIGH, 10.0), (220.0, 0.0)], words_per_minute)
    )


def clarity_score(evidence: AnswerEvidence, voice: VoiceMetrics | None) -> float:
    """How clearly the answer came across.

    Spoken: the measured clarity (35%, itself from recognition confidence, fillers, pace and
    pauses), the filler rate (20%), the pace band (15%) and the answer's structure (30%), because
    clear delivery of a disorganised answer is still hard to follow. Typed or unmeasured: the
    structure (70%) and fillers written in the text (30%).
    """
    if evidence.word_count == 0:
        return 0.0
    structure = structure_score(evidence)
    fillers = filler_rate_score(fillers_per_minute(evidence, voice))
    if voice is None:
        value = 0.7 * structure + 0.3 * fillers
    else:
        value = (
            0.35 * clamp(voice.clarity_score)
            + 0.2 * fillers
            + 0.15 * pace_score(voice.speech_pace)
            + 0.3 * structure
        )
    return clamp(min(value, length_cap(evidence.judged_length) + 2))


def confidence_deductions(
    evidence: AnswerEvidence, voice: VoiceMetrics | None, relevance: float
) -> dict[str, float]:
    """What lowered the confidence score, by observable cause (points off a 10).

    Only what can be heard or read counts, never a guess about feelings:
    - an answer that misses the question (relevance under 5): 1.2 per point short of 5, so a
      fluent answer about something else scores at most 4. Confidence is assurance about the
      question asked; sounding sure while not answering it is not what an interviewer credits;
    - hedging phrases ("I think maybe", "I'm not sure"): 1.2 each, at most 5;
    - fillers above two a minute: 0.5 per extra filler a minute, at most 3;
    - a pause over 3 s: 1, over 6 s: 2;
    - pace under 100 wpm (halting): 1; over 190 wpm (rushing): 0.5;
    - speech too quiet to hear comfortably: 1;
    - an answer under 40 words: 1.5 (under 15 words the score is capped at 3 instead).
    """
    deductions: dict[str, float] = {}
    if relevance < 5.0:
        deductions["off_topic"] = round(1.2 * (5.0 - relevance), 2)
    if evidence.hedge_count:
        deductions["hedging"] = min(5.0, 1.2 * evidence.hedge_count)
    per_minute = fillers_per_minute(evidence, voice)
    if per_minute > 2.0:
        deductions["fillers"] = round(min(3.0, 0.5 * (per_minute - 2.0)), 2)
    if voice is not None:
        if voice.longest_pause_ms > 2 * LONG_PAUSE_MS:
            deductions["pauses"] = 2.0
        elif voice.longest_pause_ms > LONG_PAUSE_MS:
            deductions["pauses"] = 1.0
        if 0 < voice.speech_pace < 100:
            deductions["pace"] = 1.0
        elif voice.speech_pace > 190:
            deductions["pace"] = 0.5
        if voice.too_quiet:
            deductions["volume"] = 1.0
    if 15 <= evidence.judged_length < 40:
        deductions["length"] = 1.5
    return deductions


def confidence_score(evidence: AnswerEvidence, voice: VoiceMetrics | None, relevance: float) -> float:
    """10 minus the observable deductions; at most 3 for an answer under 15 words, 0 for none."""
    if evidence.word_count == 0:
        return 0.0
    value = 10.0 - sum(confidence_deductions(evidence, voice, relevance).values())
    if evidence.judged_length < 15:
        value = min(value, 3.0)
    return clamp(value)


def speech_quality_score(voice: VoiceMetrics | None) -> float:
    """How well the answer was spoken, from voice metrics alone; 0 when nothing was measured.

    Measured clarity 50%, filler rate 25%, pace band 25%; 1.5 off each for speech too quiet or
    clipping (a microphone problem the candidate can fix).
    """
    if voice is None or voice.word_count == 0:
        return 0.0
    per_minute = (
        voice.filler_word_count * 60_000 / voice.speaking_time_ms if voice.speaking_time_ms > 0 else 0.0
    )
    value = (
        0.5 * clamp(voice.clarity_score)
        + 0.25 * filler_rate_score(per_minute)
        + 0.25 * pace_score(voice.speech_pace)
    )
    value -= 1.5 * voice.too_quiet + 1.5 * voice.clipping
    return clamp(value)
