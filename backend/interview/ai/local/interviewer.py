"""The offline interviewer: asks bank questions in the persona's voice, and follows up on vague answers.

Rules, in order:
1. Question 1 opens with a short greeting naming the persona and the job title. The greeting (and
   any transition or acknowledgement) is the question's lead-in (`NextQuestion.lead_in`): spoken,
   but stored and shown apart from the question.
2. After a skip, move on to a new question (never probe a skipped answer).
3. After an answer its evaluation found lacking, ask one follow-up for what that evaluation found
   missing (a STAR part, a key point, a number, a concrete example), in the persona's own phrasing
   (rubric/probes.py); a bank follow-up only where it asks for nothing the answer already gave.
   Never two follow-ups in a row.
4. Otherwise ask a new bank question that fits the interview type, the current difficulty and the
   job title's role family, never one already asked in the session. With a job posting, the bank is
   ordered by similarity to the posting instead and templates are filled from it (tailoring.py).

Text is streamed sentence by sentence so speech synthesis can start on the first sentence.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass

from interview.ai.base import (
    ConversationTurn,
    Difficulty,
    Evaluation,
    InterviewContext,
    NextQuestion,
    QuestionType,
    TextDelta,
)
from interview.ai.local.question_bank import (
    BankQuestion,
    QuestionBank,
    choose_question,
    find_by_text,
    load_bank,
    seeded_random,
)
from interview.ai.local.rubric.evidence import gather
from interview.ai.local.rubric.feedback import lower_first
from interview.ai.local.rubric.probes import PROBES, Gap, Tone, is_probe, probe
from interview.ai.local.rubric.text import normalise, sentences
from interview.ai.local.tailoring import PostingMatcher, TailoredQuestion, bridge
from interview.settings import Settings

PROMPT_VERSION = "bank-v1"
TAILORED_VERSION = "bank-v1+posting"
"""Stored as the prompt version of questions chosen for a job posting."""

_TONE_WORDS: tuple[tuple[Tone, tuple[str, ...]], ...] = (
    ("terse", ("terse", "principal", "direct", "blunt", "concise", "brief", "no-nonsense", "strict")),
    ("probing", ("probing", "curious", "system", "architect", "design", "relentless", "deep")),
    ("structured", ("structured", "hr", "methodical", "recruiter", "people", "partner", "formal")),
    ("warm", ("warm", "mentor", "friendly", "encouraging", "supportive", "kind", "patient", "coach")),
)

VAGUE_OVERALL: dict[Tone, float] = {
    "probing": 7.0,
    "warm": 5.5,
    "structured": 5.5,
    "neutral": 5.5,
    "terse": 4.5,
}
"""An answer scored at or below this overall is worth one follow-up. A probing interviewer digs into
anything short of a good answer; a terse one moves on unless the answer was clearly weak."""
SHORT_ANSWER_WORDS = 30
"""Fewer words than this is too short to judge: ask for more."""


def tone_of(style: str) -> Tone:
    """The phrasing family for a persona's free-text style; "neutral" when no keyword matches."""
    lowered = style.lower()
    words = set(normalise(lowered).split())
    for tone, keywords in _TONE_WORDS:
        if any(k in words or (" " in k and k in lowered) for k in keywords):
            return tone
    return "neutral"


def _greeting(tone: Tone, context: InterviewContext) -> list[str]:
    name, job, total = context.persona.name, context.job_title, context.total_questions
    kind = {"TECHNICAL": "technical", "BEHAVIORAL": "behavioral", "SYSTEM_DESIGN": "system design"}[
        context.interview_type
    ]
    if tone == "warm":
        return [
            f"Hi, I'm {name}, thanks for making time today.",
            f"This is a {kind} practice interview for the {job} role, {total} questions, so take a breath "
            "and think out loud.",
            "Let's start.",
        ]
    if tone == "terse":
        return [f"I'm {name}.", f"{job}, {kind} round, {total} questions.", "First one."]
    if tone == "probing":
        return [
            f"Hello, I'm {name}.",
            f"For this {job} interview I'll keep asking what happens next, "
            "so walk me through your reasoning.",
            "Let's begin.",
        ]
    if tone == "structured":
        how = (
            "for each story, please walk me through the situation, your task, the actions you took "
            "and the result."
            if context.interview_type == "BEHAVIORAL"
            else "please state your assumptions and talk me through your reasoning."
        )
        return [
            f"Hello, I'm {name}, thank you for joining this {kind} interview for the {job} role.",
            f"We'll cover {total} questions; {how}",
            "Here is the first question.",
        ]
    return [f"Hello, I'm {name}.", f"Welcome to your {kind} interview for the {job} role.", "Let's start."]


