"""The speech queue on Redis: a taskiq stream broker (acknowledged delivery) and result backend.

Both the API processes (which send jobs) and `interview worker` (which runs them) build theirs
here from the settings, so the names agree:

    speech:jobs              the stream of jobs; consumer group `speech-workers`
    speech:result:<job id>   each job's result (JSON), kept SPEECH_JOB_RESULT_TTL_SECONDS
    speech:done              pub/sub: a worker announces each job id whose result it stored
    speech:worker:<name>     each live worker's heartbeat (expires WORKER_TTL_SECONDS after its last)
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncGenerator
from dataclasses import dataclass
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import ResponseError
from redis.exceptions import TimeoutError as RedisTimeoutError
from taskiq import AckableMessage
from taskiq.serializers import JSONSerializer
from taskiq_redis import RedisAsyncResultBackend, RedisStreamBroker

from interview.settings import Settings

STREAM = "speech:jobs"
GROUP = "speech-workers"
RESULT_PREFIX = "speech:result"
DONE_CHANNEL = "speech:done"
WORKER_KEY_PREFIX = "speech:worker:"
WORKER_TTL_SECONDS = 10
"""A worker refreshes its heartbeat every third of this; one not heard of for this long is gone."""
STREAM_MAX_LENGTH = 100_000
"""Jobs kept in the stream (acknowledged ones too, trimmed approximately past this)."""

log = logging.getLogger(__name__)


class ReclaimingStreamBroker(RedisStreamBroker):
    """RedisStreamBroker whose loop also takes over jobs left unacknowledged by a dead worker when
    no new job arrives, and survives a Redis restart.

    taskiq-redis 1.2.4 claims idle pending jobs (XAUTOCLAIM) only after a read that returned new
    jobs, so a job whose worker was killed waits for the next job to be sent; a Redis restart
    without persistence loses the consumer group (NOGROUP). Here every turn of the loop claims,
    and a lost group is declared again (reading the stream from its start).
    """

    async def listen(self) -> AsyncGenerator[AckableMessage, None]:
        async with Redis(connection_pool=self.connection_pool) as redis:
            while True:
                try:
                    fetched = await redis.xreadgroup(
                        self.consumer_group_name,
                        self.consumer_name,
                        {self.queue_name: ">"},
                        block=self.block,
                        count=self.count,
                    )
                    claimed = await redis.xautoclaim(
                        self.queue_name,
                        self.consumer_group_name,
                        self.consumer_name,
                        min_idle_time=self.idle_timeout,
                        count=self.unacknowledged_batch_size,
                    )
                except ResponseError as error:
                    if "NOGROUP" not in str(error):
                        raise
                    log.warning("the speech queue's consumer group is gone (Redis restarted?); declaring it")
                    await self._declare_consumer_group()
                    continue
                except (RedisConnectionError, RedisTimeoutError, OSError) as error:
                    log.warning("the speech queue's Redis does not answer: %s", error)
                    await asyncio.sleep(1)
                    continue
                for message_id, fields in _entries(fetched, claimed):
                    yield AckableMessage(
                        data=fields[b"data"],
                        ack=self._ack_generator(id=message_id.decode(), queue_name=self.queue_name),
                    )


def _entries(fetched: Any, claimed: Any) -> list[tuple[bytes, dict[bytes, bytes]]]:
    """(id, fields) of the jobs read (XREADGROUP) and taken over (XAUTOCLAIM; deleted ones are None)."""
    entries: list[tuple[bytes, dict[bytes, bytes]]] = [
        (message_id, fields) for _stream, messages in fetched or [] for message_id, fields in messages
    ]
    entries += [(message_id, fields) for message_id, fields in claimed[1] if fields]
    return entries


@dataclass
class SpeechQueue:
    """The broker and result backend of one process."""

    broker: ReclaimingStreamBroker
    results: RedisAsyncResultBackend[str]
    redis_url: str

    async def close(self) -> None:
        await self.broker.shutdown()
        await self.results.shutdown()


def build_queue(settings: Settings, *, concurrency: int = 1, consumer_name: str | None = None) -> SpeechQueue:
    """The queue from settings; `concurrency` bounds the jobs a worker takes from the stream at once."""
    assert settings.redis_url is not None, "SPEECH_QUEUE=redis needs REDIS_URL (checked by Settings)"
    results: RedisAsyncResultBackend[str] = RedisAsyncResultBackend(
        settings.redis_url,
        keep_results=True,
        result_ex_time=settings.speech_job_result_ttl_seconds,
        serializer=JSONSerializer(),
        prefix_str=RESULT_PREFIX,
    )
    idle_ms = round(settings.speech_job_redelivery_seconds * 1000)
    broker = ReclaimingStreamBroker(
        settings.redis_url,
        queue_name=STREAM,
        consumer_group_name=GROUP,
        consumer_name=consumer_name,
        consumer_id="0",
        maxlen=STREAM_MAX_LENGTH,
        idle_timeout=idle_ms,
        # Short blocking reads: the loop then also claims dead workers' jobs at least this often.
        xread_block=max(100, min(2000, idle_ms // 2)),
        xread_count=concurrency,
        unacknowledged_batch_size=concurrency,
    ).with_result_backend(results)
    return SpeechQueue(broker=broker, results=results, redis_url=settings.redis_url)
