"""Deleting data (the contract's "Data ownership"): an interview, or a whole account.

Both are one transaction and final: afterwards every id of the deleted data is NOT_FOUND and
every signed URL of it 404 (interview.interviews.media looks the object up on each request).
After the commit, each deleted session's open subscriptions are ended the way any finished
interview ends them: with SessionStatusChanged(CANCELLED), after which interviewEvents and
liveMetrics complete.
"""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

import structlog

from interview.accounts import deletion as account_deletion
from interview.db.tables import InterviewSession
from interview.errors import NotFound
from interview.events.bus import Broker, BrokerError
from interview.interviews.events import SessionStatusChanged, publish
from interview.interviews.lifecycle import parse_id
from interview.interviews.report_changes import publish_reports_changed
from interview.interviews.video import delete_videos
from interview.media_storage.base import MediaStorage, StorageError

log = structlog.get_logger(__name__)


async def delete_interview(user_id: UUID, session_id: str, broker: Broker, storage: MediaStorage) -> None:
    """Remove one of the user's interviews with all it owns; NOT_FOUND for anything else.

    The foreign keys cascade from the session to its questions, answers, audio, feedback, live
    metrics, report (and so its share link), live connections and video rows; the videos'
    objects are then removed from the media storage.
    """
    deleted = (
        await InterviewSession.delete()
        .where((InterviewSession.id == parse_id(session_id)) & (InterviewSession.user == user_id))
        .returning(InterviewSession.id)
    )
    if not deleted:
        raise NotFound(f"No interview with id {session_id}.")
    await publish_reports_changed(broker, user_id)
    await _remove_videos(storage, [deleted[0]["id"]])
    await _end_subscriptions(broker, [deleted[0]["id"]])


async def delete_account(user_id: UUID, password: str, broker: Broker, storage: MediaStorage) -> None:
    """Remove the user and all their data (BAD_USER_INPUT for a wrong password)."""
    session_ids = await account_deletion.delete_account(user_id, password)
    await publish_reports_changed(broker, user_id)
    await _remove_videos(storage, session_ids)
    await _end_subscriptions(broker, session_ids)


async def _remove_videos(storage: MediaStorage, session_ids: list[UUID]) -> None:
    """After the rows' commit: no URL can name the videos any more, whatever happens here.

    A storage failure is logged as an error, not reported as a failed deletion (the data the
    candidate can reach is gone); the objects are under the session's id prefix, found by it.
    """
    try:
        await delete_videos(storage, session_ids)
    except StorageError as error:
        log.error(
            "could not remove the videos of deleted interviews",
            sessions=[str(s) for s in session_ids],
            error=str(error),
        )


async def _end_subscriptions(broker: Broker, session_ids: Iterable[UUID]) -> None:
    """The one place deletion publishes: the final status, so open subscriptions complete.

    The data is gone whatever happens here: a broker failure is logged, not reported as a failed
    deletion (subscribers that missed the event are ended by the broker's own gap handling).
    """
    for session_id in session_ids:
        try:
            await publish(broker, SessionStatusChanged(session_id=session_id, status="CANCELLED"))
        except BrokerError as error:
            log.warning("could not end the subscriptions of a deleted interview", error=str(error))
