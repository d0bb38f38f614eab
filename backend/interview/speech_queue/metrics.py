"""Prometheus metrics of the speech queue, seen from an API process (exported at /metrics)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

REGISTRY = CollectorRegistry(auto_describe=True)

JOB_SECONDS = Histogram(
    "speech_job_duration_seconds",
    "From sending a speech job to reading its result (queueing included)",
    ["job"],
    buckets=(0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60),
    registry=REGISTRY,
)
JOB_FAILURES = Counter(
    "speech_job_failures_total",
    "Speech jobs that gave no result: timeout (no worker answered), error (the job failed)",
    ["job", "reason"],
    registry=REGISTRY,
)
QUEUE_WAITING = Gauge(
    "speech_queue_waiting", "Speech jobs sent and not yet taken by a worker", registry=REGISTRY
)
QUEUE_RUNNING = Gauge(
    "speech_queue_running",
    "Speech jobs taken by a worker and not yet acknowledged (running, or left by a dead worker)",
    registry=REGISTRY,
)
WORKERS_LIVE = Gauge("speech_workers_live", "Workers whose heartbeat is current", registry=REGISTRY)
