"""deleteInterview and deleteAccount: everything owned goes, in one go, for good; nothing else does."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from interview.db.tables import InterviewSession, User
from interview.interviews.connections import open_connection

from tests.factories import start_interview
from tests.graphql_client import Account, GraphQLClient
from tests.interviews.helpers import interview_with_question, result_of, submit
from tests.owned_rows import owned_rows

DELETE_INTERVIEW = "mutation($s: ID!) { deleteInterview(sessionId: $s) }"
DELETE_ACCOUNT = "mutation($p: String!) { deleteAccount(password: $p) }"
PASSWORD = "correct horse battery"  # tests.graphql_client registers every account with it
END = "mutation($s: ID!) { endInterview(sessionId: $s) { id downloadUrl } }"
SHARE = "mutation($r: ID!) { shareReport(reportId: $r) { token } }"
CREATE_TOKEN = 'mutation($s: [TokenScope!]!) { createApiToken(name: "dashboard", scopes: $s) { token } }'
TRANSCRIPTS = (
    "query($s: ID!) { session(id: $s) { transcripts { id audioUrl } questions { id audio { url } } } }"
)
BY_SHARE = "query($t: String!) { reportByShareToken(token: $t) { id downloadUrl } }"
LOOKUPS = [
    ("query($s: ID!) { session(id: $s) { id } }", "session"),
    ("query($s: ID!) { liveMetrics(sessionId: $s) { sessionId } }", "session"),
    ("query($r: ID!) { report(id: $r) { id } }", "report"),
    ("mutation($s: ID!) { cancelInterview(sessionId: $s) { id } }", "session"),
    ("mutation($s: ID!) { endInterview(sessionId: $s) { id } }", "session"),
    ("mutation($r: ID!) { shareReport(reportId: $r) { token } }", "report"),
    (DELETE_INTERVIEW, "session"),
]


@dataclass
class Everything:
    """An ended, shared interview with a recorded answer, an open connection and API tokens."""

    account: Account
    session_id: str
    report_id: str
    share_token: str
    urls: list[str] = field(default_factory=list)
    """Every signed URL handed out: the answer's and the questions' audio, the owner's and the link's
    downloads."""
    tokens: dict[str, str] = field(default_factory=dict)


async def _everything(client: GraphQLClient, services: Any) -> Everything:
    interview = await interview_with_question(client)
    result_of(await submit(interview, 1))
    token = interview.account.token
    session = (await client.data(TRANSCRIPTS, {"s": interview.session_id}, token))["session"]
    report = (await client.data(END, {"s": interview.session_id}, token))["endInterview"]
    share = (await client.data(SHARE, {"r": report["id"]}, token))["shareReport"]["token"]
    shared = (await client.data(BY_SHARE, {"t": share}))["reportByShareToken"]
    await open_connection(
        UUID(interview.account.user_id), UUID(interview.session_id), "interviewEvents", services.process_id
    )
    everything = Everything(interview.account, interview.session_id, report["id"], share)
    everything.urls = [t["audioUrl"] for t in session["transcripts"] if t["audioUrl"]]
    everything.urls += [q["audio"]["url"] for q in session["questions"] if q["audio"]]
    everything.urls += [report["downloadUrl"], shared["downloadUrl"]]
    assert len(everything.urls) == 5
    for scope in ("INTERVIEW", "REPORTS_READ"):
        created = await client.data(CREATE_TOKEN, {"s": [scope]}, token)
        everything.tokens[scope] = created["createApiToken"]["token"]
    for url in everything.urls:
        assert await _status(client, url) == 200
    return everything


async def _status(client: GraphQLClient, url: str) -> int:
    return (await client.http.get("/media/" + url.split("/media/", 1)[1])).status_code


async def _of_session(session_id: str) -> dict[str, set[Any]]:
    return await owned_rows({InterviewSession: {UUID(session_id)}})


async def _of_user(account: Account) -> dict[str, set[Any]]:
    return await owned_rows({User: {UUID(account.user_id)}})


def _counts(rows: dict[str, set[Any]]) -> dict[str, int]:
    return {table: len(ids) for table, ids in rows.items()}


async def _gone(client: GraphQLClient, everything: Everything, token: str) -> None:
    """Every id of the deleted interview is NOT_FOUND and every URL 404."""
    ids = {"session": everything.session_id, "report": everything.report_id}
    for query, kind in LOOKUPS:
        variables = {"s": ids[kind]} if "$s" in query else {"r": ids[kind]}
        assert await client.error_code(query, variables, token) == "NOT_FOUND", query
    assert await client.error_code(BY_SHARE, {"t": everything.share_token}) == "NOT_FOUND"
    for url in everything.urls:
        assert await _status(client, url) == 404, url


async def test_delete_interview_removes_every_row_and_url_it_owns(
    client: GraphQLClient, services: Any
) -> None:
    everything = await _everything(client, services)
    other = await _everything(client, services)  # another candidate's: must not move
    before = _counts(await _of_session(everything.session_id))
    for table in ("interview_sessions", "questions", "transcripts", "feedback", "live_metrics", "reports"):
        assert before[table] >= 1, table
    assert before["audio_chunks"] >= 1 and before["question_audio"] == 2 and before["connections"] >= 1
    others_before = _counts(await _of_user(other.account))
    account_before = _counts(await _of_user(everything.account))

    token = everything.account.token
    assert (await client.data(DELETE_INTERVIEW, {"s": everything.session_id}, token))[
        "deleteInterview"
    ] is True

    assert _counts(await _of_session(everything.session_id)) == dict.fromkeys(before, 0)
    account_after = _counts(await _of_user(everything.account))
    assert account_after["users"] == 1 and account_after["api_tokens"] == account_before["api_tokens"] == 2
    assert account_after["interview_sessions"] == 0
    await _gone(client, everything, token)
    listed = await client.data("{ sessions { totalCount } reports { totalCount } }", token=token)
    assert listed == {"sessions": {"totalCount": 0}, "reports": {"totalCount": 0}}

    assert _counts(await _of_user(other.account)) == others_before
    for url in other.urls:
        assert await _status(client, url) == 200


async def test_only_the_owner_with_the_interview_scope_deletes(client: GraphQLClient) -> None:
    owner = await client.register("Owner")
    interview = await interview_with_question(client)
    session_id = interview.session_id
    mine = interview.account
    before = _counts(await _of_session(session_id))
    reader = (await client.data(CREATE_TOKEN, {"s": ["REPORTS_READ"]}, mine.token))["createApiToken"]["token"]
    runner = (await client.data(CREATE_TOKEN, {"s": ["INTERVIEW"]}, mine.token))["createApiToken"]["token"]

    assert await client.error_code(DELETE_INTERVIEW, {"s": session_id}, owner.token) == "NOT_FOUND"
    assert await client.error_code(DELETE_INTERVIEW, {"s": session_id}, reader) == "FORBIDDEN"
    assert await client.error_code(DELETE_INTERVIEW, {"s": session_id}) == "UNAUTHENTICATED"
    assert await client.error_code(DELETE_INTERVIEW, {"s": "not-an-id"}, mine.token) == "NOT_FOUND"
    assert _counts(await _of_session(session_id)) == before

    assert (await client.data(DELETE_INTERVIEW, {"s": session_id}, runner))["deleteInterview"] is True
    assert sum(_counts(await _of_session(session_id)).values()) == 0
    assert await client.error_code(DELETE_INTERVIEW, {"s": session_id}, runner) == "NOT_FOUND"


async def test_delete_account_removes_the_user_and_all_their_data(
    client: GraphQLClient, services: Any
) -> None:
    everything = await _everything(client, services)
    account = everything.account
    second_session = (await start_interview(client, account))["id"]  # the same user's second interview
    other = await interview_with_question(client)  # another candidate's: must not move
    others_before = _counts(await _of_user(other.account))
    before = _counts(await _of_user(account))
    assert before["interview_sessions"] == 2 and before["api_tokens"] == 2 and before["audio_chunks"] >= 1

    assert (
        await client.error_code(DELETE_ACCOUNT, {"p": "not my password"}, account.token) == "BAD_USER_INPUT"
    )
    for scope in ("INTERVIEW", "REPORTS_READ"):
        assert (
            await client.error_code(DELETE_ACCOUNT, {"p": PASSWORD}, everything.tokens[scope]) == "FORBIDDEN"
        )
    assert await client.error_code(DELETE_ACCOUNT, {"p": PASSWORD}) == "UNAUTHENTICATED"
    assert _counts(await _of_user(account)) == before

    assert (await client.data(DELETE_ACCOUNT, {"p": PASSWORD}, account.token))["deleteAccount"] is True

    assert _counts(await _of_user(account)) == dict.fromkeys(before, 0)
    assert sum(_counts(await _of_session(second_session)).values()) == 0
    for url in everything.urls:
        assert await _status(client, url) == 404, url
    assert await client.error_code(BY_SHARE, {"t": everything.share_token}) == "NOT_FOUND"
    # every token of the account is dead: the login token and both API tokens
    assert (await client.data("{ me { id } }", token=account.token))["me"] is None
    for token in (account.token, *everything.tokens.values()):
        assert await client.error_code("{ sessions { totalCount } }", token=token) == "UNAUTHENTICATED"
    login = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }"
    assert await client.error_code(login, {"e": account.email, "p": PASSWORD}) == "UNAUTHENTICATED"

    assert _counts(await _of_user(other.account)) == others_before
    assert await client.data("{ sessions { totalCount } }", token=other.account.token) == {
        "sessions": {"totalCount": 1}
    }
