"""The rubric evaluator on realistic answers: what it rewards, what it penalises, and what it says."""

from __future__ import annotations

import re

import pytest
from interview.ai.base import Evaluation, EvaluationRequest, InterviewType, QuestionType, overall_score
from interview.ai.local.evaluator import RubricEvaluator
from interview.settings import Settings
from interview.speech.types import VoiceMetrics

CONFLICT = (
    "Tell me about a time you disagreed with a colleague about a technical decision. How did you handle it?"
)
CACHING = "Explain how you would add caching to a read-heavy service, and how you keep the cache correct."

STRONG_STORY = (
    "At my last job at a fintech startup, our team was "
    "about to migrate the payments service from Postgres to "
    "MongoDB. I disagreed with the lead engineer, because "
    "we relied on transactions for ledger entries. My task "
    "was to keep consistency while still fixing the slow reporting queries that motivated the move. First I "
    "listened to his reasons and asked why he wanted the "
    "switch; the real pain was reports taking 40 seconds. "
    "Then I built a small benchmark: I added two composite "
    "indexes and a read replica for reports. I presented "
    "the numbers to him one-on-one before the team meeting. "
    "As a result the reports dropped from 40 seconds to "
    "1.2 seconds, we kept Postgres, and we agreed to revisit "
    "it if write volume tripled. I learned to bring data "
    "to a disagreement instead of opinions."
)
VAGUE_STORY = (
    "We disagreed sometimes about stuff on the team. We talked about it and it was fine in the end, "
    "we usually work things out together as a team and move on with the work."
)
SPECIFIC_TECHNICAL = (
    "I'd start by measuring: in my last role our product "
    "API served about 5,000 requests per second with a 92% "
    "read ratio and a p99 of 350 ms. First, I would put Redis "
    "in front of Postgres using cache-aside, because it "
    "keeps the database as the source of truth. Then I'd "
    "set a TTL of 60 seconds plus explicit invalidation on "
    "writes, so stale data lives at most a minute. To avoid "
    "a stampede when a hot key expires, I'd add jitter to "
    "the TTL and a short lock so only one request recomputes "
    "it. The trade-off is memory cost versus hit rate; "
    "we reached a 95% hit rate and p99 dropped to 40 ms."
)
GENERIC_TECHNICAL = (
    "Caching is a good idea for read heavy services. You put a cache in front of the database and then reads "
    "are faster. You need to keep it correct, so you should "
    "make sure the data is not stale. It is important to think "
    "about it carefully and test it well before going to production with it."
)
OFF_TOPIC = (
    "My favourite hobby is hiking in the mountains with my family on weekends. Last summer we walked a long "
    "trail near the lakes, and the views were beautiful. "
    "I also enjoy cooking Italian food and reading novels."
)


def _voice(
    *,
    pace: float = 140.0,
    fillers: list[str] | None = None,
    longest_pause_ms: int = 900,
    seconds: float = 60.0,
    clarity: float = 8.0,
) -> VoiceMetrics:
    forms = fillers or []
    return VoiceMetrics(
        speech_pace=pace,
        pause_count=4,
        longest_pause_ms=longest_pause_ms,
        response_latency_ms=800,
        speaking_time_ms=int(seconds * 1000),
        word_count=int(pace * seconds / 60),
        filler_word_count=len(forms),
        filler_words=forms,
        volume_level=0.6,
        volume_dbfs=-20.0,
        too_quiet=False,
        clipping=False,
        clarity_score=clarity,
    )


async def _evaluate(
    answer: str,
    question: str = CONFLICT,
    interview_type: InterviewType = "BEHAVIORAL",
    voice: VoiceMetrics | None = None,
    question_type: QuestionType = "BEHAVIORAL",
) -> Evaluation:
    evaluator = RubricEvaluator(Settings(_env_file=None))
    return await evaluator.evaluate(
        EvaluationRequest(
            "Senior Backend Engineer", interview_type, "MEDIUM", question, question_type, answer, voice
        )
    )


async def test_a_strong_star_story_scores_clearly_higher_on_behavioral_than_a_vague_one() -> None:
    strong = await _evaluate(STRONG_STORY)
    vague = await _evaluate(VAGUE_STORY)
    assert strong.behavioral >= 8.0
    assert vague.behavioral <= 4.0
    assert strong.overall - vague.overall >= 3.0
    assert (
        strong.star.has_situation,
        strong.star.has_task,
        strong.star.has_action,
        strong.star.has_result,
    ) == (
        True,
        True,
        True,
        True,
    )
    assert not vague.star.has_result and not vague.star.has_action
    assert "No result was stated" in vague.behavioral_feedback
    assert "'we'" in vague.behavioral_feedback  # names the ownership problem
    assert "result" in " ".join(vague.suggestions).lower()


