"""The offline interviewer across whole sessions, answered by realistic strong and vague answers."""

from __future__ import annotations

from dataclasses import replace

import pytest
from interview.ai.base import (
    ConversationTurn,
    Difficulty,
    Evaluation,
    EvaluationRequest,
    InterviewContext,
    Interviewer,
    InterviewType,
    NextQuestion,
    PersonaProfile,
    TextDelta,
    ask,
)
from interview.ai.local.evaluator import RubricEvaluator
from interview.ai.local.interviewer import QuestionBankInterviewer, tone_of
from interview.ai.local.question_bank import load_bank
from interview.interviews.difficulty import next_difficulty
from interview.settings import Settings
from interview.speech.types import VoiceProfile

SETTINGS = Settings(_env_file=None)

MENTOR = PersonaProfile("Maya Chen", "Engineering Manager and mentor", "warm mentor", "", VoiceProfile("joe"))
PRINCIPAL = PersonaProfile(
    "Viktor Petrov", "Principal Engineer", "terse principal engineer", "", VoiceProfile("joe")
)
HR = PersonaProfile("Daniel Brooks", "HR Business Partner", "structured HR partner", "", VoiceProfile("joe"))

STRONG_STORY = (
    "At my last job at a payments startup, our release process took three days and blocked four teams. "
    "My task was to get releases under one day without losing the manual checks compliance needed. "
    "First I measured where the time went: 70% was waiting for a single reviewer. Then I proposed a rota of "
    "three reviewers, I wrote a checklist, and I automated the smoke tests in GitHub Actions. "
    "As a result release time dropped from three days to "
    "five hours within two sprints, and the teams adopted "
    "the rota permanently. I learned to measure before proposing a fix."
)
STRONG_TECHNICAL = (
    "I'd start by measuring with tracing, because you need to know where time goes before changing anything. "
    "In my last role our API served 4,000 requests per second; first I checked the deploy diff and the p99 "
    "dashboard in Datadog, then I looked at slow query logs in Postgres. We found an N+1 query and a missing "
    "index, so I rolled back first to mitigate, then added "
    "the composite index. The trade-off of the index is "
    "slower writes, which was fine at a 90% read ratio. Latency went from 2 seconds back to 180 ms."
)
VAGUE = "Um, I guess we just did it as a team, you know."


async def _session(
    interviewer: Interviewer,
    persona: PersonaProfile,
    job_title: str,
    interview_type: InterviewType,
    answers: list[str | None],
    seed: str = "session-1",
    difficulty: Difficulty = "MEDIUM",
) -> list[NextQuestion]:
    """Run a whole session the way the domain does: ask, answer (None = skip), evaluate, adapt."""
    evaluator = RubricEvaluator(SETTINGS)
    conversation: list[ConversationTurn] = []
    asked: list[str] = []
    history: list[float | None] = []
    last: Evaluation | None = None
    skipped = False
    questions = []
    for number, answer in enumerate(answers, start=1):
        context = InterviewContext(
            persona=persona,
            job_title=job_title,
            interview_type=interview_type,
            difficulty=difficulty,
            question_number=number,
            total_questions=len(answers),
            conversation=list(conversation),
            last_evaluation=last,
            asked_bank_ids=list(asked),
            last_answer_skipped=skipped,
            session_seed=seed,
        )
        question = await ask(interviewer, context)
        questions.append(question)
        conversation.append(ConversationTurn("AI", number, question.text))
        if question.bank_id:
            asked.append(question.bank_id)
        skipped = answer is None
        if answer is None:
            last = None
            difficulty = next_difficulty(difficulty, None, history, skipped=True)
            history.append(None)
            continue
        conversation.append(ConversationTurn("USER", number, answer))
        last = await evaluator.evaluate(
            EvaluationRequest(
                job_title, interview_type, difficulty, question.text, question.question_type, answer, None
            )
        )
        difficulty = next_difficulty(difficulty, last.overall, history)
        history.append(last.overall)
    return questions


async def test_stream_yields_sentences_then_one_question_whose_text_is_their_join() -> None:
    interviewer = QuestionBankInterviewer(SETTINGS)
    context = InterviewContext(
        persona=MENTOR,
        job_title="Senior Backend Engineer",
        interview_type="TECHNICAL",
        difficulty="MEDIUM",
        question_number=1,
        total_questions=6,
        conversation=[],
        last_evaluation=None,
        session_seed="s",
    )
    items = [item async for item in interviewer.stream_question(context)]
    deltas = [i for i in items[:-1] if isinstance(i, TextDelta)]
    final = items[-1]
    assert isinstance(final, NextQuestion)
    assert len(deltas) == len(items) - 1 >= 3
    assert "".join(d.text for d in deltas) == final.text
    assert deltas[0].text.rstrip().endswith(".")  # the first sentence can be spoken on its own
    assert final.model == "local/question-bank" and final.prompt_version == "bank-v1"
    assert final.question_type == "TECHNICAL" and not final.is_follow_up


