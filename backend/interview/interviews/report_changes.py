""" "A user's reports changed": one broker channel every API process listens to.

Whatever changes what a dashboard reads about a user's reports (a new report, a share link made,
changed or withdrawn, an interview or the account deleted) publishes the user's id here after its
commit, so that every process drops the answers it cached for that user
(interview.graphql.response_cache). Best effort: a cached answer also expires on its own.
"""

from __future__ import annotations

from uuid import UUID

import structlog

from interview.events.bus import Broker, BrokerError

REPORTS_CHANGED_CHANNEL = "interview:reports-changed"

log = structlog.get_logger(__name__)


async def publish_reports_changed(broker: Broker, user_id: UUID) -> None:
    try:
        await broker.publish(REPORTS_CHANGED_CHANNEL, {"userId": str(user_id)})
    except BrokerError as error:
        log.warning("reports change not broadcast", user_id=str(user_id), error=str(error))
