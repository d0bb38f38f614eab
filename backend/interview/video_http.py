"""Answer videos over plain HTTP: the recorder's chunks as raw bodies, then a finish.

    PUT  /uploads/video/{sessionId}/{sequenceNumber}/chunks/{chunkIndex}   body: the chunk's bytes
    POST /uploads/video/{sessionId}/{sequenceNumber}/finish

A video chunk is a few hundred KB every second: the GraphQL multipart route would wrap each in a
multipart body and a GraphQL operation for nothing. The rules are the API's own: the same bearer
tokens (INTERVIEW scope), the same request size limit (HTTP 413 above MAX_UPLOAD_BYTES, from the
app's BodySizeLimit), a per-user request rate (VIDEO_REQUESTS_PER_MINUTE, counted like the GraphQL
rate limit: in Redis across processes, in memory without it), and errors as a JSON body of
GraphQL-style errors with the contract's extensions.code, with the HTTP status that code means.
"""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable

import structlog
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from interview.accounts.principal import Principal, Scope
from interview.accounts.service import authenticate
from interview.errors import AppError, BadUserInput, RateLimited, Unauthenticated
from interview.graphql.rate_limit import RateLimiter
from interview.interviews.video import VideoLimits, finish_video, receive_chunk
from interview.media_storage.base import MediaStorage, StorageError
from interview.settings import Settings

VIDEO_UPLOAD_PATH = "/uploads/video/"

log = structlog.get_logger(__name__)

_STATUS = {
    "UNAUTHENTICATED": 401,
    "FORBIDDEN": 403,
    "NOT_FOUND": 404,
    "BAD_USER_INPUT": 400,
    "CONFLICT": 409,
    "PAYLOAD_TOO_LARGE": 413,
    "RATE_LIMITED": 429,
}


def _error(status: int, message: str, extensions: dict[str, object]) -> JSONResponse:
    return JSONResponse(
        {"data": None, "errors": [{"message": message, "extensions": extensions}]}, status_code=status
    )


async def _principal(request: Request, settings: Settings) -> Principal:
    scheme, _, token = request.headers.get("authorization", "").strip().partition(" ")
    principal = None
    if scheme.lower() == "bearer" and token.strip():
        principal = await authenticate(token.strip(), settings.resolved_secret_key())
    if principal is None:
        raise Unauthenticated("Sign in first: send 'Authorization: Bearer <token>'.")
    principal.require(Scope.INTERVIEW)
    return principal


def _number(request: Request, name: str) -> int:
    raw = request.path_params[name]
    if not raw.isdigit():
        raise BadUserInput(f"{name} must be a whole number.", field=name)
    return int(raw)


def video_routes(
    settings: Settings, storage: Callable[[], MediaStorage], limiter: RateLimiter | None = None
) -> list[Route]:
    limits = VideoLimits(max_bytes=settings.video_max_bytes, max_seconds=settings.video_max_seconds)

    async def caller(request: Request) -> Principal:
        principal = await _principal(request, settings)
        if limiter is not None:
            wait = await limiter.hit(f"video:{principal.user_id}")
            if wait is not None:
                retry_after = max(1, math.ceil(wait))
                raise RateLimited(
                    f"Too many video uploads: try again in {retry_after} s.", retryAfter=retry_after
                )
        return principal

    async def chunk(request: Request) -> JSONResponse:
        principal = await caller(request)
        received = await receive_chunk(
            storage(),
            limits,
            principal.user_id,
            request.path_params["session_id"],
            _number(request, "sequenceNumber"),
            _number(request, "chunkIndex"),
            await request.body(),
        )
        return JSONResponse({"receivedBytes": received})

    async def finish(request: Request) -> JSONResponse:
        principal = await caller(request)
        video = await finish_video(
            storage(),
            limits,
            principal.user_id,
            request.path_params["session_id"],
            _number(request, "sequenceNumber"),
        )
        return JSONResponse(
            {"id": str(video.id), "sizeBytes": video.size_bytes, "durationMs": video.duration_ms}
        )

    def answered(
        handler: Callable[[Request], Awaitable[JSONResponse]],
    ) -> Callable[[Request], Awaitable[JSONResponse]]:
        async def run(request: Request) -> JSONResponse:
            try:
                return await handler(request)
            except AppError as error:
                response = _error(_STATUS.get(error.code, 500), error.message, error.extensions)
                if "retryAfter" in error.extensions:
                    response.headers["retry-after"] = str(error.extensions["retryAfter"])
                return response
            except StorageError as error:
                log.error("video storage failed", error=str(error))
                return _error(503, "The video could not be stored; try again shortly.", {"code": "INTERNAL"})

        return run

    base = VIDEO_UPLOAD_PATH + "{session_id}/{sequenceNumber}"
    return [
        Route(base + "/chunks/{chunkIndex}", answered(chunk), methods=["PUT"]),
        Route(base + "/finish", answered(finish), methods=["POST"]),
    ]
