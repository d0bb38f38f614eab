"""The per-request DataLoaders."""

from __future__ import annotations

import pytest
from interview.graphql.loaders import Loaders, _KnownRowsCache, fetched, prime
from strawberry.dataloader import DataLoader
from strawberry.exceptions import WrongNumberOfResultsReturned


def test_loaders_are_made_on_first_use_and_then_kept() -> None:
    """A websocket's context holds its Loaders for hours: idle ones must cost nothing."""
    loaders = Loaders()
    assert vars(loaders) == {}
    persona = loaders.persona
    assert isinstance(persona, DataLoader)
    assert loaders.persona is persona
    assert set(vars(loaders)) == {"persona"}
    assert Loaders().persona is not persona  # nothing shared between requests


class Squares:
    """A load function that records its calls (a DataLoader's, with no database behind it)."""

    def __init__(self) -> None:
        self.calls: list[list[int]] = []

    async def __call__(self, keys: list[int]) -> list[int | BaseException]:
        self.calls.append(list(keys))
        return [ValueError(f"no {key}") if key < 0 else key * key for key in keys]


async def test_fetched_gives_what_load_many_gives() -> None:
    keys = [3, 1, 3, 2, 1]
    stock = await DataLoader(Squares()).load_many(keys)
    squares = Squares()
    assert await fetched(DataLoader(squares), keys) == stock == [9, 1, 9, 4, 1]
    assert squares.calls == [[3, 1, 2]]  # one call, each key once


async def test_fetched_primes_the_cache_and_uses_it() -> None:
    squares = Squares()
    loader = DataLoader(squares)
    assert await loader.load(5) == 25
    pending = loader.load(6)  # asked for by another field, not dispatched yet
    assert await fetched(loader, [4, 5, 6]) == [16, 25, 36]
    assert await pending == 36
    assert await loader.load(4) == 16 and await loader.load_many([4, 5, 6]) == [16, 25, 36]
    assert squares.calls == [[5], [6], [4]]
    assert await fetched(loader, []) == []
    assert squares.calls == [[5], [6], [4]]


async def test_fetched_reports_failures_as_load_many_does() -> None:
    with pytest.raises(ValueError, match="no -1"):
        await DataLoader(Squares()).load_many([2, -1])
    with pytest.raises(ValueError, match="no -1"):
        await fetched(DataLoader(Squares()), [2, -1])

    async def short(keys: list[int]) -> list[int]:
        return [1]

    with pytest.raises(WrongNumberOfResultsReturned):
        await DataLoader(short).load_many([1, 2])
    with pytest.raises(WrongNumberOfResultsReturned):
        await fetched(DataLoader(short), [1, 2])


async def test_fetched_without_a_cache_loads_every_time() -> None:
    squares = Squares()
    loader = DataLoader(squares, cache=False)
    assert await fetched(loader, [2, 3]) == [4, 9]
    assert await fetched(loader, [2]) == [4]
    assert squares.calls == [[2, 3], [2]]


def _loader(squares: Squares) -> DataLoader[int, int]:
    """A DataLoader like the Loaders' own: with their cache of rows known beforehand."""
    return DataLoader(squares, cache_map=_KnownRowsCache())


async def test_primed_values_are_served_without_loading() -> None:
    squares = Squares()
    loader = _loader(squares)
    prime(loader, {2: 40, 3: 90})
    assert await loader.load(2) == 40 and await loader.load_many([3, 4]) == [90, 16]
    assert squares.calls == [[4]]
    assert await fetched(loader, [2, 3, 4, 5]) == [40, 90, 16, 25]
    assert squares.calls == [[4], [5]]


async def test_priming_keeps_what_is_cached_or_known_already() -> None:
    squares = Squares()
    loader = _loader(squares)
    assert await loader.load(2) == 4
    prime(loader, {2: 40, 3: 90})
    prime(loader, {3: 900})
    assert await loader.load_many([2, 3]) == [4, 90]  # as prime_many: the first value stays
    loader.clear(3)
    assert await loader.load(3) == 9
    loader.clear_all()
    prime(loader, {2: 40})
    assert await loader.load(2) == 40 and squares.calls == [[2], [3]]


async def test_priming_answers_a_load_waiting_for_its_batch() -> None:
    """A key already waiting in a batch not yet sent is answered by the primed value, and left out
    of the batch, as prime_many does."""
    squares = Squares()
    loader = _loader(squares)
    waiting = loader.load_many([2, 3])
    prime(loader, {2: 40})
    assert await waiting == [40, 9]
    assert squares.calls == [[3]]
