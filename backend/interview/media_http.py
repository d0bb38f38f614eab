"""GET /media/{token}: stored clips and report downloads by signed URL (interview.interviews.media).

No header is needed (an <audio src> or a plain link works); anything wrong with the URL — a bad
signature, an expiry in the past, an object deleted since, a share link revoked since — is the
same bodiless 404, so the route tells a stranger nothing about what exists. Single byte ranges
are honoured: browsers seek in audio with them, and Safari plays nothing without them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from interview.interviews.media import MEDIA_PATH, Media, open_media
from interview.media_storage.base import MediaStorage
from interview.settings import Settings

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def _byte_range(header: str, size: int) -> tuple[int, int] | None:
    """(first, last) byte of a single satisfiable range; None to send the whole body.

    Raises ValueError for a range that cannot be satisfied (answered with 416).
    """
    match = _RANGE.match(header.strip())
    if match is None:  # no header, several ranges, another unit: the whole body is a valid answer
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # "bytes=-N": the last N bytes
        length = int(last)
        if length == 0:
            raise ValueError("empty suffix range")
        return max(0, size - length), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or end < start:
        raise ValueError("range outside the body")
    return start, end


def _response(media: Media, range_header: str, storage: MediaStorage) -> Response:
    headers = {
        # A deleted object or a revoked link must stop working at once: never cache.
        "cache-control": "private, no-store",
        "x-robots-tag": "noindex",
        "accept-ranges": "bytes",
    }
    if media.filename is not None:
        headers["content-disposition"] = f'attachment; filename="{media.filename}"'
    size = len(media.data) if media.storage_key is None else media.size or 0
    try:
        chosen = _byte_range(range_header, size) if range_header else None
    except ValueError:
        return Response(status_code=416, headers={**headers, "content-range": f"bytes */{size}"})
    if media.storage_key is not None:  # a video: streamed from the storage, never whole in memory
        first, last = chosen or (0, size - 1)
        headers["content-length"] = str(last - first + 1)
        if chosen is not None:
            headers["content-range"] = f"bytes {first}-{last}/{size}"
        return StreamingResponse(
            storage.read(media.storage_key, first, last),
            status_code=206 if chosen is not None else 200,
            media_type=media.mime_type,
            headers=headers,
        )
    if chosen is None:
        return Response(media.data, media_type=media.mime_type, headers=headers)
    start, end = chosen
    headers["content-range"] = f"bytes {start}-{end}/{size}"
    return Response(media.data[start : end + 1], status_code=206, media_type=media.mime_type, headers=headers)


def media_routes(settings: Settings, storage: Callable[[], MediaStorage]) -> list[Route]:
    """`storage`: the process's media storage (opened in the lifespan, so asked for per request)."""

    async def media(request: Request) -> Response:
        found = await open_media(request.path_params["token"], settings.resolved_secret_key())
        if found is None:
            return Response(status_code=404, headers={"cache-control": "no-store"})
        return _response(found, request.headers.get("range", ""), storage())

    return [Route(MEDIA_PATH + "{token}", media, methods=["GET", "HEAD"])]
