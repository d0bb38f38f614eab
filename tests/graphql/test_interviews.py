"""The interview lifecycle through GraphQL: start, first question, pause/resume/cancel, listing."""

from __future__ import annotations

import asyncio

from interview.db.tables import Question, Transcript

from tests.factories import first_persona_id, start_interview
from tests.graphql_client import GraphQLClient

INITIAL = """mutation($id: ID!) { initialQuestion(sessionId: $id) {
  question { id sequenceNumber questionText questionType difficulty isFollowUp generatedByModel askedAt }
  audio { mimeType base64 durationMs } } }"""
SESSION = """query($id: ID!) { session(id: $id) { id status totalQuestions totalResponses durationSeconds
  persona { name voice } questions { sequenceNumber questionText }
  transcripts { speaker speakerName sequenceNumber text feedback { id } }
  liveMetrics { sessionId currentQuestionNumber questionsCompleted lastUpdated } report { id } } }"""


async def test_personas_are_public_and_distinct(client: GraphQLClient) -> None:
    personas = (await client.data("{ personas { id name title style description voice } }"))["personas"]
    assert len(personas) >= 4
    assert len({p["style"] for p in personas}) == len(personas)
    assert all(p["voice"] and p["description"] for p in personas)
    # each voice is described in words, and no two are described alike
    assert len({p["voice"] for p in personas}) == len(personas)
    assert not any("_" in p["voice"] or "-medium" in p["voice"] for p in personas)


async def test_start_interview_stores_a_session(client: GraphQLClient) -> None:
    account = await client.register()
    session = await start_interview(client, account, "BEHAVIORAL", "EASY", "  Product   Manager ")
    assert session["status"] == "ACTIVE"
    assert session["jobTitle"] == "Product Manager"
    assert session["totalQuestions"] == 6 and session["totalResponses"] == 0
    assert session["videoEnabled"] is True and session["audioEnabled"] is True
    fetched = (await client.data(SESSION, {"id": session["id"]}, account.token))["session"]
    assert fetched["liveMetrics"]["currentQuestionNumber"] == 0
    assert fetched["questions"] == [] and fetched["report"] is None


async def test_start_interview_validates_input(client: GraphQLClient) -> None:
    account = await client.register()
    persona = await first_persona_id(client)
    start = "mutation($i: StartInterviewInput!) { startInterview(input: $i) { id } }"
    base = {"personaId": persona, "jobTitle": "Engineer", "interviewType": "TECHNICAL", "difficulty": "HARD"}
    for bad in (
        {"jobTitle": ""},
        {"jobTitle": "x" * 201},
        {"personaId": "nope"},
        {"personaId": "00000000-0000-0000-0000-000000000000"},
    ):
        body = await client.execute(start, {"i": base | bad}, account.token)
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", bad
        assert "Traceback" not in body["errors"][0]["message"]
    assert (
        await client.error_code(start, {"i": base | {"difficulty": "IMPOSSIBLE"}}, account.token)
        == "BAD_USER_INPUT"
    )
    assert (await client.data("{ sessions { totalCount } }", token=account.token))["sessions"][
        "totalCount"
    ] == 0


async def test_initial_question_is_stored_and_idempotent(client: GraphQLClient) -> None:
    account = await client.register()
    session = await start_interview(client, account, "SYSTEM_DESIGN", "MEDIUM", "Senior Backend Engineer")
    first = (await client.data(INITIAL, {"id": session["id"]}, account.token))["initialQuestion"]
    question = first["question"]
    assert question["sequenceNumber"] == 1 and len(question["questionText"]) > 20
    assert question["questionType"] in ("TECHNICAL", "BEHAVIORAL") and question["isFollowUp"] is False
    assert question["generatedByModel"]
    assert first["audio"] is None or first["audio"]["durationMs"] > 0
    again = (await client.data(INITIAL, {"id": session["id"]}, account.token))["initialQuestion"]
    assert again["question"]["id"] == question["id"]
    assert await Question.count().where(Question.session == session["id"]) == 1
    fetched = (await client.data(SESSION, {"id": session["id"]}, account.token))["session"]
    assert fetched["questions"][0]["questionText"] == question["questionText"]
    assert fetched["transcripts"][0]["speaker"] == "AI"
    assert fetched["transcripts"][0]["speakerName"] == fetched["persona"]["name"]
    assert fetched["liveMetrics"]["currentQuestionNumber"] == 1


async def test_initial_question_racing_calls_store_one_question(client: GraphQLClient) -> None:
    account = await client.register()
    session = await start_interview(client, account)
    results = await asyncio.gather(
        *(client.data(INITIAL, {"id": session["id"]}, account.token) for _ in range(3))
    )
    assert len({r["initialQuestion"]["question"]["id"] for r in results}) == 1
    assert await Transcript.count().where(Transcript.session == session["id"]) == 1


