"""Share links (create, reuse, revoke, renew) and the downloadable PDF report."""

from __future__ import annotations

import re
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
            transcripts { speaker text audioUrl feedback { overallScore } }
            report { downloadUrl } }
} }"""
OWNER_REPORT = "query($id: ID!) { report(id: $id) { downloadUrl } }"


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
    assert "/media/" in shared["downloadUrl"] and link["token"] not in shared["downloadUrl"]
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


def _path(url: str) -> str:
    assert url.startswith("http") and "/media/" in url, url
    return "/media/" + url.split("/media/", 1)[1]


async def test_the_owners_download_url_works_without_headers(client: GraphQLClient) -> None:
    owner = await client.register()
    report = await _ended(client, owner)
    response = await client.http.get(_path(report["downloadUrl"]))  # no Authorization header
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
    assert "behavioral 5.0" not in page  # stored, but it does not count in a technical interview
    # the same URL from a later read: the owner's URLs do not depend on any share link
    again = (await client.data(OWNER_REPORT, {"id": report["id"]}, owner.token))["report"]
    assert (await client.http.get(_path(again["downloadUrl"]))).status_code == 200


async def test_a_share_links_urls_are_scoped_to_the_link(client: GraphQLClient) -> None:
    owner = await client.register()
    report = await _ended(client, owner)
    link = (await client.data(SHARE, {"id": report["id"], "on": True}, owner.token))["shareReport"]
    shared = (await client.data(BY_TOKEN, {"t": link["token"]}))["reportByShareToken"]
    # the link shows the report to read, not the candidate's recordings
    assert all(t["audioUrl"] is None for t in shared["session"]["transcripts"])
    urls = [shared["downloadUrl"], shared["session"]["report"]["downloadUrl"]]
    for url in urls:
        response = await client.http.get(_path(url))
        assert response.status_code == 200 and "Data Engineer" in _pdf_text(response.content)

    # renewing the link (off, then on) ends the old link's URLs, not the owner's
    await client.data(SHARE, {"id": report["id"], "on": False}, owner.token)
    for url in urls:
        denied = await client.http.get(_path(url))
        assert (denied.status_code, denied.content) == (404, b"")
    renewed = (await client.data(SHARE, {"id": report["id"], "on": True}, owner.token))["shareReport"]
    for url in urls:
        assert (await client.http.get(_path(url))).status_code == 404
    fresh = (await client.data(BY_TOKEN, {"t": renewed["token"]}))["reportByShareToken"]["downloadUrl"]
    assert (await client.http.get(_path(fresh))).status_code == 200
    assert (await client.http.get(_path(report["downloadUrl"]))).status_code == 200


async def test_a_share_links_pdf_speaks_of_the_candidate(client: GraphQLClient) -> None:
    owner = await client.register()
    report = await _ended(client, owner)
    link = (await client.data(SHARE, {"id": report["id"], "on": True}, owner.token))["shareReport"]
    shared_url = (await client.data(BY_TOKEN, {"t": link["token"]}))["reportByShareToken"]["downloadUrl"]
    own = _pdf_text((await client.http.get(_path(report["downloadUrl"]))).content)
    shared = _pdf_text((await client.http.get(_path(shared_url))).content)
    assert "You answered 1 of 2 questions" in own
    assert "The candidate answered 1 of 2 questions" in shared
    # Outside the questions asked and the answers quoted, no one is addressed as "you".
    written = shared.split("Question by question")[0]
    assert not re.search(r"\byou(r|rself)?\b", written, re.IGNORECASE), written
    assert "<script>alert('x')</script> & measured it." in shared  # the answer, as said
