"""GraphQL over HTTP as its spec says, where Strawberry's view says it differently.

- The answer's media type follows the Accept header: `application/graphql-response+json` when the
  client asks for it (then a request error, one that stops the operation before it runs, is HTTP
  400 without a `data` entry), `application/json` otherwise; a request that accepts neither is 406.
- A mutation sent with GET is 405 with `Allow: POST` (Strawberry says 400).
- A request Strawberry refuses before running it (no query, bad JSON, an unsupported content type)
  gets a JSON body of GraphQL errors coded BAD_USER_INPUT, not a line of plain text.
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.requests import HTTPConnection
from starlette.responses import Response

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
_STREAMS = ("multipart/mixed", "text/event-stream")
"""Subscriptions over HTTP: Strawberry negotiates those itself."""


def response_media_type(accept: str | None) -> str | None:
    """The media type to answer with; None when the client accepts neither JSON type (406).

    No Accept header means application/json, as the spec says for legacy clients.
    """
    if not accept or not accept.strip():
        return JSON
    weights: dict[str, float] = {}
    for part in accept.split(","):
        media_range, *parameters = (item.strip() for item in part.split(";"))
        quality = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0:
            weights[media_range.lower()] = max(quality, weights.get(media_range.lower(), 0.0))
    if any(stream in weights for stream in _STREAMS):
        return JSON
    graphql_response = weights.get(GRAPHQL_RESPONSE, 0.0)
    json = max(weights.get(JSON, 0.0), weights.get("application/*", 0.0), weights.get("*/*", 0.0))
    if graphql_response and graphql_response >= json:
        return GRAPHQL_RESPONSE
    return JSON if json else None


def request_error(
    status: int, message: str, media_type: str, headers: dict[str, str] | None = None
) -> Response:
    """A request refused before any operation ran, as a GraphQL response (errors, no data)."""
    body = {"errors": [{"message": message, "extensions": {"code": "BAD_USER_INPUT"}}]}
    return Response(orjson.dumps(body), status_code=status, media_type=media_type, headers=headers)


def is_request_error(response: Any) -> bool:
    """A GraphQL response of errors raised before execution (parse, validation, variables, limits).

    Those errors have no path; a field error (even one that nulls the whole data) has one.
    """
    if not isinstance(response, dict) or response.get("data") is not None:
        return False
    errors = response.get("errors") or []
    return bool(errors) and all(not error.get("path") for error in errors)


def media_type_of(request: HTTPConnection) -> str:
    """The media type negotiated for this request (set by the view before it runs)."""
    media_type: str = request.scope.get("graphql_media_type", JSON)
    return media_type
