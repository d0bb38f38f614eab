"""The offline report writer: its sentences name the weak spots actually present in the interview."""

from __future__ import annotations

from interview.ai.base import AnswerSummary, EvaluationRequest, InterviewType, ReportInput
from interview.ai.local.evaluator import RubricEvaluator
from interview.ai.local.report_writer import LocalReportWriter
from interview.settings import Settings
from interview.speech.types import VoiceMetrics

SETTINGS = Settings(_env_file=None)

PROUD = "Tell me about a project you are proud of. What was your part in it?"
CONFLICT = (
    "Tell me about a time you disagreed with a colleague about a technical decision. How did you handle it?"
)
DEADLINE = "Describe a time you missed a deadline or were about to. What did you do?"
HELPED = "Tell me about a time you helped a struggling teammate."
MISTAKE = "Tell me about a mistake you made at work that had real consequences."

FULL_STORY = (
    "At my last job I led the rewrite of our billing service "
    "because invoice errors were costing customers money. "
    "My role was to design the new invoice pipeline. I designed "
    "it around Kafka, I wrote the migration plan and I "
    "paired with two engineers on the riskiest parts. As a "
    "result invoice errors dropped 80% in two months, and "
    "I learned to ship the migration in small steps."
)
NO_RESULT_STORY = (
    "When I was at Acme our deploys kept failing on Fridays. "
    "My task was to make them reliable. I talked to the "
    "team, I set up a checklist, and I moved the deploy window to Tuesday mornings so people were around."
)
WE_STORY = (
    "We disagreed about, like, the database. Um, we talked and we went with what the team wanted. "
    "We were fine with it. We usually agree as a team."
)


def _voice(pace: float, fillers: list[str], pause_ms: int = 900) -> VoiceMetrics:
    return VoiceMetrics(
        speech_pace=pace,
        pause_count=3,
        longest_pause_ms=pause_ms,
        response_latency_ms=700,
        speaking_time_ms=60_000,
        word_count=int(pace),
        filler_word_count=len(fillers),
        filler_words=fillers,
        volume_level=0.6,
        volume_dbfs=-20.0,
        too_quiet=False,
        clipping=False,
        clarity_score=7.5,
    )


async def _answer(
    number: int,
    question: str,
    text: str | None,
    voice: VoiceMetrics | None,
    kind: InterviewType = "BEHAVIORAL",
) -> AnswerSummary:
    if text is None:
        return AnswerSummary(number, question, "", None, None, skipped=True)
    evaluation = await RubricEvaluator(SETTINGS).evaluate(
        EvaluationRequest("Engineering Manager", kind, "MEDIUM", question, "BEHAVIORAL", text, voice)
    )
    return AnswerSummary(number, question, text, evaluation, voice, skipped=False)


async def _behavioral_report() -> ReportInput:
    fillers = ["like", "um", "like", "like", "um", "like", "uh", "like"]
    answers = [
        await _answer(1, PROUD, FULL_STORY, _voice(175, fillers)),
        await _answer(2, CONFLICT, WE_STORY, _voice(182, fillers, pause_ms=4500)),
        await _answer(3, DEADLINE, NO_RESULT_STORY, _voice(178, fillers)),
        await _answer(4, HELPED, NO_RESULT_STORY, _voice(180, fillers)),
        await _answer(5, MISTAKE, None, None),
    ]
    return ReportInput("Engineering Manager", "BEHAVIORAL", "MEDIUM", "Daniel Brooks", answers, averages={})


async def test_weaknesses_name_the_questions_without_a_result_and_the_skipped_one() -> None:
    narrative = await LocalReportWriter(SETTINGS).write(await _behavioral_report())
    weaknesses = " ".join(narrative.weaknesses)
    assert "questions 2, 3 and 4 stated no result" in weaknesses
    assert "You skipped question 5." in weaknesses
    assert "question 2" in weaknesses and "'we'" in weaknesses
    assert "question 1 stated no result" not in weaknesses