async def test_first_question_greets_in_the_personas_style_and_names_the_job() -> None:
    interviewer = QuestionBankInterviewer(SETTINGS)
    texts = {}
    for persona in (MENTOR, PRINCIPAL, HR):
        [first] = await _session(interviewer, persona, "Data Scientist", "BEHAVIORAL", ["x"])
        assert "Data Scientist" in first.text
        assert persona.name in first.text
        texts[persona.name] = first.text
    assert "think out loud" in texts["Maya Chen"]
    assert "situation, your task" in texts["Daniel Brooks"]
    assert len(texts["Viktor Petrov"]) < len(texts["Maya Chen"])  # terse: fewer words before the question


def test_styles_are_read_from_free_text() -> None:
    assert tone_of("warm mentor") == "warm"
    assert tone_of("terse principal engineer") == "terse"
    assert tone_of("probing system-design lead") == "probing"
    assert tone_of("structured HR partner") == "structured"
    assert tone_of("cheerful pirate") == "neutral"


async def test_six_strong_answers_never_repeat_a_bank_question_and_raise_difficulty() -> None:
    interviewer = QuestionBankInterviewer(SETTINGS)
    questions = await _session(
        interviewer,
        PRINCIPAL,
        "Senior Backend Engineer",
        "TECHNICAL",
        [STRONG_TECHNICAL] * 6,
        difficulty="EASY",
    )
    ids = [q.bank_id for q in questions]
    assert None not in ids
    assert len(set(ids)) == 6
    assert not any(q.is_follow_up for q in questions)
    assert questions[0].difficulty == "EASY"
    assert questions[-1].difficulty == "HARD"
    bank = load_bank()
    fits = [bank.by_id(str(i)) for i in ids]
    assert all(q is not None and ("backend" in q.roles or "general" in q.roles) for q in fits)


async def test_a_vague_answer_gets_one_follow_up_but_never_two_in_a_row() -> None:
    interviewer = QuestionBankInterviewer(SETTINGS)
    questions = await _session(interviewer, HR, "Engineering Manager", "BEHAVIORAL", [VAGUE] * 6)
    follow_ups = [q.is_follow_up for q in questions]
    assert follow_ups == [False, True, False, True, False, True]
    for question in questions:
        if question.is_follow_up:
            assert question.question_type == "FOLLOW_UP"
    ids = [q.bank_id for q in questions if q.bank_id]
    assert len(ids) == len(set(ids))


async def test_a_story_without_a_result_is_asked_for_the_result() -> None:
    no_result = (
        "At my last company our on-call rota was burning people out. My task was to fix the rota for eight "
        "engineers. I talked to each of them, I proposed a "
        "follow-the-sun schedule with our Berlin office, and I "
        "set up a shared runbook so handovers were quick and nobody had to guess what was going on overnight."
    )
    questions = await _session(
        QuestionBankInterviewer(SETTINGS), HR, "Engineering Manager", "BEHAVIORAL", [no_result, STRONG_STORY]
    )
    assert questions[1].is_follow_up
    assert "result" in questions[1].text


async def test_after_a_skip_the_interviewer_moves_on_and_lowers_difficulty() -> None:
    questions = await _session(
        QuestionBankInterviewer(SETTINGS),
        MENTOR,
        "Frontend Developer",
        "TECHNICAL",
        [None, VAGUE, STRONG_TECHNICAL],
    )
    assert not questions[1].is_follow_up
    assert questions[1].difficulty == "EASY"
    assert any(word in questions[1].text for word in ("No problem", "move on", "different one"))


async def test_a_good_answer_is_not_followed_up_and_the_last_question_is_announced() -> None:
    questions = await _session(
        QuestionBankInterviewer(SETTINGS), MENTOR, "Engineering Manager", "BEHAVIORAL", [STRONG_STORY] * 3
    )
    assert [q.is_follow_up for q in questions] == [False, False, False]
    assert "last one" in questions[-1].text


async def test_sessions_are_reproducible_per_seed_and_differ_across_seeds() -> None:
    interviewer = QuestionBankInterviewer(SETTINGS)
    answers: list[str | None] = [STRONG_STORY] * 4

    async def ids(seed: str) -> list[str | None]:
        return [
            q.bank_id
            for q in await _session(interviewer, HR, "Software Engineer", "BEHAVIORAL", answers, seed)
        ]

    assert await ids("a") == await ids("a")
    assert len({tuple(await ids(f"seed-{i}")) for i in range(6)}) >= 3


