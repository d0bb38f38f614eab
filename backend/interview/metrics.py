"""Prometheus metrics: GraphQL requests and latency by operation, errors by code.

Labels come from a bounded set: an operation is named by its type and first root field as the
schema knows them (`query.reports`), never by the client-chosen operation name, which would give
any caller an unbounded number of time series. /metrics itself is restricted (`metrics_allowed`).
"""

from __future__ import annotations

import hmac
import time
from collections.abc import Iterator

from graphql import FieldNode, OperationDefinitionNode
from prometheus_client import Counter, Histogram
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionContext

from interview.metric_registry import REGISTRY as REGISTRY
from interview.settings import Settings

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
        try:
            kind = context.operation_type.value
        except Exception:
            kind = "unknown"
        name = operation_label(context, kind)
        GRAPHQL_REQUESTS.labels(name, kind).inc()
        GRAPHQL_LATENCY.labels(name).observe(time.perf_counter() - started)
        result = context.result
        for error in getattr(result, "errors", None) or []:
            code = (error.extensions or {}).get("code", "INTERNAL")
            GRAPHQL_ERRORS.labels(name, str(code)).inc()


def operation_label(context: ExecutionContext, kind: str) -> str:
    """`type.rootField` of the operation's first root field when the schema has it, else `type.other`."""
    document = context.graphql_document
    if document is None or kind == "unknown":
        return f"{kind}.other"
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if context.operation_name is not None:
        operations = [o for o in operations if o.name is not None and o.name.value == context.operation_name]
    root = context.schema._schema.get_root_type(operations[0].operation) if len(operations) == 1 else None
    if root is not None:
        for selection in operations[0].selection_set.selections:
            if isinstance(selection, FieldNode) and selection.name.value in root.fields:
                return f"{kind}.{selection.name.value}"
    return f"{kind}.other"


def metrics_allowed(settings: Settings, authorization: str | None) -> bool:
    """With METRICS_TOKEN, only "Bearer <it>"; without, anyone except in production."""
    if settings.metrics_token:
        expected = f"Bearer {settings.metrics_token}"
        return authorization is not None and hmac.compare_digest(authorization.strip(), expected)
    return settings.environment != "production"
