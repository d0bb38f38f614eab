"""Builders for the objects tests need, through the public API."""

from __future__ import annotations

from typing import Any

from tests.graphql_client import Account, GraphQLClient

START = """
mutation Start($input: StartInterviewInput!) {
  startInterview(input: $input) {
    id status jobTitle interviewType difficulty totalQuestions totalResponses videoEnabled audioEnabled
    persona { id name }
  }
}
"""


async def first_persona_id(client: GraphQLClient) -> str:
    data = await client.data("{ personas { id name } }")
    persona_id: str = data["personas"][0]["id"]
    return persona_id


async def start_interview(
    client: GraphQLClient,
    account: Account,
    interview_type: str = "TECHNICAL",
    difficulty: str = "MEDIUM",
    job_title: str = "Backend Engineer",
    persona_id: str | None = None,
) -> dict[str, Any]:
    persona_id = persona_id or await first_persona_id(client)
    data = await client.data(
        START,
        {
            "input": {
                "personaId": persona_id,
                "jobTitle": job_title,
                "interviewType": interview_type,
                "difficulty": difficulty,
            }
        },
        account.token,
    )
    session: dict[str, Any] = data["startInterview"]
    return session
