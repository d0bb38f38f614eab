"""endInterview: the report's figures from the stored answers, the narrative, idempotency, events."""

from __future__ import annotations

import asyncio
import json
from statistics import mean
from typing import Any

from interview.ai.base import overall_score
from interview.db.tables import InterviewSession, Report
from interview.events.bus import session_channel
from interview.services import Services

from tests.graphql_client import GraphQLClient
from tests.reports.factories import SKIPPED, Answer, stored_interview

END = """mutation($id: ID!) { endInterview(sessionId: $id) {
  id overallScore avgTechnicalScore avgClarityScore avgConfidenceScore avgBehavioralScore
  strengths weaknesses keyHighlights immediateImprovements practiceAreas resourcesRecommended
  totalSpeakingTimeSeconds avgResponseTimeSeconds totalFillerWords avgSpeechPace
  questionsAnswered questionsSkipped percentileRank comparedToCount reportJson generatorModel createdAt
  downloadUrl
  bestAnswer { id sequenceNumber text feedback { overallScore } }
  worstAnswer { id sequenceNumber text }
  session { id status endTime durationSeconds report { id } }
} }"""

ANSWERS = [
    Answer(
        scores=(8.0, 7.0, 7.5, 6.0),
        speaking_time_ms=60_000,
        speech_pace=150.0,
        filler_words=("um",),
        response_time_seconds=4,
        text="Strong answer about sharding.",
    ),
    Answer(
        scores=(4.0, 5.0, 4.5, 3.0),
        speaking_time_ms=20_000,
        speech_pace=90.0,
        filler_words=("um", "uh", "like"),
        response_time_seconds=9,
        text="Weak answer, um, about queues.",
    ),
    SKIPPED,
    Answer(
        scores=(6.0, 6.0, 6.0, 6.0),
        speaking_time_ms=40_000,
        speech_pace=120.0,
        filler_words=(),
        response_time_seconds=5,
        text="Average answer about indexes.",
    ),
]


async def _events(services: Services, session_id: str, action: Any) -> tuple[Any, list[dict[str, Any]]]:
    """Run `action` while listening to the session's channel; its result and the events it caused."""
    received: list[dict[str, Any]] = []
    async with services.broker.subscription(session_channel(session_id)) as subscription:
        result = await action()

        async def drain() -> None:
            async for message in subscription:
                received.append(message)

        try:
            await asyncio.wait_for(drain(), timeout=0.5)
        except TimeoutError:
            pass
    return result, received


async def test_report_figures_come_from_the_stored_answers(client: GraphQLClient, services: Services) -> None:
    account = await client.register()
    stored = await stored_interview(account.user_id, ANSWERS, "TECHNICAL", status="PAUSED")
    report = (await client.data(END, {"id": str(stored.session_id)}, account.token))["endInterview"]

    scored = [a for a in ANSWERS if a.scores is not None]
    per_answer_overall = [overall_score("TECHNICAL", *a.scores) for a in scored]  # type: ignore[misc]
    assert report["overallScore"] == round(mean(per_answer_overall), 1)
    averages = ("avgTechnicalScore", "avgClarityScore", "avgConfidenceScore")
    for index, key in enumerate(averages):
        assert report[key] == round(mean(a.scores[index] for a in scored), 1)  # type: ignore[index]
    assert report["avgBehavioralScore"] is None  # STAR structure does not count in a technical interview
    assert report["totalSpeakingTimeSeconds"] == 120
    assert report["totalFillerWords"] == 4
    # words per minute over all speaking time: (150*60 + 90*20 + 120*40) / 120 s
    assert report["avgSpeechPace"] == round((150 * 60 + 90 * 20 + 120 * 40) / 120, 1)
    assert report["avgResponseTimeSeconds"] == round(mean([4, 9, 5]), 1)
    assert report["questionsAnswered"] == 3 and report["questionsSkipped"] == 1
    assert report["bestAnswer"]["sequenceNumber"] == 1
    assert report["bestAnswer"]["id"] == str(stored.answers[1]["id"])
    assert report["bestAnswer"]["feedback"]["overallScore"] == max(per_answer_overall)
    assert report["worstAnswer"]["sequenceNumber"] == 2

    # the narrative comes from the report-writer chain; with no API keys that is the local writer
    assert report["generatorModel"] == "local/report-writer"
    assert report["strengths"] or report["weaknesses"]
    assert report["immediateImprovements"] and report["practiceAreas"]
    assert isinstance(report["resourcesRecommended"], list)
    assert report["percentileRank"] is None or 0 <= report["percentileRank"] <= 100
    assert report["downloadUrl"].startswith(services.settings.base_url() + "/media/")

    session = report["session"]
    assert session["status"] == "COMPLETED" and session["endTime"] is not None
    assert session["report"]["id"] == report["id"]

    document = report["reportJson"]
    assert document["version"] == 1
    assert document["session"]["id"] == str(stored.session_id)
    assert document["summary"]["overallScore"] == report["overallScore"]
    questions = document["questions"]
    assert [q["sequenceNumber"] for q in questions] == [1, 2, 3, 4]
    skipped = questions[2]
    assert skipped["skipped"] is True and skipped["answer"] is None and skipped["feedback"] is None
    first = questions[0]
    assert first["question"] == stored.questions[0]["question_text"]
    assert first["answer"]["text"] == "Strong answer about sharding."
    assert first["answer"]["voiceMetrics"]["speechPace"] == 150.0
    assert first["answer"]["voiceMetrics"]["fillerWords"] == ["um"]
    assert first["feedback"]["scores"]["technical"] == 8.0
    assert first["feedback"]["improvementSuggestions"] == ["Quantify the result of answer 1."]
    assert document["narrative"]["generatorModel"] == "local/report-writer"
    json.dumps(document)


