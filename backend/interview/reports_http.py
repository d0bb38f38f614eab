"""Files over plain HTTP (not GraphQL): the downloadable report and the candidate's answer audio.

- GET /reports/{reportId}/download with "Authorization: Bearer <token>": the owner (login token,
  or an API token with INTERVIEW or REPORTS_READ).
- GET /share/{token}/download: anyone holding a live share link.
- GET /answers/{transcriptId}/audio with the owner's bearer token: the answer as recorded. Share
  links expose the report only, never the candidate's voice.

Everything else (no token, a bad token, someone else's report or answer, a revoked link, an unknown
id) is the same bodiless 404, so the routes tell a stranger nothing about what exists.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from interview.accounts.principal import Scope
from interview.accounts.service import authenticate
from interview.errors import NotFound
from interview.interviews.report_html import render_report_html
from interview.interviews.report_percentile import percentiles
from interview.interviews.report_queries import owned_report, shared_report
from interview.interviews.turn.playback import owned_answer_audio
from interview.settings import Settings

_NOT_FOUND = "No such report (or the link was revoked)."


def _bearer(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").strip().partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


async def _document(report: dict[str, Any]) -> Response:
    percentile = (await percentiles([report["id"]]))[0]
    day = report["created_at"].date().isoformat()
    return HTMLResponse(
        render_report_html(report, percentile),
        headers={
            "content-disposition": f'attachment; filename="interview-report-{day}.html"',
            # A revoked share link must stop working at once: never cache.
            "cache-control": "private, no-store",
            "x-robots-tag": "noindex",
        },
    )


def report_routes(settings: Settings) -> list[Route]:
    async def owner_download(request: Request) -> Response:
        token = _bearer(request)
        principal = await authenticate(token, settings.resolved_secret_key()) if token else None
        if principal is None or not principal.can(Scope.REPORTS_READ):
            return PlainTextResponse(_NOT_FOUND, status_code=404)
        try:
            report = await owned_report(principal.user_id, request.path_params["report_id"])
        except NotFound:
            return PlainTextResponse(_NOT_FOUND, status_code=404)
        return await _document(report)

    async def shared_download(request: Request) -> Response:
        try:
            report = await shared_report(request.path_params["token"])
        except NotFound:
            return PlainTextResponse(_NOT_FOUND, status_code=404)
        return await _document(report)

    async def answer_audio(request: Request) -> Response:
        token = _bearer(request)
        principal = await authenticate(token, settings.resolved_secret_key()) if token else None
        if principal is None or not principal.can(Scope.REPORTS_READ):
            return Response(status_code=404)
        try:
            audio = await owned_answer_audio(principal.user_id, request.path_params["transcript_id"])
        except NotFound:
            return Response(status_code=404)
        return Response(
            audio.data,
            media_type=audio.mime_type,
            headers={"cache-control": "private, no-store", "x-robots-tag": "noindex"},
        )

    return [
        Route("/reports/{report_id}/download", owner_download, methods=["GET"]),
        Route("/answers/{transcript_id}/audio", answer_audio, methods=["GET"]),
        Route("/share/{token}/download", shared_download, methods=["GET"]),
    ]
