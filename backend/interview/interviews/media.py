"""Signed media URLs: every stored clip and report download, reachable without headers.

A URL is `/media/<token>`, where the token is a JWT (HS256, a key derived from SECRET_KEY, its
own audience) naming the kind of object, its id, the grant it was issued under and an expiry. It
names nothing guessable and a tampered one fails its signature. Serving it re-checks everything
that can have changed since it was signed, so the answer is the same bodiless 404 when:

- the signature or the expiry is wrong;
- the object is gone (a deleted interview or account);
- it was issued to a share-link reader and that link was revoked or renewed since.

Each kind of object is one entry of `KINDS`: how to fetch it by id (with the session it belongs
to) and whether a share link's reader may have it: the candidate's answers, the interviewer's
questions (interview.interviews.question_audio) and the report's download.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

import jwt

from interview.db.tables import Report

MEDIA_PATH = "/media/"
_AUDIENCE = "interview-media"
_EXPIRY_STEP_SECONDS = 300
"""Expiries are rounded up to this step: a page read twice in a few minutes gets the same URLs,
so the browser does not reload a player whose source merely changed its signature."""
_SHARE_HASH_CHARS = 32


@dataclass(frozen=True)
class Media:
    """A stored object as served: its bytes, type, and the session that owns it."""

    session_id: UUID
    data: bytes
    mime_type: str
    filename: str | None = None
    """Set for a download: served as an attachment with this name."""
    storage_key: str | None = None
    """Set for an object in the media storage (a video): its bytes are read from there, in pieces,
    and `data` is empty."""
    size: int | None = None
    """The stored object's size (with `storage_key`)."""


@dataclass(frozen=True)
class MediaKind:
    fetch: Callable[[UUID], Awaitable[Media | None]]
    """The object by id, or None when there is no such object (any more)."""
    shared: bool
    """Whether a share link's reader may have it (the report, the interviewer's voice: yes; the
    candidate's own voice: no, the link promises the report to read, not the recordings)."""
    shared_if: Callable[[UUID], Awaitable[bool]] | None = None
    """For a kind shared only by the owner's choice (videos): whether the session's live link
    includes it, checked whenever a link's reader asks."""


@dataclass(frozen=True)
class Grant:
    """Under whose authority a URL was issued: the owner's (default) or a share link's."""

    share_token: str | None = None

    @property
    def is_share(self) -> bool:
        return self.share_token is not None


OWNER = Grant()


@functools.cache
def _kinds() -> dict[str, MediaKind]:
    """Every kind of object with a URL: a new stored clip adds its entry here."""
    # Imported on first use: the fetchers' modules import `Media` from this one.
    from interview.interviews.question_audio import question_media
    from interview.interviews.report_download import report_media, shared_report_media
    from interview.interviews.turn.playback import answer_media
    from interview.interviews.video_media import captions_media, share_includes_video, video_media

    return {
        "answer": MediaKind(fetch=answer_media, shared=False),
        "question": MediaKind(fetch=question_media, shared=True),
        "report": MediaKind(fetch=report_media, shared=True),
        "shared-report": MediaKind(fetch=shared_report_media, shared=True),
        "video": MediaKind(fetch=video_media, shared=True, shared_if=share_includes_video),
        "captions": MediaKind(fetch=captions_media, shared=True, shared_if=share_includes_video),
    }


def media_kind(kind: str) -> MediaKind | None:
    return _kinds().get(kind)


@functools.lru_cache(maxsize=4)
def _key(secret_key: str) -> bytes:
    """A key of its own, so a media token can never pass for a login token or the reverse."""
    return hmac.new(secret_key.encode(), b"interview media urls v1", hashlib.sha256).digest()


def _share_hash(share_token: str) -> str:
    return hashlib.sha256(share_token.encode()).hexdigest()[:_SHARE_HASH_CHARS]


def media_path(
    kind: str,
    object_id: UUID | str,
    grant: Grant,
    secret_key: str,
    ttl_seconds: int,
    now: datetime | None = None,
) -> str | None:
    """The signed path (`/media/<token>`) of one object, valid for at least `ttl_seconds`.

    None when the grant may not have this kind (a share link's reader and the candidate's voice).
    """
    described = media_kind(kind)
    if described is None:
        raise ValueError(f"unknown media kind {kind!r}")
    if grant.is_share and not described.shared:
        return None
    issued = (now or datetime.now(UTC)).timestamp()
    expires = math.ceil((issued + ttl_seconds) / _EXPIRY_STEP_SECONDS) * _EXPIRY_STEP_SECONDS
    claims: dict[str, object] = {"aud": _AUDIENCE, "exp": expires, "k": kind, "id": str(object_id)}
    if grant.share_token is not None:
        claims["s"] = _share_hash(grant.share_token)
    return MEDIA_PATH + jwt.encode(claims, _key(secret_key), algorithm="HS256")


async def open_media(token: str, secret_key: str) -> Media | None:
    """The object a signed token names, if the token is valid and its grant still holds; else None."""
    try:
        claims = jwt.decode(
            token,
            _key(secret_key),
            algorithms=["HS256"],
            audience=_AUDIENCE,
            options={"require": ["exp", "aud"]},
        )
        described = media_kind(str(claims["k"]))
        object_id = UUID(str(claims["id"]))
        share_hash = claims.get("s")
    except (jwt.PyJWTError, KeyError, ValueError):
        return None
    if described is None or (share_hash is not None and not described.shared):
        return None
    media = await described.fetch(object_id)
    if media is None:
        return None
    if share_hash is not None:
        if not await _share_still_live(media.session_id, str(share_hash)):
            return None
        if described.shared_if is not None and not await described.shared_if(media.session_id):
            return None
    return media


async def _share_still_live(session_id: UUID, share_hash: str) -> bool:
    """True while the session's report is shared by the very link the URL was issued under."""
    row = await Report.select(Report.share_token).where(Report.session == session_id).first()
    if row is None or row["share_token"] is None:
        return False
    # The column holds the sha256 of the link's token (share tokens are hashed at rest).
    return hmac.compare_digest(str(row["share_token"])[:_SHARE_HASH_CHARS], share_hash)
