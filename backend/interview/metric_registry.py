"""The process's Prometheus registry, apart from the GraphQL extension in metrics.py, so that the
domain can count what it does without importing Strawberry."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter

REGISTRY = CollectorRegistry(auto_describe=True)

SPECULATIVE_REPLIES = Counter(
    "interview_speculative_replies_total",
    "Replies started on the words heard before a pause (issue 19): started, then used or discarded;"
    " skipped: a pause where none started because speech jobs were waiting for a worker",
    ["outcome"],
    registry=REGISTRY,
)