async def test_lifecycle_transitions(client: GraphQLClient) -> None:
    account = await client.register()
    session = await start_interview(client, account)
    sid = {"id": session["id"]}

    async def call(name: str) -> dict:
        body = await client.execute(
            f"mutation($id: ID!) {{ {name}(sessionId: $id) {{ status endTime }} }}", sid, account.token
        )
        return body

    assert (await call("resumeInterview"))["errors"][0]["extensions"]["code"] == "CONFLICT"
    assert (await call("pauseInterview"))["data"]["pauseInterview"]["status"] == "PAUSED"
    paused = await call("pauseInterview")
    assert paused["errors"][0]["extensions"]["code"] == "CONFLICT"
    assert "PAUSED" in paused["errors"][0]["message"]
    assert await client.error_code(INITIAL, sid, account.token) == "CONFLICT"
    assert (await call("resumeInterview"))["data"]["resumeInterview"]["status"] == "ACTIVE"
    cancelled = (await call("cancelInterview"))["data"]["cancelInterview"]
    assert cancelled["status"] == "CANCELLED" and cancelled["endTime"] is not None
    for name in ("pauseInterview", "resumeInterview", "cancelInterview"):
        assert (await call(name))["errors"][0]["extensions"]["code"] == "CONFLICT"
    assert await client.error_code(INITIAL, sid, account.token) == "CONFLICT"


async def test_other_users_sessions_are_not_found(client: GraphQLClient) -> None:
    alice, bob = await client.register("Alice"), await client.register("Bob")
    session = await start_interview(client, alice)
    sid = {"id": session["id"]}
    assert await client.error_code(SESSION, sid, bob.token) == "NOT_FOUND"
    assert await client.error_code(INITIAL, sid, bob.token) == "NOT_FOUND"
    assert (
        await client.error_code(
            "query($id: ID!) { liveMetrics(sessionId: $id) { sessionId } }", sid, bob.token
        )
        == "NOT_FOUND"
    )
    for name in ("pauseInterview", "resumeInterview", "cancelInterview"):
        assert (
            await client.error_code(
                f"mutation($id: ID!) {{ {name}(sessionId: $id) {{ id }} }}", sid, bob.token
            )
            == "NOT_FOUND"
        )
    assert (await client.data("{ sessions { totalCount edges { node { id } } } }", token=bob.token))[
        "sessions"
    ] == {"totalCount": 0, "edges": []}
    assert await client.error_code(SESSION, {"id": "not-a-uuid"}, alice.token) == "NOT_FOUND"


async def test_sessions_connection_pages_and_filters(client: GraphQLClient) -> None:
    account = await client.register()
    created = []
    for kind in ("TECHNICAL", "BEHAVIORAL", "TECHNICAL", "SYSTEM_DESIGN", "TECHNICAL"):
        created.append((await start_interview(client, account, kind))["id"])
    query = """query($first: Int, $after: String, $status: SessionStatus, $type: InterviewType) {
      sessions(first: $first, after: $after, status: $status, interviewType: $type) {
        totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id interviewType status } } } }"""
    seen: list[str] = []
    after = None
    while True:
        page = (await client.data(query, {"first": 2, "after": after}, account.token))["sessions"]
        assert page["totalCount"] == 5
        seen += [e["node"]["id"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == list(reversed(created)), "newest first, each once"
    technical = (await client.data(query, {"type": "TECHNICAL"}, account.token))["sessions"]
    assert technical["totalCount"] == 3
    await client.data(
        "mutation($id: ID!) { cancelInterview(sessionId: $id) { id } }", {"id": created[0]}, account.token
    )
    cancelled = (await client.data(query, {"status": "CANCELLED"}, account.token))["sessions"]
    assert [e["node"]["id"] for e in cancelled["edges"]] == [created[0]]
    assert await client.error_code(query, {"first": 1000}, account.token) == "BAD_USER_INPUT"
    assert await client.error_code(query, {"after": "garbage!"}, account.token) == "BAD_USER_INPUT"


async def test_live_metrics_query(client: GraphQLClient) -> None:
    account = await client.register()
    session = await start_interview(client, account)
    metrics = (
        await client.data(
            "query($id: ID!) { liveMetrics(sessionId: $id) { sessionId questionsCompleted } }",
            {"id": session["id"]},
            account.token,
        )
    )["liveMetrics"]
    assert metrics == {"sessionId": session["id"], "questionsCompleted": 0}


async def test_the_first_question_is_stored_apart_from_the_greeting(client: GraphQLClient) -> None:
    account = await client.register()
    session = await start_interview(client, account, "BEHAVIORAL", "EASY", "Backend Engineer")
    query = """mutation($id: ID!) { initialQuestion(sessionId: $id) { question { questionText leadIn } } }"""
    question = (await client.data(query, {"id": session["id"]}, account.token))["initialQuestion"]["question"]
    fetched = (await client.data(SESSION, {"id": session["id"]}, account.token))["session"]
    name = fetched["persona"]["name"]
    # The greeting names the persona and is the lead-in; the question itself does not carry it.
    assert name in question["leadIn"] and name not in question["questionText"]
    assert "Backend Engineer" not in question["questionText"]
    # The interviewer still said both: the conversation's transcript is the whole spoken text.
    assert fetched["transcripts"][0]["text"] == f"{question['leadIn']} {question['questionText']}"