async def test_delivery_figures_are_named_with_the_fillers_actually_used() -> None:
    narrative = await LocalReportWriter(SETTINGS).write(await _behavioral_report())
    weaknesses = " ".join(narrative.weaknesses)
    assert "8.0 fillers per minute, mostly 'like' and 'um'" in weaknesses
    assert "179 wpm on average, is above the 120–160 band" in weaknesses
    assert "pauses longer than 3 seconds in question 2" in weaknesses
    improvements = " ".join(narrative.immediate_improvements)
    assert "'like' and 'um'" in improvements
    assert 2 <= len(narrative.immediate_improvements) <= 4


async def test_strengths_and_highlights_point_to_the_best_answer() -> None:
    narrative = await LocalReportWriter(SETTINGS).write(await _behavioral_report())
    strengths = " ".join(narrative.strengths)
    assert "question 1" in strengths
    assert "80%" in strengths
    highlights = " ".join(narrative.key_highlights)
    assert "You answered 4 of 5 questions and skipped 1" in highlights
    assert "Highest score: question 1" in highlights
    assert "Complete STAR stories" in highlights


async def test_practice_areas_and_resources_follow_the_weak_spots() -> None:
    narrative = await LocalReportWriter(SETTINGS).write(await _behavioral_report())
    assert any("STAR" in area for area in narrative.practice_areas)
    assert any("fillers" in area.lower() for area in narrative.practice_areas)
    assert any("pace" in area.lower() for area in narrative.practice_areas)
    assert 2 <= len(narrative.resources) <= 4
    for resource in narrative.resources:
        assert set(resource) == {"title", "url", "why"}
        assert resource["url"] == "" or resource["url"].startswith("https://")
        assert resource["why"]
    star = next(r for r in narrative.resources if "STAR" in r["title"])
    assert "questions 2, 3 and 4" in star["why"]


async def test_a_strong_technical_interview_is_not_given_invented_weaknesses() -> None:
    question = (
        "Explain how you would add caching to a read-heavy service, and how you keep the cache correct."
    )
    answer = (
        "I'd start by measuring: in my last role our API served "
        "5,000 requests per second with a 92% read ratio. "
        "First, I would put Redis in front of Postgres using "
        "cache-aside, because it keeps the database as the "
        "source of truth. Then I'd set a TTL of 60 seconds plus "
        "invalidation on writes. To avoid a stampede on a "
        "hot key I'd add jitter and a short lock. The trade-off "
        "is memory versus hit rate; p99 dropped to 40 ms."
    )
    answers = [await _answer(n, question, answer, _voice(140, ["um"]), "TECHNICAL") for n in (1, 2)]
    report = ReportInput("Senior Backend Engineer", "TECHNICAL", "HARD", "Viktor", answers, averages={})
    narrative = await LocalReportWriter(SETTINGS).write(report)
    text = " ".join(narrative.weaknesses)
    assert "No category fell below 6.0" in text
    assert "fillers" not in text and "skipped" not in text and "wpm" not in text
    assert any("140 wpm" in s for s in narrative.strengths)
    assert any(r["url"] == "https://dataintensive.net/" for r in narrative.resources)


async def test_the_callers_averages_are_used_when_given() -> None:
    report = await _behavioral_report()
    given = ReportInput(
        report.job_title,
        report.interview_type,
        report.difficulty,
        report.persona_name,
        report.answers,
        averages={"clarity": 3.1, "fillers_per_minute": 6.5, "speech_pace": 150.0},
    )
    narrative = await LocalReportWriter(SETTINGS).write(given)
    weaknesses = " ".join(narrative.weaknesses)
    assert "clarity (3.1)" in weaknesses
    assert "6.5 fillers per minute" in weaknesses
    assert "wpm" not in weaknesses  # 150 is inside the band


async def test_an_interview_with_no_scored_answers_gets_an_honest_report() -> None:
    answers = [AnswerSummary(n, PROUD, "", None, None, skipped=True) for n in (1, 2, 3)]
    narrative = await LocalReportWriter(SETTINGS).write(
        ReportInput("Data Scientist", "TECHNICAL", "EASY", "Maya", answers, averages={})
    )
    assert narrative.strengths == []
    assert narrative.weaknesses == ["All 3 questions were skipped, so there is nothing to assess yet."]
    assert narrative.key_highlights == ["You answered 0 of 3 questions."]
    assert len(narrative.immediate_improvements) >= 2
    assert narrative.resources
    assert (narrative.model, narrative.prompt_version) == ("local/report-writer", "report-local-v1")