_TRANSITIONS: dict[Tone, dict[str, tuple[str, ...]]] = {
    "warm": {
        "strong": ("That was a clear answer, nicely done.", "Great, that was concrete and easy to follow."),
        "fine": ("Thanks, that's helpful.", "Thank you for walking me through that."),
        "skip": ("No problem at all, let's try a different one.", "That's fine, we'll move on."),
        "next": ("Here's the next one.", "Let's keep going."),
    },
    "terse": {
        "strong": ("Good.", "Solid."),
        "fine": ("Noted.", "Okay."),
        "skip": ("Moving on.", "Next."),
        "next": ("Next.", "Next question."),
    },
    "probing": {
        "strong": ("Good, that holds together.", "That covers it well."),
        "fine": ("Okay, let's change direction.", "Understood."),
        "skip": ("Fine, let's look at a different problem.", "Let's set that aside."),
        "next": ("Let's look at a different system.", "Here's another problem."),
    },
    "structured": {
        "strong": ("Thank you, that was a well-structured answer.", "Thank you, that was complete."),
        "fine": ("Thank you.", "Thank you for sharing that."),
        "skip": ("That's fine, we'll move to the next topic.", "Understood, let's continue."),
        "next": ("Next question.", "Let's move to the next question."),
    },
    "neutral": {
        "strong": ("Good answer.", "Thanks, that was clear."),
        "fine": ("Thanks.", "Thank you."),
        "skip": ("No problem, let's move on.", "Okay, let's move on."),
        "next": ("Next question.", "Here's the next one."),
    },
}

_LAST_QUESTION: dict[Tone, str] = {
    "warm": "This is the last one.",
    "terse": "Last question.",
    "probing": "One final scenario.",
    "structured": "This is the final question.",
    "neutral": "Last question.",
}


_FOLLOW_UP_LEADS: dict[Tone, tuple[str, ...]] = {
    "warm": ("Thanks, I'd love to hear a bit more.", "That's a good start."),
    "terse": ("Be specific.", "More detail."),
    "probing": ("Let's dig into that.", "Hold on, let's go further."),
    "structured": ("Thank you. I'd like to understand one part better.", "Let me ask a follow-up."),
    "neutral": ("Let's go a little deeper.", "A follow-up."),
}


@dataclass(frozen=True)
class _Plan:
    lead: list[str]
    """Greeting, transition or acknowledgement: spoken before the question, stored apart."""
    sentences: list[str]
    """The question itself."""
    question_type: QuestionType
    difficulty: Difficulty
    is_follow_up: bool
    bank_id: str | None