@pytest.mark.parametrize(
    ("current", "last", "history", "skipped", "expected"),
    [
        ("MEDIUM", 8.4, [], False, "HARD"),  # a strong answer raises
        ("HARD", 9.5, [], False, "HARD"),  # never past the top
        ("MEDIUM", 3.5, [], False, "EASY"),  # a weak answer lowers
        ("EASY", 1.0, [], False, "EASY"),  # never below the bottom
        ("MEDIUM", 6.0, [], False, "MEDIUM"),  # a middling answer keeps
        ("MEDIUM", 7.2, [7.5], False, "HARD"),  # steadily good raises
        ("MEDIUM", 7.2, [8.5], False, "MEDIUM"),  # the 8.5 already raised once
        ("MEDIUM", 4.8, [5.0], False, "EASY"),  # steadily poor lowers
        ("MEDIUM", None, [6.0], True, "EASY"),  # a skip lowers
        ("MEDIUM", None, [6.0], False, "MEDIUM"),  # no score keeps
    ],
)
def test_difficulty_moves_one_level_with_the_answers(
    current: Difficulty, last: float | None, history: list[float | None], skipped: bool, expected: Difficulty
) -> None:
    assert next_difficulty(current, last, history, skipped=skipped) == expected


async def test_without_the_answer_text_the_evaluation_alone_decides_the_follow_up() -> None:
    weak = await RubricEvaluator(SETTINGS).evaluate(
        EvaluationRequest("Backend Engineer", "TECHNICAL", "MEDIUM", "q?", "TECHNICAL", VAGUE, None)
    )
    interviewer = QuestionBankInterviewer(SETTINGS)
    first = await ask(
        interviewer,
        InterviewContext(MENTOR, "Backend Engineer", "TECHNICAL", "MEDIUM", 1, 4, [], None, session_seed="x"),
    )
    context = InterviewContext(
        MENTOR,
        "Backend Engineer",
        "TECHNICAL",
        "MEDIUM",
        2,
        4,
        [ConversationTurn("AI", 1, first.text)],  # the answer's transcript is not there yet
        weak,
        asked_bank_ids=[str(first.bank_id)],
        session_seed="x",
    )
    follow_up = await ask(interviewer, context)
    assert follow_up.is_follow_up
    assert str(follow_up.bank_id).startswith(f"{first.bank_id}~")


async def test_after_a_strong_answer_a_warm_interviewer_names_what_made_it_concrete() -> None:
    evaluation = await RubricEvaluator(SETTINGS).evaluate(
        EvaluationRequest(
            "Engineering Manager", "BEHAVIORAL", "MEDIUM", "q?", "BEHAVIORAL", STRONG_STORY, None
        )
    )
    strong = replace(evaluation, overall=8.6)
    conversation = [
        ConversationTurn("AI", 1, "Tell me about a process you improved."),
        ConversationTurn("USER", 1, STRONG_STORY),
    ]
    context = InterviewContext(
        MENTOR, "Engineering Manager", "BEHAVIORAL", "MEDIUM", 2, 5, conversation, strong
    )
    question = await ask(QuestionBankInterviewer(SETTINGS), context)
    assert not question.is_follow_up
    assert "the figure you gave, three days, made it concrete" in question.text
    terse = await ask(QuestionBankInterviewer(SETTINGS), replace(context, persona=PRINCIPAL))
    assert "figure" not in terse.text


async def test_a_probing_lead_digs_into_a_middling_answer_that_a_terse_principal_lets_go() -> None:
    middling = (
        "I'd put Redis in front of the database with cache-aside, because reads dominate, and "
        "set a TTL of 5 minutes so data does not get too stale. When data changes I would delete "
        "the key. I would also watch the hit rate on a dashboard after launch."
    )
    question = (
        "Explain how you would add caching to a read-heavy service, and how you keep the cache correct."
    )
    evaluation = await RubricEvaluator(SETTINGS).evaluate(
        EvaluationRequest("Backend Engineer", "TECHNICAL", "MEDIUM", question, "TECHNICAL", middling, None)
    )
    assert 4.5 < evaluation.overall <= 7.0
    conversation = [ConversationTurn("AI", 1, question), ConversationTurn("USER", 1, middling)]
    aisha = PersonaProfile(
        "Aisha Okafor", "System Design Lead", "probing system-design lead", "", VoiceProfile("j")
    )
    context = InterviewContext(
        aisha, "Backend Engineer", "TECHNICAL", "MEDIUM", 2, 6, conversation, evaluation
    )
    probed = await ask(QuestionBankInterviewer(SETTINGS), context)
    moved_on = await ask(QuestionBankInterviewer(SETTINGS), replace(context, persona=PRINCIPAL))
    # The follow-up names the key point the evaluation found missing, in Aisha's "what happens" style.
    assert evaluation.missed_points
    assert probed.is_follow_up and probed.bank_id == "tech-be-006~missed"
    assert evaluation.missed_points[0].lower() in probed.question.lower()
    assert "What happens" in probed.question
    assert not moved_on.is_follow_up
