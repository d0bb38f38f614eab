"""Pure-ASGI guards: request bodies over the upload limit are refused before anything parses them;
every response carries the browser security headers."""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodyTooLarge(Exception):
    pass


def _too_large_body(limit: int, upload: bool) -> bytes:
    if upload:
        message = f"The request is larger than {limit:,} bytes (25 MiB); record a shorter answer."
    else:
        message = f"The request is larger than {limit:,} bytes; send a shorter query (audio as an upload)."
    return json.dumps(
        {"data": None, "errors": [{"message": message, "extensions": {"code": "PAYLOAD_TOO_LARGE"}}]}
    ).encode()


class BodySizeLimit:
    """HTTP 413 with a GraphQL error body when Content-Length, or the bytes counted so far, pass the
    limit: `limit` for multipart requests (uploads), `other_limit` for any other body (a JSON query
    and its variables), so a 5 MB query is refused unread instead of being decoded first."""

    def __init__(self, app: ASGIApp, limit: int, other_limit: int | None = None) -> None:
        self.app = app
        self.upload_limit = limit
        self.other_limit = limit if other_limit is None else min(limit, other_limit)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        upload = headers.get(b"content-type", b"").lower().startswith(b"multipart/")
        limit = self.upload_limit if upload else self.other_limit
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await self._refuse(send, limit, upload)
            return
        received = 0
        response_started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal response_started
            if message["type"] == "http.response.start":
                response_started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if not response_started:
                await self._refuse(send, limit, upload)

    async def _refuse(self, send: Send, limit: int, upload: bool) -> None:
        body = _too_large_body(limit, upload)
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; media-src 'self' data: blob:; font-src 'self' data:; "
    "connect-src 'self' ws: wss:; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
"""The SPA's own scripts only (Vite builds no inline script); recorded and spoken audio plays from
blob:/data: URLs; the API and its websocket are same-origin. React sets style attributes, hence
inline styles."""

_SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
]
"""no-referrer: a shared report's URL holds its secret token, which must not leak to other sites."""


class SecurityHeaders:
    """nosniff, no framing and no referrer on every HTTP response; a Content-Security-Policy on all
    but GraphiQL's page (which loads its scripts from a CDN and is off in production)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with_policy = scope.get("path") != "/graphql"

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                headers = list(message.get("headers", []))
                headers += [(name, value) for name, value in _SECURITY_HEADERS if name not in present]
                if with_policy and b"content-security-policy" not in present:
                    headers.append((b"content-security-policy", CONTENT_SECURITY_POLICY.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