async def test_metrics_and_named_technologies_score_higher_on_technical() -> None:
    specific = await _evaluate(SPECIFIC_TECHNICAL, CACHING, "TECHNICAL", question_type="TECHNICAL")
    generic = await _evaluate(GENERIC_TECHNICAL, CACHING, "TECHNICAL", question_type="TECHNICAL")
    assert specific.technical >= 8.0
    assert generic.technical <= 5.0
    assert "92%" in specific.technical_feedback and "350 ms" in specific.technical_feedback
    assert "Redis" in specific.technical_feedback and "Postgres" in specific.technical_feedback
    assert "No numbers and no named tools" in generic.technical_feedback


async def test_key_points_of_the_bank_question_are_named_when_covered_and_when_missed() -> None:
    specific = await _evaluate(SPECIFIC_TECHNICAL, CACHING, "TECHNICAL", question_type="TECHNICAL")
    generic = await _evaluate(GENERIC_TECHNICAL, CACHING, "TECHNICAL", question_type="TECHNICAL")
    assert "four of four key points" in specific.technical_feedback
    assert "stampede" in specific.technical_feedback
    assert "but not where to cache" in generic.technical_feedback


async def test_an_off_topic_answer_scores_low_relevance() -> None:
    off_topic = await _evaluate(OFF_TOPIC, CACHING, "TECHNICAL", question_type="TECHNICAL")
    on_topic = await _evaluate(GENERIC_TECHNICAL, CACHING, "TECHNICAL", question_type="TECHNICAL")
    assert off_topic.technical <= 1.5
    assert off_topic.technical < on_topic.technical
    assert off_topic.overall < 4.0
    assert "none of the four points" in off_topic.technical_feedback


async def test_a_fluent_answer_that_misses_the_question_does_not_sound_confident() -> None:
    off_topic = await _evaluate(OFF_TOPIC, CACHING, "TECHNICAL", question_type="TECHNICAL")
    on_topic = await _evaluate(GENERIC_TECHNICAL, CACHING, "TECHNICAL", question_type="TECHNICAL")
    assert off_topic.confidence <= 4.0 < on_topic.confidence
    assert "does not address the question" in off_topic.confidence_feedback


async def test_an_off_topic_answer_to_a_question_outside_the_bank_scores_low_too() -> None:
    question = "How would you explain the difference between TCP congestion control and flow control?"
    relevant = (
        "Flow control protects the receiver: the receive window tells the sender how much buffer is free. "
        "Congestion control protects the network: the sender keeps a congestion window that grows with slow "
        "start and shrinks on loss, because packet loss signals a congested path."
    )
    off = await _evaluate(OFF_TOPIC, question, "TECHNICAL", question_type="TECHNICAL")
    on = await _evaluate(relevant, question, "TECHNICAL", question_type="TECHNICAL")
    assert off.technical <= 2.0
    assert on.technical - off.technical >= 3.0
    assert "congestion" in on.technical_feedback and "control" in on.technical_feedback


async def test_hedging_and_many_fillers_lower_confidence_and_the_feedback_says_why() -> None:
    hedged = (
        "I think maybe I would, um, probably put a cache in "
        "front of the database, I guess Redis. I'm not sure "
        "about invalidation, maybe a TTL of like 60 seconds, "
        "but I don't know, perhaps it depends on the data. "
        "Then, um, we could kind of measure it I suppose."
    )
    assured = (
        "I would put Redis in front of the database with "
        "cache-aside. Invalidation happens on every write, with "
        "a TTL of 60 seconds as a safety net. Then I would "
        "measure the hit rate and p99 latency to confirm it helps."
    )
    fillers = ["um", "like", "um", "uh", "like", "um", "like", "uh", "um"]
    low = await _evaluate(
        hedged, CACHING, "TECHNICAL", _voice(fillers=fillers, seconds=40, longest_pause_ms=4200), "TECHNICAL"
    )
    high = await _evaluate(assured, CACHING, "TECHNICAL", _voice(seconds=40), "TECHNICAL")
    assert high.confidence >= 8.0
    assert low.confidence <= 3.0
    assert "not from how you felt" in low.confidence_feedback
    assert "'I think maybe'" in low.confidence_feedback
    assert "4.2 s pause" in low.confidence_feedback
    assert low.filler_words == fillers
    assert low.clarity < high.clarity
    assert any("direct statement" in s for s in low.suggestions)


async def test_pace_outside_the_band_is_named_with_its_figure() -> None:
    fast = await _evaluate(STRONG_STORY, voice=_voice(pace=190.0))
    steady = await _evaluate(STRONG_STORY, voice=_voice(pace=140.0))
    assert "190 wpm, is above the comfortable 120–160 band" in fast.clarity_feedback
    assert "inside the comfortable 120–160 band" in steady.clarity_feedback
    assert fast.clarity < steady.clarity
    assert fast.speech_quality < steady.speech_quality


@pytest.mark.parametrize("answer", ["", "   ", "Yes."])
async def test_an_empty_or_one_word_answer_scores_low_with_clear_feedback(answer: str) -> None:
    evaluation = await _evaluate(answer)
    assert evaluation.overall <= 2.0
    assert evaluation.technical <= 2.0 and evaluation.behavioral <= 2.0 and evaluation.confidence <= 3.0
    assert evaluation.summary.startswith(("No answer was given", "A very short answer"))
    assert 2 <= len(evaluation.suggestions) <= 4


