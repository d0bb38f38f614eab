"""Follow-ups come from what the evaluation found missing in THAT answer, in each persona's style.

Recorded (typed) answers with and without each STAR part are scored by the offline evaluator;
each shipped persona then hears the answer with its evaluation and decides what to ask.
"""

from __future__ import annotations

import pytest
from interview.ai.base import (
    ConversationTurn,
    EvaluationRequest,
    InterviewContext,
    NextQuestion,
    PersonaProfile,
    ask,
)
from interview.ai.local.evaluator import RubricEvaluator
from interview.ai.local.interviewer import QuestionBankInterviewer, asks_for_result, tone_of
from interview.ai.local.rubric.probes import STYLED_PROBES, Gap, is_probe
from interview.interviews.personas import PERSONAS, PersonaSeed
from interview.settings import Settings
from interview.speech.types import VoiceProfile

SETTINGS = Settings(_env_file=None)
QUESTION = "Tell me about a time you had to fix a process that was slowing your team down."

_SITUATION = (
    "At my last job at a payments startup, our release process took three days and blocked four teams."
)
_TASK = "My task was to get releases under one day without losing the manual checks compliance needed."
_ACTION = (
    "First I measured where the time went, then I proposed a rota of three reviewers, I wrote a checklist "
    "and I automated the smoke tests in our pipeline."
)
_NO_ACTION = "The release process was changed over the next quarter."
_RESULT = "As a result release time dropped from three days to five hours within two sprints."

ANSWERS: dict[str, str] = {
    "complete": " ".join([_SITUATION, _TASK, _ACTION, _RESULT]),
    "no result": " ".join([_SITUATION, _TASK, _ACTION]),
    "no action": " ".join([_SITUATION, _TASK, _NO_ACTION, _RESULT]),
    "no situation": " ".join([_TASK, _ACTION, _RESULT]),
    "no task": " ".join([_SITUATION, _ACTION, _RESULT]),
}

EXPECTED: dict[str, dict[str, Gap | None]] = {
    # Every persona asks for a missing result or action; a complete story is never probed.
    # Maya and Aisha also ask for a missing situation when the answer was weak without it; Viktor
    # "moves on quickly"; Daniel "listens for Situation, Task, Action and Result in every story".
    "maya-mentor": {"complete": None, "no result": "result", "no action": "action",
                    "no situation": "situation", "no task": None},
    "viktor-principal": {"complete": None, "no result": "result", "no action": "action",
                         "no situation": None, "no task": None},
    "aisha-architect": {"complete": None, "no result": "result", "no action": "action",
                        "no situation": "situation", "no task": None},
    "daniel-hr": {"complete": None, "no result": "result", "no action": "action",
                  "no situation": "situation", "no task": "task"},
}  # fmt: skip

CASES = [(seed, kind) for seed in PERSONAS for kind in ANSWERS]


def _profile(seed: PersonaSeed) -> PersonaProfile:
    return PersonaProfile(seed.name, seed.title, seed.style, seed.description, VoiceProfile("joe"))


async def _after(seed: PersonaSeed, answer: str) -> NextQuestion:
    evaluation = await RubricEvaluator(SETTINGS).evaluate(
        EvaluationRequest("Backend Engineer", "BEHAVIORAL", "MEDIUM", QUESTION, "BEHAVIORAL", answer, None)
    )
    context = InterviewContext(
        persona=_profile(seed),
        job_title="Backend Engineer",
        interview_type="BEHAVIORAL",
        difficulty="MEDIUM",
        question_number=2,
        total_questions=6,
        conversation=[
            ConversationTurn("AI", 1, f"Thanks, let's start. {QUESTION}"),
            ConversationTurn("USER", 1, answer),
        ],
        last_evaluation=evaluation,
        session_seed="follow-ups",
    )
    return await ask(QuestionBankInterviewer(SETTINGS), context)


@pytest.mark.parametrize(("seed", "kind"), CASES, ids=[f"{s.slug}-{k}" for s, k in CASES])
async def test_a_follow_up_asks_for_what_that_answer_lacked(seed: PersonaSeed, kind: str) -> None:
    question = await _after(seed, ANSWERS[kind])
    expected = EXPECTED[seed.slug][kind]
    styled = STYLED_PROBES[tone_of(seed.style)]
    if expected is None:
        assert not question.is_follow_up, question.text
    else:
        assert question.is_follow_up, question.text
        # The persona's own phrasing of what was missing, and it is recognised as a follow-up.
        assert question.question == styled[expected]
        assert is_probe(question.question)
    if kind != "no result":
        # An answer that gave its result is never asked for one, in any persona's words.
        assert all(probes["result"] not in question.text for probes in STYLED_PROBES.values())
        if question.is_follow_up:
            assert not asks_for_result(question.question), question.question
    # The follow-up's lead-in is spoken but is not part of the question.
    assert question.lead_in and question.text.startswith(question.lead_in)
    assert question.lead_in not in question.question


async def test_each_persona_asks_for_the_result_in_its_own_style() -> None:
    asked = {seed.slug: await _after(seed, ANSWERS["no result"]) for seed in PERSONAS}
    texts = [q.question for q in asked.values()]
    assert len(set(texts)) == len(texts), "every persona phrases the follow-up its own way"
    # Aisha promises "what happens when…" questions, and keeps to them.
    assert "what happen" in asked["aisha-architect"].question.lower()
    # Viktor: short questions, no small talk.
    assert len(asked["viktor-principal"].question.split()) <= 8
    # Daniel names the STAR part he is listening for.
    assert asked["daniel-hr"].question.startswith("And the result")
    # Maya acknowledges what went well before asking.
    assert "what you did" in asked["maya-mentor"].lead_in


async def test_aisha_asks_what_happens_when_for_every_gap() -> None:
    probes = STYLED_PROBES["probing"]
    assert all(
        "what happen" in text.lower() or text.startswith("What was the system")
        for text in [
            probes[g] for g in ("action", "result", "numbers", "example", "depth", "missed", "story")
        ]
    )
