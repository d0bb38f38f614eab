"""Per-request DataLoaders: every nested field is batched, so a page costs a constant number of queries."""

from __future__ import annotations

import asyncio
from asyncio import Future
from collections import defaultdict
from collections.abc import Awaitable, Callable, Hashable, Sequence
from functools import cached_property
from typing import Any, TypeVar
from uuid import UUID

from piccolo.columns import Column
from piccolo.table import Table
from strawberry.dataloader import AbstractCache, DataLoader
from strawberry.exceptions import WrongNumberOfResultsReturned

from interview.db.rows import Row, fetch_rows, rows_by_sql
from interview.db.tables import (
    Feedback,
    InterviewSession,
    LiveMetrics,
    Persona,
    Question,
    Report,
    Transcript,
    User,
)
from interview.interviews.question_audio import question_clip_bytes, question_clips
from interview.interviews.report_percentile import percentiles
from interview.interviews.turn.playback import turns_with_audio
from interview.interviews.video_media import videos_of_turns

K = TypeVar("K", bound=Hashable)
T = TypeVar("T")


async def fetched(loader: DataLoader[K, T], keys: Sequence[K]) -> list[T]:
    """What `loader.load_many(keys)` gives, for a whole page at once.

    load_many makes a future and a batch entry per key and waits for the loader's next dispatch;
    for the 50 keys of a page that bookkeeping costs more than reading the rows. Here the keys the
    loader has not seen go to its load function in one call, and the values are primed into its
    cache, so a later `load` of any of them (deeper in the query) is answered from there.
    """
    if not loader.cache:
        return await loader.load_many(keys)
    cached: dict[K, T] = {}
    missing: dict[K, None] = {}
    for key in keys:
        if key in cached or key in missing:
            continue
        future = loader.cache_map.get(key)
        if future is None or future.cancelled():
            missing[key] = None
        else:
            cached[key] = await future  # a pending load of another field: it is shared
    if missing:
        values = list(await loader.load_fn(list(missing)))
        if len(values) != len(missing):
            raise WrongNumberOfResultsReturned(expected=len(missing), received=len(values))
        new: dict[K, T] = {}
        for key, value in zip(missing, values, strict=True):
            if isinstance(value, BaseException):
                raise value  # as load would: the loader reports a failure per key
            new[key] = value
        prime(loader, new)
        cached |= new
    return [cached[key] for key in keys]


class _KnownRowsCache(AbstractCache[K, T]):
    """A DataLoader cache that also holds values known beforehand (see `prime`).

    DataLoader.prime_many makes a resolved Future for every key at once; a page reads about 150
    rows along with its reports and most are never asked for again, so here a known value becomes
    a Future only when a load asks for its key.
    """

    def __init__(self) -> None:
        self.futures: dict[K, Future[T]] = {}
        self.known: dict[K, T] = {}

    def get(self, key: K) -> Future[T] | None:
        future = self.futures.get(key)
        if future is None and key in self.known:
            future = asyncio.get_running_loop().create_future()
            future.set_result(self.known[key])
            self.futures[key] = future
        return future

    def set(self, key: K, value: Future[T]) -> None:
        self.futures[key] = value

    def delete(self, key: K) -> None:
        self.futures.pop(key, None)
        self.known.pop(key, None)

    def clear(self) -> None:
        self.futures.clear()
        self.known.clear()


def prime(loader: DataLoader[K, T], values: dict[K, T]) -> None:
    """What `loader.prime_many(values)` does (values already cached or loading are kept), without
    making a Future per key unless some load asks for it."""
    cache = loader.cache_map
    batch = loader.batch
    if not isinstance(cache, _KnownRowsCache) or (batch is not None and not batch.dispatched):
        loader.prime_many(values)  # a batch waiting to be sent is told of them there
        return
    cache.known = values | cache.known


def _one_by(table: type[Table], column: Column) -> Callable[[Sequence[UUID]], Awaitable[list[Row | None]]]:
    sql = rows_by_sql(table, column)

    async def load(keys: Sequence[UUID]) -> list[Row | None]:
        rows = await fetch_rows(table, sql, list(keys))
        by_key = {row[column._meta.name]: row for row in rows}
        return [by_key.get(key) for key in keys]

    return load


def _many_by(
    table: type[Table], column: Column, *order: Column
) -> Callable[[Sequence[UUID]], Awaitable[list[list[Row]]]]:
    async def load(keys: Sequence[UUID]) -> list[list[Row]]:
        query = table.select().where(column.is_in(list(keys)))
        for order_column in order:
            query = query.order_by(order_column)
        grouped: dict[UUID, list[Row]] = defaultdict(list)
        for row in await query:
            grouped[row[column._meta.name]].append(row)
        return [grouped.get(key, []) for key in keys]

    return load


async def _report_json(keys: Sequence[UUID]) -> list[Any]:
    """The (large) report_json column of reports listed without it."""
    rows = await Report.select(Report.id, Report.report_json).where(Report.id.is_in(list(keys)))
    by_id = {row["id"]: row["report_json"] for row in rows}
    return [by_id.get(key) for key in keys]


def _made_on_first_use(
    load: Callable[[list[K]], Awaitable[Sequence[T]]],
) -> cached_property[DataLoader[K, T]]:
    """A Loaders attribute: a DataLoader over `load`, made when first read (see Loaders)."""

    def make(_: Loaders) -> DataLoader[K, T]:
        return DataLoader(load, cache_map=_KnownRowsCache())

    return cached_property(make)


class Loaders:
    """Created fresh for every request, so nothing is cached across requests.

    Each loader is made on first use: a websocket keeps its context (and so its Loaders) open for
    as long as it lives, and most subscriptions never load anything; at thousands of open sockets
    twelve idle loaders each were a sixth of a subscriber's objects (bench/fanout.py).
    """

    user = _made_on_first_use(_one_by(User, User.id))
    persona = _made_on_first_use(_one_by(Persona, Persona.id))
    session = _made_on_first_use(_one_by(InterviewSession, InterviewSession.id))
    transcript = _made_on_first_use(_one_by(Transcript, Transcript.id))
    feedback_by_transcript = _made_on_first_use(_one_by(Feedback, Feedback.transcript))
    live_metrics_by_session = _made_on_first_use(_one_by(LiveMetrics, LiveMetrics.session))
    report_by_session = _made_on_first_use(_one_by(Report, Report.session))
    questions_by_session = _made_on_first_use(_many_by(Question, Question.session, Question.sequence_number))
    transcripts_by_session = _made_on_first_use(
        _many_by(Transcript, Transcript.session, Transcript.sequence_number, Transcript.timestamp)
    )
    report_json = _made_on_first_use(_report_json)
    percentile = _made_on_first_use(percentiles)
    """A report's percentile rank, computed when read for a whole page at once."""
    has_answer_audio = _made_on_first_use(turns_with_audio)
    """Whether audio is stored for a (session id, sequence number) turn."""
    question_clip = _made_on_first_use(question_clips)
    """What is stored about a question's clip (by question id), without the clip's bytes."""
    question_clip_data = _made_on_first_use(question_clip_bytes)
    """The bytes of a question's clip, read only when a query asks for them (SpeechAudio.base64)."""
    answer_video = _made_on_first_use(videos_of_turns)
    """The published video row of a (session id, sequence number) turn, or None."""