async def test_overall_uses_the_shared_weights_and_the_result_names_its_producer() -> None:
    evaluation = await _evaluate(STRONG_STORY)
    assert evaluation.overall == overall_score(
        "BEHAVIORAL", evaluation.technical, evaluation.clarity, evaluation.confidence, evaluation.behavioral
    )
    assert (evaluation.model, evaluation.prompt_version) == ("local/rubric", "rubric-v1")


async def test_without_voice_metrics_it_still_scores_and_says_so() -> None:
    evaluation = await _evaluate(STRONG_STORY, voice=None)
    assert evaluation.speech_quality == 0.0
    assert "No voice metrics were measured" in evaluation.clarity_feedback
    assert evaluation.clarity >= 7.0


async def test_the_same_answer_always_gets_the_same_evaluation() -> None:
    assert await _evaluate(STRONG_STORY, voice=_voice()) == await _evaluate(STRONG_STORY, voice=_voice())


async def test_every_feedback_and_suggestion_is_a_full_sentence_and_scores_are_in_range() -> None:
    for answer in (STRONG_STORY, VAGUE_STORY, OFF_TOPIC, ""):
        evaluation = await _evaluate(answer, voice=_voice(fillers=["um"]))
        for score in (evaluation.technical, evaluation.clarity, evaluation.confidence, evaluation.behavioral):
            assert 0.0 <= score <= 10.0
        texts = [
            evaluation.technical_feedback,
            evaluation.clarity_feedback,
            evaluation.confidence_feedback,
            evaluation.behavioral_feedback,
            evaluation.summary,
            *evaluation.suggestions,
        ]
        for text in texts:
            assert re.match(r"^[A-Z].*[.)]$", text), text
        assert 2 <= len(evaluation.suggestions) <= 4


async def test_star_parts_are_recognised_in_natural_phrasing() -> None:
    incident = (
        "Last year, our payments API had an outage during a sale. I was on call that night. "
        "I rolled back the deploy within ten minutes, and I wrote the postmortem the next morning "
        "with two concrete fixes. Since then, we've had no similar incidents in that service."
    )
    feelings = (
        "I was responsible for our mobile release and we were late. I felt stressed about it. "
        "I thought about it a lot and I hoped it would work out, and I noticed the others were "
        "stressed as well."
    )
    told = await _evaluate(
        incident, "Tell me about a production incident you were involved in. What was your role?"
    )
    felt = await _evaluate(feelings, DEADLINE_QUESTION)
    assert (told.star.has_situation, told.star.has_task, told.star.has_action, told.star.has_result) == (
        True,
        True,
        True,
        True,
    )
    assert "'I rolled'" in told.behavioral_feedback
    assert not felt.star.has_action and not felt.star.has_result
    assert "No action of yours was described" in felt.behavioral_feedback


DEADLINE_QUESTION = "Describe a time you missed a deadline or were about to. What did you do?"


async def test_a_short_answer_to_a_follow_up_is_judged_as_a_follow_up() -> None:
    probe = "You didn't say how it turned out. What was the result, and how did you know?"
    answer = (
        "The result was that deploy failures dropped from about one a week to one a quarter. I knew because "
        "I tracked every failed deploy in a spreadsheet and we reviewed it monthly."
    )
    as_follow_up = await _evaluate(answer, probe, question_type="FOLLOW_UP")
    as_new_question = await _evaluate(answer, CONFLICT)
    assert as_follow_up.behavioral >= 7.0
    assert as_follow_up.behavioral > as_new_question.behavioral
    assert "As a follow-up" in as_follow_up.behavioral_feedback
    assert "No situation was set" not in as_follow_up.behavioral_feedback
    assert "one a week" in as_follow_up.technical_feedback
    assert "too short" not in as_follow_up.clarity_feedback


async def test_going_in_circles_costs_clarity_and_is_named() -> None:
    point = (
        "An index is a sorted structure, usually a B-tree, so the database finds rows without a full table "
        "scan, and it costs storage and slower writes."
    )
    once = await _evaluate(point + " I would index the columns used in WHERE clauses.", _INDEX, "TECHNICAL")
    circles = await _evaluate(" ".join([point] * 6), _INDEX, "TECHNICAL")
    assert circles.clarity < once.clarity
    assert "repeated phrases said earlier" in circles.clarity_feedback
    assert "repeated" not in once.clarity_feedback


_INDEX = "Explain what a database index is, how it speeds up queries, and what it costs."


def test_the_overall_score_weighs_only_the_categories_of_the_interview_type() -> None:
    # a low technical score does not drag down a behavioral answer, nor a low STAR score a technical one
    assert overall_score("BEHAVIORAL", 0.0, 8.0, 8.0, 8.0) == 8.0
    assert overall_score("TECHNICAL", 8.0, 8.0, 8.0, 0.0) == 8.0
    assert overall_score("SYSTEM_DESIGN", 8.0, 4.0, 4.0, 10.0) == 6.0
