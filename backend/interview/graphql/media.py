"""Signed URLs for the objects a query returns, under the grant the caller reached them by."""

from __future__ import annotations

from uuid import UUID

from interview.graphql.context import Info
from interview.interviews.media import Grant, media_path


def media_url(info: Info, kind: str, object_id: UUID | str, session_id: UUID) -> str | None:
    """The absolute signed URL of a stored object of `session_id`, or None when the caller may not have it.

    An object of a session this request reached through a share link gets a URL scoped to that
    link (it stops working when the link is revoked), and only for the kinds a link shares; every
    other path to an object went through its owner's check.
    """
    settings = info.context.services.settings
    grant = Grant(share_token=info.context.shared_sessions.get(session_id))
    path = media_path(kind, object_id, grant, settings.resolved_secret_key(), settings.media_url_ttl_seconds)
    return None if path is None else settings.base_url().rstrip("/") + path
