"""A whole interview through the API: a spoken answer (submitAnswer), a skipped question, endInterview."""

from __future__ import annotations

from interview.db.tables import Question
from interview.services import Services

from tests.graphql_client import GraphQLClient
from tests.interviews.helpers import SKIP, interview_with_question, recorded_events, result_of, submit

END = """mutation($s: ID!) { endInterview(sessionId: $s) {
  id overallScore avgTechnicalScore keyHighlights questionsAnswered questionsSkipped totalFillerWords
  avgSpeechPace
  totalSpeakingTimeSeconds avgResponseTimeSeconds generatorModel weaknesses strengths reportJson
  bestAnswer { id text } worstAnswer { id }
  session { status }
} }"""


async def test_report_of_an_interview_run_through_the_api(client: GraphQLClient, services: Services) -> None:
    interview = await interview_with_question(client)
    answer = result_of(await submit(interview, 1))
    await client.data(SKIP, {"s": interview.session_id}, interview.account.token)

    async with recorded_events(services, interview.session_id) as events:
        report = (await client.data(END, {"s": interview.session_id}, interview.account.token))[
            "endInterview"
        ]
        await events.wait_for("SessionStatusChanged")
    assert events.types() == ["ReportReady", "SessionStatusChanged"]
    assert events.of("ReportReady")[0]["report"]["id"] == report["id"]

    evaluation, voice = answer["evaluation"], answer["voiceMetrics"]
    assert report["session"]["status"] == "COMPLETED"
    assert report["questionsAnswered"] == 1 and report["questionsSkipped"] == 1
    assert report["overallScore"] == round(evaluation["overallScore"], 1)
    assert report["avgTechnicalScore"] == round(evaluation["technicalScore"], 1)
    assert report["totalFillerWords"] == voice["fillerWordCount"]
    assert report["avgSpeechPace"] == round(voice["speechPace"], 1)
    assert 2 <= report["totalSpeakingTimeSeconds"] <= 8
    assert report["avgResponseTimeSeconds"] is not None
    assert report["bestAnswer"]["id"] == answer["transcript"]["id"]
    assert report["worstAnswer"] is None  # one scored answer
    assert report["generatorModel"] == "local/report-writer"
    assert report["strengths"] or report["weaknesses"]

    questions = report["reportJson"]["questions"]
    assert questions[0]["answer"]["text"] == answer["transcription"]["text"]
    assert questions[0]["feedback"]["scores"]["overall"] == evaluation["overallScore"]
    assert questions[0]["answer"]["voiceMetrics"]["pauseCount"] == voice["pauseCount"]
    assert questions[1]["skipped"] is True and questions[1]["answer"] is None
    # The report quotes the question, never the greeting the interviewer opened with.
    greeting = (
        await Question.select(Question.lead_in, Question.question_text)
        .where((Question.session == interview.session_id) & (Question.sequence_number == 1))
        .first()
    )
    assert greeting is not None and greeting["lead_in"]
    assert questions[0]["question"] == greeting["question_text"]
    quoted = " ".join([*report["keyHighlights"], *(q["question"] for q in questions)])
    assert greeting["lead_in"].split(".")[0] not in quoted
