"""Prometheus metrics: GraphQL requests and latency by operation, errors by code."""

from __future__ import annotations

import time
from collections.abc import Iterator

from prometheus_client import CollectorRegistry, Counter, Histogram
from strawberry.extensions import SchemaExtension

REGISTRY = CollectorRegistry(auto_describe=True)

GRAPHQL_REQUESTS = Counter(
    "graphql_requests_total", "GraphQL operations executed", ["operation", "type"], registry=REGISTRY
)
GRAPHQL_LATENCY = Histogram(
    "graphql_request_duration_seconds",
    "Time to execute a GraphQL operation",
    ["operation"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
    registry=REGISTRY,
)
GRAPHQL_ERRORS = Counter(
    "graphql_errors_total", "GraphQL errors returned", ["operation", "code"], registry=REGISTRY
)
HTTP_REQUESTS = Counter("http_requests_total", "HTTP requests", ["path", "status"], registry=REGISTRY)


class OperationMetrics(SchemaExtension):
    """Counts and times every operation; runs after error codes are assigned."""

    def on_operation(self) -> Iterator[None]:
        started = time.perf_counter()
        yield
        context = self.execution_context
        name = context.operation_name or "anonymous"
        try:
            kind = context.operation_type.value
        except Exception:
            kind = "unknown"
        GRAPHQL_REQUESTS.labels(name, kind).inc()
        GRAPHQL_LATENCY.labels(name).observe(time.perf_counter() - started)
        result = context.result
        for error in getattr(result, "errors", None) or []:
            code = (error.extensions or {}).get("code", "INTERNAL")
            GRAPHQL_ERRORS.labels(name, str(code)).inc()
