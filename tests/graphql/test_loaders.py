"""The per-request DataLoaders."""

from __future__ import annotations

from interview.graphql.loaders import Loaders
from strawberry.dataloader import DataLoader


def test_loaders_are_made_on_first_use_and_then_kept() -> None:
    """A websocket's context holds its Loaders for hours: idle ones must cost nothing."""
    loaders = Loaders()
    assert vars(loaders) == {}
    persona = loaders.persona
    assert isinstance(persona, DataLoader)
    assert loaders.persona is persona
    assert set(vars(loaders)) == {"persona"}
    assert Loaders().persona is not persona  # nothing shared between requests
