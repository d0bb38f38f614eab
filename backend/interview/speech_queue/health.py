"""How the speech queue is doing: jobs waiting and running, and the workers alive."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import RedisError, ResponseError

from interview.speech_queue.broker import GROUP, STREAM, WORKER_KEY_PREFIX
from interview.speech_queue.metrics import QUEUE_RUNNING, QUEUE_WAITING, WORKERS_LIVE


@dataclass(frozen=True)
class QueueHealth:
    answers: bool
    """Whether the queue's Redis answered."""
    waiting: int = 0
    """Jobs in the stream not yet delivered to any worker (the group's lag)."""
    running: int = 0
    """Jobs delivered and not acknowledged yet."""
    workers: list[dict[str, Any]] = field(default_factory=list)
    """Each live worker's heartbeat: name, host, pid, concurrency, jobs done."""

    @property
    def depth(self) -> int:
        return self.waiting + self.running

    def as_json(self) -> dict[str, Any]:
        return {
            "answers": self.answers,
            "depth": self.depth,
            "waiting": self.waiting,
            "running": self.running,
            "workers": len(self.workers),
        }

    def __str__(self) -> str:
        if not self.answers:
            return "DOES NOT ANSWER"
        names = ", ".join(f"{w.get('name')} ({w.get('concurrency')} at once)" for w in self.workers)
        return (
            f"{self.waiting} waiting, {self.running} running, "
            f"{len(self.workers)} live worker(s){': ' + names if names else ''}"
        )


async def queue_jobs(redis: Redis) -> tuple[int, int]:
    """Jobs waiting (not delivered to any worker yet) and running (delivered, not acknowledged).

    RedisError or OSError when Redis does not answer.
    """
    try:
        for group in await redis.xinfo_groups(STREAM):
            if _text(group.get("name")) == GROUP:
                return int(group.get("lag") or 0), int(group.get("pending") or 0)
    except ResponseError:
        pass  # no stream yet: no job was ever sent
    return 0, 0


async def queue_health(redis: Redis) -> QueueHealth:
    """Read the consumer group and the heartbeats; also sets the /metrics gauges."""
    try:
        waiting, running = await queue_jobs(redis)
        workers = []
        async for key in redis.scan_iter(match=f"{WORKER_KEY_PREFIX}*", count=100):
            beat = await redis.get(key)
            if beat is not None:
                workers.append(json.loads(beat))
    except (RedisError, OSError):
        return QueueHealth(answers=False)
    QUEUE_WAITING.set(waiting)
    QUEUE_RUNNING.set(running)
    WORKERS_LIVE.set(len(workers))
    return QueueHealth(True, waiting, running, sorted(workers, key=lambda w: str(w.get("name"))))


def _text(value: object) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)
