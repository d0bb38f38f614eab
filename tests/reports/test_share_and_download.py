"""Share links (create, reuse, revoke, renew) and the downloadable PDF report."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from interview.db.tables import Report
from pypdf import PdfReader

from tests.graphql_client import Account, GraphQLClient
from tests.reports.factories import SKIPPED, Answer, stored_interview

END = "mutation($id: ID!) { endInterview(sessionId: $id) { id downloadUrl } }"
SHARE = (
    "mutation($id: ID!, $on: Boolean!) { shareReport(reportId: $id, enabled: $on) { token url createdAt } }"
)
BY_TOKEN = """query($t: String!) { reportByShareToken(token: $t) {
  id overallScore downloadUrl strengths
  session { id jobTitle status persona { name } questions { questionText }
            transcripts { speaker text feedback { overallScore } } }
} }"""


def _pdf_text(data: bytes) -> str:
    """The PDF's text as a reader extracts it, lines joined (long answers wrap)."""
    pages = PdfReader(BytesIO(data)).pages
    return " ".join(" ".join(page.extract_text().split()) for page in pages)


async def _ended(
    client: GraphQLClient, account: Account, answers: list[Answer] | None = None
) -> dict[str, Any]:
    stored = await stored_interview(
        account.user_id,
        answers or [Answer(text="I used <script>alert('x')</script> & measured it."), SKIPPED],
        job_title="Data Engineer",
    )
    report: dict[str, Any] = (await client.data(END, {"id": str(stored.session_id)}, account.token))[
        "endInterview"
    ]
    return report


async def test_share_link_lifecycle(client: GraphQLClient) -> None:
    owner = await client.register()
    report = await _ended(client, owner)
    link = (await client.data(SHARE, {"id": report["id"], "on": True}, owner.token))["shareReport"]
    assert len(link["token"]) >= 32
    assert link["url"].endswith(f"/share/{link['token']}") and link["url"].startswith("http")

    again = (await client.data(SHARE, {"id": report["id"], "on": True}, owner.token))["shareReport"]
    assert again == link

    shared = (await client.data(BY_TOKEN, {"t": link["token"]}))["reportByShareToken"]  # no login
    assert shared["id"] == report["id"]
    assert shared["downloadUrl"].endswith(f"/share/{link['token']}/download")
    session = shared["session"]
    assert session["jobTitle"] == "Data Engineer" and session["status"] == "COMPLETED"
    assert any(t["speaker"] == "USER" for t in session["transcripts"])
    # the share link exposes the interview, never its candidate: there is no path to a user
    body = await client.execute(
        "query($t: String!) { reportByShareToken(token: $t) { session { user { email } } } }",
        {"t": link["token"]},
    )
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert owner.email not in str(shared)

    revoked = await client.data(SHARE, {"id": report["id"], "on": False}, owner.token)
    assert revoked["shareReport"] is None
    assert await client.error_code(BY_TOKEN, {"t": link["token"]}) == "NOT_FOUND"
    stored = await Report.select(Report.share_token).where(Report.id == report["id"]).first()
    assert stored is not None and stored["share_token"] is None

    renewed = (await client.data(SHARE, {"id": report["id"], "on": True}, owner.token))["shareReport"]
    assert renewed["token"] != link["token"]
    assert (await client.data(BY_TOKEN, {"t": renewed["token"]}))["reportByShareToken"]["id"] == report["id"]
    assert await client.error_code(BY_TOKEN, {"t": link["token"]}) == "NOT_FOUND"


async def test_only_the_owner_shares(client: GraphQLClient) -> None:
    owner, stranger = await client.register(), await client.register()
    report = await _ended(client, owner)
    assert await client.error_code(SHARE, {"id": report["id"], "on": True}, stranger.token) == "NOT_FOUND"
    assert await client.error_code(SHARE, {"id": report["id"], "on": True}) == "UNAUTHENTICATED"
    assert await client.error_code(BY_TOKEN, {"t": ""}) == "NOT_FOUND"
    assert await client.error_code(BY_TOKEN, {"t": "not-a-token"}) == "NOT_FOUND"


async def test_download_for_owner_share_holder_and_nobody_else(client: GraphQLClient) -> None:
    owner, stranger = await client.register(), await client.register()
    report = await _ended(client, owner)
    path = f"/reports/{report['id']}/download"
    assert report["downloadUrl"].endswith(path)

    response = await client.http.get(path, headers={"authorization": f"Bearer {owner.token}"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert ".pdf" in response.headers["content-disposition"]
    assert "attachment" in response.headers["content-disposition"]
    assert "no-store" in response.headers["cache-control"]
    page = _pdf_text(response.content)
    assert "Interview report: Data Engineer" in page
    assert "<script>alert('x')</script> & measured it." in page  # user text, verbatim
    assert "Tell me about a system you made faster." in page  # the questions
    assert "Overall" in page and "Technical" in page and "Behavioral" not in page.split("Question by")[0]
    assert "Skipped." in page
    assert "Quantify the result of answer 1." in page  # per-question feedback
    assert "technical 7.0, clarity 6.0, confidence 6.5" in page  # the answer's scores

    for headers in ({}, {"authorization": f"Bearer {stranger.token}"}, {"authorization": "Bearer junk"}):
        denied = await client.http.get(path, headers=headers)
        assert denied.status_code == 404, headers
        assert "Data Engineer" not in denied.text
    assert (await client.http.get("/reports/not-an-id/download")).status_code == 404

    link = (await client.data(SHARE, {"id": report["id"], "on": True}, owner.token))["shareReport"]
    shared = await client.http.get(f"/share/{link['token']}/download")
    assert shared.status_code == 200 and "Data Engineer" in _pdf_text(shared.content)
    await client.data(SHARE, {"id": report["id"], "on": False}, owner.token)
    assert (await client.http.get(f"/share/{link['token']}/download")).status_code == 404