async def test_ending_twice_returns_the_same_report_and_publishes_once(
    client: GraphQLClient, services: Services
) -> None:
    account = await client.register()
    stored = await stored_interview(account.user_id, ANSWERS[:2])
    sid = str(stored.session_id)
    first, events = await _events(services, sid, lambda: client.data(END, {"id": sid}, account.token))
    assert [e["type"] for e in events] == ["ReportReady", "SessionStatusChanged"]
    assert events[0]["report"]["id"] == first["endInterview"]["id"]
    assert events[1]["status"] == "COMPLETED"

    second, events = await _events(services, sid, lambda: client.data(END, {"id": sid}, account.token))
    assert second["endInterview"]["id"] == first["endInterview"]["id"]
    assert second["endInterview"]["createdAt"] == first["endInterview"]["createdAt"]
    assert events == []
    assert await Report.count().where(Report.session == stored.session_id) == 1


async def test_two_racing_ends_make_one_report(client: GraphQLClient, services: Services) -> None:
    account = await client.register()
    stored = await stored_interview(account.user_id, ANSWERS)
    sid = str(stored.session_id)

    async def race() -> list[Any]:
        return list(await asyncio.gather(*(client.data(END, {"id": sid}, account.token) for _ in range(3))))

    results, events = await _events(services, sid, race)
    assert len({r["endInterview"]["id"] for r in results}) == 1
    assert await Report.count().where(Report.session == stored.session_id) == 1
    assert [e["type"] for e in events] == ["ReportReady", "SessionStatusChanged"]


async def test_an_interview_without_scored_answers_has_null_scores(client: GraphQLClient) -> None:
    account = await client.register()
    stored = await stored_interview(account.user_id, [SKIPPED, Answer(scores=None)])
    report = (await client.data(END, {"id": str(stored.session_id)}, account.token))["endInterview"]
    assert report["overallScore"] is None and report["avgTechnicalScore"] is None
    assert report["bestAnswer"] is None and report["worstAnswer"] is None
    assert report["percentileRank"] is None
    assert report["questionsAnswered"] == 1 and report["questionsSkipped"] == 1
    assert report["totalSpeakingTimeSeconds"] == 30


async def test_one_scored_answer_is_best_but_not_worst(client: GraphQLClient) -> None:
    account = await client.register()
    stored = await stored_interview(account.user_id, [Answer()])
    report = (await client.data(END, {"id": str(stored.session_id)}, account.token))["endInterview"]
    assert report["bestAnswer"]["id"] == str(stored.answers[1]["id"])
    assert report["worstAnswer"] is None


async def test_cancelled_interviews_cannot_be_ended(client: GraphQLClient) -> None:
    account = await client.register()
    stored = await stored_interview(account.user_id, [Answer()], status="CANCELLED")
    body = await client.execute(END, {"id": str(stored.session_id)}, account.token)
    assert body["errors"][0]["extensions"]["code"] == "CONFLICT"
    assert body["errors"][0]["extensions"]["status"] == "CANCELLED"
    assert await Report.count().where(Report.session == stored.session_id) == 0


async def test_someone_elses_or_unknown_interview_is_not_found(client: GraphQLClient) -> None:
    owner, stranger = await client.register(), await client.register()
    stored = await stored_interview(owner.user_id, [Answer()])
    for session_id in (str(stored.session_id), "00000000-0000-0000-0000-000000000000", "nope"):
        assert await client.error_code(END, {"id": session_id}, stranger.token) == "NOT_FOUND"
    row = (
        await InterviewSession.select(InterviewSession.status)
        .where(InterviewSession.id == stored.session_id)
        .first()
    )
    assert row is not None and row["status"] == "ACTIVE"
    assert await client.error_code(END, {"id": str(stored.session_id)}) == "UNAUTHENTICATED"


async def test_a_behavioral_report_averages_no_technical_score(client: GraphQLClient) -> None:
    account = await client.register()
    stored = await stored_interview(account.user_id, ANSWERS, "BEHAVIORAL", status="PAUSED")
    report = (await client.data(END, {"id": str(stored.session_id)}, account.token))["endInterview"]
    scored = [a for a in ANSWERS if a.scores is not None]
    assert report["avgTechnicalScore"] is None
    assert report["avgBehavioralScore"] == round(mean(a.scores[3] for a in scored), 1)  # type: ignore[index]
    per_answer_overall = [overall_score("BEHAVIORAL", *a.scores) for a in scored]  # type: ignore[misc]
    assert report["overallScore"] == round(mean(per_answer_overall), 1)