class QuestionBankInterviewer:
    """The interviewer that works with no API keys, from the local question bank."""

    name = "local/question-bank"
    prompt_version = PROMPT_VERSION

    def __init__(
        self, settings: Settings, bank: QuestionBank | None = None, matcher: PostingMatcher | None = None
    ) -> None:
        self._settings = settings
        self._bank = bank or load_bank()
        self._matcher = matcher

    @property
    def matcher(self) -> PostingMatcher:
        """Created on the first interview with a posting: the embedding model stays unloaded until then."""
        if self._matcher is None:
            from interview.ai.local.embeddings import default_encoder

            self._matcher = PostingMatcher(self._bank, default_encoder())
        return self._matcher

    async def stream_question(self, context: InterviewContext) -> AsyncIterator[TextDelta | NextQuestion]:
        """Yield the question sentence by sentence, then the NextQuestion (its text is their join)."""
        if context.job_description:
            # Embedding the posting and the candidates is CPU work: keep it off the event loop.
            plan = await asyncio.to_thread(self._plan, context)
        else:
            plan = self._plan(context)
        spoken = [*plan.lead, *plan.sentences]
        pieces = [s + " " for s in spoken[:-1]] + spoken[-1:]
        for piece in pieces:
            yield TextDelta(piece)
        yield NextQuestion(
            text="".join(pieces),
            lead_in=" ".join(plan.lead),
            question_type=plan.question_type,
            difficulty=plan.difficulty,
            is_follow_up=plan.is_follow_up,
            model=self.name,
            prompt_version=TAILORED_VERSION if context.job_description else PROMPT_VERSION,
            bank_id=plan.bank_id,
        )

    # --- planning -----------------------------------------------------------------------------

    def _plan(self, context: InterviewContext) -> _Plan:
        tone = tone_of(context.persona.style)
        rng = seeded_random(_seed(context), context.question_number, "phrasing")
        follow_up = self._follow_up(context, tone, rng.random())
        if follow_up is not None:
            return follow_up
        tailored = self._tailored(context) if context.job_description else None
        question = (
            tailored.question
            if tailored is not None
            else choose_question(
                self._bank,
                context.interview_type,
                context.difficulty,
                context.job_title,
                _asked_parents(context.asked_bank_ids),
                _seed(context),
            )
        )
        lead: list[str] = []
        if question is None:
            # Every bank question of this type was asked (a very long session): ask for depth instead.
            text, bank_id, difficulty = PROBES["example"], None, context.difficulty
        else:
            text, bank_id, difficulty = question.text, question.id, question.difficulty
        if tailored is not None:
            text = tailored.text
            if not tailored.question.slots and tailored.term:
                lead = [bridge(tailored.term)]
        if context.question_number <= 1 or not _previous_ai_turn(context.conversation):
            opening = _greeting(tone, context)
            if context.job_description:
                opening.insert(-1, "I have read the job posting you shared, and the questions follow it.")
        else:
            opening = [self._transition(context, tone, rng.random())]
            if context.question_number >= context.total_questions:
                opening.append(_LAST_QUESTION[tone])
        question_type: QuestionType = "BEHAVIORAL" if context.interview_type == "BEHAVIORAL" else "TECHNICAL"
        return _Plan(
            lead=opening,
            sentences=[*lead, *sentences(text)],
            question_type=question_type,
            difficulty=difficulty,
            is_follow_up=False,
            bank_id=bank_id,
        )

    def _tailored(self, context: InterviewContext) -> TailoredQuestion | None:
        assert context.job_description
        ranked = self.matcher.rank(
            context.job_description,
            context.job_title,
            context.interview_type,
            context.difficulty,
            _asked_parents(context.asked_bank_ids),
            context.conversation,
            _seed(context),
        )
        return ranked[0] if ranked else None

    @staticmethod
    def _transition(context: InterviewContext, tone: Tone, pick: float) -> str:
        options = _TRANSITIONS[tone]
        evaluation = context.last_evaluation
        if context.last_answer_skipped:
            kind = "skip"
        elif evaluation is not None and evaluation.overall >= 7.5:
            kind = "strong"
        elif evaluation is not None:
            kind = "fine"
        else:
            kind = "next"
        choices = options[kind]
        sentence = choices[int(pick * len(choices)) % len(choices)]
        if kind == "strong" and tone in ("warm", "structured", "neutral"):
            detail = _noticed_detail(_last_answer(context.conversation))
            if detail:
                sentence = f"{sentence[:-1]}; {detail}."
        return sentence

    def _follow_up(self, context: InterviewContext, tone: Tone, pick: float) -> _Plan | None:
        evaluation = context.last_evaluation
        if context.question_number <= 1 or context.last_answer_skipped or evaluation is None:
            return None
        previous = _previous_ai_turn(context.conversation)
        if previous is None or self._was_follow_up(previous.text):
            return None
        answer = _last_answer(context.conversation)
        gap = vagueness_gap(
            evaluation,
            answer,
            context.interview_type == "BEHAVIORAL",
            VAGUE_OVERALL[tone],
            every_star_part=tone == "structured",
        )
        if gap is None:
            return None
        parent_match = find_by_text(previous.text, self._bank)
        parent = parent_match[0] if parent_match is not None and parent_match[1] is None else None
        text, bank_id = self._follow_up_text(tone, parent, gap, evaluation, context.asked_bank_ids)
        return _Plan(
            lead=[_follow_up_lead(tone, evaluation, context.interview_type == "BEHAVIORAL", pick)],
            sentences=sentences(text),
            question_type="FOLLOW_UP",
            difficulty=parent.difficulty if parent is not None else context.difficulty,
            is_follow_up=True,
            bank_id=bank_id,
        )

    @staticmethod
    def _follow_up_text(
        tone: Tone, parent: BankQuestion | None, gap: Gap, evaluation: Evaluation, asked: list[str]
    ) -> tuple[str, str | None]:
        """A STAR part or key point gets the persona's probe naming it; for depth, the bank's own
        follow-up when it asks for nothing the answer already gave (a result, when it had one)."""
        if parent is not None and gap == "depth":
            for i, follow_up in enumerate(parent.follow_ups):
                bank_id = f"{parent.id}~f{i + 1}"
                if bank_id not in asked and not (evaluation.star.has_result and asks_for_result(follow_up)):
                    return follow_up, bank_id
        point = _missed_point(evaluation) if gap == "missed" else ""
        return probe(tone, gap, point), (f"{parent.id}~{gap}" if parent is not None else None)

    def _was_follow_up(self, text: str) -> bool:
        """Whether an earlier question (by its text) was a follow-up: a bank follow-up or a probe."""
        match = find_by_text(text, self._bank)
        if match is not None:
            return match[1] is not None
        return is_probe(text)


