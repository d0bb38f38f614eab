"""The one place that chooses and builds the process's broker."""

from __future__ import annotations

from interview.events.bus import Broker
from interview.events.memory import InMemoryBroker
from interview.events.redis import RedisBroker
from interview.settings import Settings


def build_broker(settings: Settings) -> Broker:
    """Redis when REDIS_URL is set (any number of API processes), else the in-process broker."""
    if settings.redis_url:
        # An operation that publishes must not fail because Redis is briefly away: its state is
        # committed already, and subscribers that missed the event are told to resubscribe.
        return RedisBroker(settings.redis_url, publish_retries=(0.05, 0.25), drop_unpublishable=True)
    return InMemoryBroker()
