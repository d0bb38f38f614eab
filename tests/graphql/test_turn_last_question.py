"""After the interview's last question the turn asks nothing more."""

from __future__ import annotations

from interview.services import Services

from tests.interviews.helpers import (
    SESSION,
    client_for,
    error_of,
    interview_with_question,
    recorded_events,
    result_of,
    submit,
    with_settings,
)


async def test_answering_the_last_question_returns_no_interviewer_response(services: Services) -> None:
    async with client_for(with_settings(services, interview_length=1)) as client:
        interview = await interview_with_question(client)
        async with recorded_events(services, interview.session_id) as events:
            result = result_of(await submit(interview, 1))

        assert result["interviewerResponse"] is None
        assert result["evaluation"]["overallScore"] >= 0
        live = result["liveMetrics"]
        assert live["questionsCompleted"] == 1 and live["currentQuestionNumber"] == 1
        assert live["estimatedTimeRemaining"] == 0
        order = [t for t in events.first_appearance() if t != "InterviewerAcknowledged"]
        assert order == ["TranscriptReady", "AnswerEvaluated", "LiveMetricsUpdated"]

        session = (await client.data(SESSION, {"s": interview.session_id}, interview.account.token))[
            "session"
        ]
        assert len(session["questions"]) == 1 and session["totalResponses"] == 1
        error = error_of(await submit(interview, 2, b"unused"))
        assert error["extensions"]["code"] == "CONFLICT" and error["extensions"]["expected"] is None
