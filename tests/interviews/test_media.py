"""Signing media URLs: lifetime, expiry, scope and what a token carries."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from interview.interviews.media import OWNER, Grant, media_path
from interview.settings import Settings

SECRET = "a-secret-for-media-url-tests"
HOUR = 3600


def _claims(path: str) -> dict[str, object]:
    payload = path.removeprefix("/media/").split(".")[1]
    decoded: dict[str, object] = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    return decoded


def test_a_url_lives_at_least_its_ttl_and_is_stable_for_a_few_minutes() -> None:
    now = datetime(2026, 12, 3, 12, 0, 1, tzinfo=UTC)
    object_id = uuid.uuid4()
    path = media_path("answer", object_id, OWNER, SECRET, 2 * HOUR, now=now)
    assert path is not None
    expires = int(str(_claims(path)["exp"]))
    assert 2 * HOUR <= expires - now.timestamp() <= 2 * HOUR + 300
    # read again a minute later: the same URL, so a player is not reloaded for nothing
    assert media_path("answer", object_id, OWNER, SECRET, 2 * HOUR, now=now + timedelta(minutes=1)) == path
    # the owner's URL names no user and no share token
    assert set(_claims(path)) == {"aud", "exp", "k", "id"}


def test_a_share_links_url_carries_only_a_hash_of_the_link() -> None:
    token = "share-token-" + uuid.uuid4().hex
    path = media_path("report", uuid.uuid4(), Grant(share_token=token), SECRET, HOUR)
    assert path is not None and token not in path
    assert "s" in _claims(path)


def test_a_share_link_never_gets_the_candidates_voice() -> None:
    assert media_path("answer", uuid.uuid4(), Grant(share_token="t"), SECRET, HOUR) is None


def test_an_unknown_kind_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown media kind"):
        media_path("hologram", uuid.uuid4(), OWNER, SECRET, HOUR)


def test_the_lifetime_setting_keeps_the_contracts_hour() -> None:
    assert Settings(_env_file=None).media_url_ttl_seconds == 2 * HOUR
    with pytest.raises(ValueError, match="greater than or equal to 3600"):
        Settings(_env_file=None, media_url_ttl_seconds=600)
