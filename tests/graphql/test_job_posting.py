"""A pasted job posting through GraphQL: stored with the session, on its report, and it tailors the
offline interviewer's questions."""

from __future__ import annotations

import pytest
from interview.db.tables import InterviewSession

from tests.ai.local.postings import DATA
from tests.factories import first_persona_id
from tests.graphql_client import GraphQLClient

START = """mutation($i: StartInterviewInput!) { startInterview(input: $i) { id jobDescription } }"""
INITIAL = """mutation($id: ID!) { initialQuestion(sessionId: $id) { question { questionText leadIn } } }"""
END = (
    """mutation($id: ID!) { endInterview(sessionId: $id) { id jobDescription session { jobDescription } } }"""
)


async def _input(client: GraphQLClient, **changes: object) -> dict[str, object]:
    base: dict[str, object] = {
        "personaId": await first_persona_id(client),
        "jobTitle": "Data Engineer",
        "interviewType": "TECHNICAL",
        "difficulty": "MEDIUM",
    }
    return base | changes


@pytest.mark.slow  # the first tailored question loads the embedding model
async def test_the_posting_is_stored_tailors_questions_and_shows_on_the_report(client: GraphQLClient) -> None:
    account = await client.register()

    started = (
        await client.data(START, {"i": await _input(client, jobDescription=f"  {DATA}\n")}, account.token)
    )["startInterview"]
    first = (await client.data(INITIAL, {"id": started["id"]}, account.token))["initialQuestion"]
    report = (await client.data(END, {"id": started["id"]}, account.token))["endInterview"]

    assert started["jobDescription"] == DATA, "stored as pasted, outer whitespace trimmed"
    text = first["question"]["questionText"]
    assert "job posting" in first["question"]["leadIn"] and any(
        t in text for t in ("Spark", "Airflow", "dbt", "Snowflake", "pipelines", "data")
    )
    assert report["jobDescription"] == DATA and report["session"]["jobDescription"] == DATA


async def test_the_posting_is_optional_and_limited(client: GraphQLClient) -> None:
    account = await client.register()

    plain = (await client.data(START, {"i": await _input(client)}, account.token))["startInterview"]
    blank = (await client.data(START, {"i": await _input(client, jobDescription="  \n ")}, account.token))[
        "startInterview"
    ]
    longest = await client.data(
        START, {"i": await _input(client, jobDescription="x" * 20_000)}, account.token
    )
    too_long = await client.execute(
        START, {"i": await _input(client, jobDescription="x" * 20_001)}, account.token
    )

    assert plain["jobDescription"] is None and blank["jobDescription"] is None
    assert len(longest["startInterview"]["jobDescription"]) == 20_000
    error = too_long["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"].get("field") == "jobDescription" and "20,000" in error["message"]
    assert await InterviewSession.count().where(InterviewSession.user == account.user_id) == 3