def vagueness_gap(
    evaluation: Evaluation,
    answer: str,
    behavioral: bool,
    vague_overall: float = VAGUE_OVERALL["neutral"],
    every_star_part: bool = False,
) -> Gap | None:
    """What the evaluation found the last answer most lacking, or None when it is good enough to move on.

    Behavioral answers are probed for a missing result or action (what interviewers ask for first,
    read from the evaluation's STAR flags), and for a missing situation only when the answer was
    also weak, since scene-setting is the part most often implied; `every_star_part` (an interviewer
    who listens for all four, as the structured HR partner promises) asks for any missing part,
    the task too. A very short answer is asked for
    a whole story (behavioral, when it lacks more than one part) or more depth. Any answer scored
    at or below `vague_overall` (per persona, see VAGUE_OVERALL) is probed for the first key point
    the evaluation found missing, then for numbers (when it gave none), a concrete example, or depth.
    When the answer's text is not in the conversation, the evaluation alone decides.
    """
    evidence = gather(answer, "") if answer.strip() else None
    weak = evaluation.overall <= vague_overall
    short = evidence is not None and evidence.word_count < SHORT_ANSWER_WORDS
    if behavioral:
        star = evaluation.star
        if short and not star.has_result and not star.has_action:
            return "story"
        star_gaps: tuple[tuple[bool, Gap], ...] = (
            (star.has_result, "result"),
            (star.has_action, "action"),
            (star.has_situation or not (weak or short or every_star_part), "situation"),
            (star.has_task or not every_star_part, "task"),
        )
        for present, gap in star_gaps:
            if not present:
                return gap
    if short:
        return "depth"
    if not weak:
        return None
    if _missed_point(evaluation):
        return "missed"
    if evidence is None:
        return "example"
    if not evidence.numbers:
        return "numbers"
    if not evidence.example_markers:
        return "example"
    return "depth"


_RESULT_WORDS = ("result", "outcome", "turn out", "turned out", "measure", "success", "impact")


def asks_for_result(question: str) -> bool:
    """Whether a question asks how something ended (its result, outcome, success or impact)."""
    text = normalise(question)
    return any(word in text for word in _RESULT_WORDS)


def _missed_point(evaluation: Evaluation) -> str:
    """The first key point the evaluation found missing, phrased to sit inside a sentence."""
    if not evaluation.missed_points:
        return ""
    return lower_first(evaluation.missed_points[0].strip().rstrip("."))


def _follow_up_lead(tone: Tone, evaluation: Evaluation, behavioral: bool, pick: float) -> str:
    """The sentence before a follow-up; the warm mentor first says what went well in a story."""
    if tone == "warm" and behavioral:
        star = evaluation.star
        if star.has_result:
            return "Thank you, it's good to hear how it turned out."
        if star.has_action:
            return "Thank you, I could really picture what you did."
        if star.has_situation:
            return "Thank you, that sets the scene nicely."
    leads = _FOLLOW_UP_LEADS[tone]
    return leads[int(pick * len(leads)) % len(leads)]


def _noticed_detail(answer: str) -> str:
    """A short, concrete acknowledgement of a strong answer: the first figure or tool it named."""
    if not answer.strip():
        return ""
    evidence = gather(answer, "")
    if evidence.numbers:
        return f"the figure you gave, {evidence.numbers[0]}, made it concrete"
    if evidence.technologies:
        return f"naming {evidence.technologies[0]} made it concrete"
    return ""


def _seed(context: InterviewContext) -> str:
    """The session's seed, or (when the caller gave none) one derived from what is fixed per session."""
    if context.session_seed:
        return context.session_seed
    return f"{context.persona.name}|{context.job_title}|{context.interview_type}|{context.total_questions}"


def _asked_parents(asked: list[str]) -> list[str]:
    """Bank ids asked so far, with follow-up ids ("tech-be-001~f1") reduced to their question's id."""
    return [bank_id.split("~", 1)[0] for bank_id in asked]


def _previous_ai_turn(conversation: list[ConversationTurn]) -> ConversationTurn | None:
    return next((t for t in reversed(conversation) if t.speaker == "AI"), None)


def _last_answer(conversation: list[ConversationTurn]) -> str:
    for turn in reversed(conversation):
        if turn.speaker == "USER":
            return turn.text
        if turn.speaker == "AI":
            return ""
    return ""
