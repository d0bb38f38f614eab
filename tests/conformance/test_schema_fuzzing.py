"""Schema fuzzing: schemathesis sends generated queries and mutations (every root field of Query and
Mutation) to the real server, as user A while user B's interview, report, share link and API token
exist. No answer may be a 5xx, carry an error code outside the contract, show a stack trace, or
show anything of user B's.

Bounded so CI stays within minutes: FUZZ_EXAMPLES per operation, no shrinking, no example database.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from interview.errors import CONTRACT_CODES
from schemathesis.graphql import nodes

from tests.conformance.clients import candidate, graphql
from tests.live.processes import REPO, ApiProcess

pytestmark = pytest.mark.slow

FUZZ_EXAMPLES = 25
"""Per operation: 26 operations x 25 examples take one to two minutes on 2 busy cores."""

# The contract's custom scalars (its header: DateTime is ISO 8601 with a time zone; JSON is any
# JSON value; Upload only arrives as a multipart file, so a generated inline value must be refused
# with a contract code, never crash the server).
schemathesis.graphql.scalar(
    "DateTime",
    st.datetimes(timezones=st.timezones()).map(lambda value: nodes.String(value.isoformat())),
)
schemathesis.graphql.scalar("JSON", st.one_of(st.integers().map(nodes.Int), st.text().map(nodes.String)))
schemathesis.graphql.scalar("Upload", st.one_of(st.just(nodes.Null), st.text(max_size=20).map(nodes.String)))

STACK_TRACE = re.compile(
    r"Traceback \(most recent call last\)|File \"[^\"]+\.py\", line \d+|asyncpg\.|SELECT |psycopg"
)


@dataclass(frozen=True)
class Users:
    token: str
    """User A's login token: every generated operation is sent with it."""
    secrets: frozenset[str]
    """User B's ids, tokens and email: none may appear in any answer to A."""


async def _user_b(server: ApiProcess) -> frozenset[str]:
    b = await candidate(server)
    me = await graphql(server, "{ me { id email } }", {}, b.token)
    await graphql(
        server,
        "mutation($id: ID!) { initialQuestion(sessionId: $id) { question { id } } }",
        {"id": b.session_id},
        b.token,
    )
    questions = await graphql(
        server, "query($id: ID!) { session(id: $id) { questions { id } } }", {"id": b.session_id}, b.token
    )
    report = await graphql(
        server, "mutation($id: ID!) { endInterview(sessionId: $id) { id } }", {"id": b.session_id}, b.token
    )
    report_id = report["endInterview"]["id"]
    share = await graphql(
        server, "mutation($id: ID!) { shareReport(reportId: $id) { token } }", {"id": report_id}, b.token
    )
    api_token = await graphql(
        server,
        'mutation { createApiToken(name: "b", scopes: [REPORTS_READ]) { token apiToken { id } } }',
        {},
        b.token,
    )
    return frozenset(
        {
            me["me"]["id"],
            me["me"]["email"],
            b.session_id,
            b.token,
            report_id,
            share["shareReport"]["token"],
            api_token["createApiToken"]["token"],
            api_token["createApiToken"]["apiToken"]["id"],
            *(question["id"] for question in questions["session"]["questions"]),
        }
    )


@pytest.fixture(scope="session")
async def users(api_server: ApiProcess) -> Users:
    secrets = await _user_b(api_server)
    a = await candidate(api_server)
    return Users(token=a.token, secrets=secrets)


OPERATIONS = [
    result.ok().label
    for result in schemathesis.graphql.from_path(REPO / "schema.graphql").get_all_operations()
]
"""Every root field of Query and Mutation ("Query.session", "Mutation.submitAnswer", ...), read from
the exported schema so that each is a test of its own."""


@pytest.fixture(scope="session")
def live_operations(api_server: ApiProcess) -> dict[str, Any]:
    """The same operations, as the running server describes them (introspection)."""
    schema = schemathesis.graphql.from_url(f"{api_server.http_url}/graphql")
    return {result.ok().label: result.ok() for result in schema.get_all_operations()}


def _error_codes(body: Any) -> Iterator[str | None]:
    for error in body.get("errors") or [] if isinstance(body, dict) else []:
        yield (error.get("extensions") or {}).get("code")


@pytest.mark.parametrize("label", OPERATIONS)
def test_no_crash_no_unknown_code_no_leak(label: str, live_operations: dict[str, Any], users: Users) -> None:
    @given(case=live_operations[label].as_strategy())
    @settings(
        max_examples=FUZZ_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def answers_within_the_contract(case: Any) -> None:
        _check(case, users)

    answers_within_the_contract()


def _check(case: Any, users: Users) -> None:
    response = case.call(headers={"authorization": f"Bearer {users.token}"}, timeout=60)
    text = response.text
    sent = json.dumps(case.body) if getattr(case, "body", None) is not None else str(case)
    assert response.status_code < 500, f"{response.status_code} for {sent}: {text[:500]}"
    assert not STACK_TRACE.search(text), f"a stack trace or SQL for {sent}: {text[:1000]}"
    body = response.json()
    codes = list(_error_codes(body))
    unknown = [code for code in codes if code not in CONTRACT_CODES]
    assert not unknown, f"codes outside the contract {unknown} for {sent}: {text[:500]}"
    # INTERNAL is in the contract, but here it can only mean an unexpected error: the input's fault
    # must have the input's code.
    assert "INTERNAL" not in codes, f"an unexpected error for {sent}: {text[:500]}"
    leaked = [secret for secret in users.secrets if secret in text]
    assert not leaked, f"user B's {leaked} in the answer to user A for {sent}"
