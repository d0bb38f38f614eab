"""The GraphQL schema: the domains' roots merged, with error codes, limits and logging."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator
from datetime import datetime

import strawberry
import structlog
from graphql import DocumentNode, parse
from graphql.error import GraphQLError
from strawberry.extensions import SchemaExtension, ValidationCache
from strawberry.extensions.query_depth_limiter import create_validator
from strawberry.file_uploads import Upload
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from interview.graphql.accounts.resolvers import AccountMutation, AccountQuery
from interview.graphql.datetimes import DATETIME
from interview.graphql.errors import ContractErrors, is_expected
from interview.graphql.execution import FastFieldExecutor
from interview.graphql.interviews.deletion import DeletionMutation
from interview.graphql.interviews.resolvers import InterviewMutation, InterviewQuery
from interview.graphql.limits import QueryCostLimit
from interview.graphql.live.mutations import LiveMutation
from interview.graphql.live.shared_execution import SharedEventExecution
from interview.graphql.live.subscriptions import Subscription
from interview.graphql.live.types import EVENT_TYPES
from interview.graphql.rate_limit import RateLimit
from interview.graphql.reports.resolvers import ReportMutation, ReportQuery
from interview.graphql.uploads import UPLOAD
from interview.metrics import OperationMetrics

log = structlog.get_logger("interview.graphql")

MAX_QUERY_DEPTH = 10
MAX_QUERY_TOKENS = 5_000
CACHED_DOCUMENTS = 256
DEPTH_RULE = create_validator(MAX_QUERY_DEPTH, None)
"""QueryDepthLimiter's rule, made once: a new rule class per request would defeat ValidationCache."""

Query = merge_types("Query", (AccountQuery, InterviewQuery, ReportQuery))
Mutation = merge_types(
    "Mutation", (AccountMutation, InterviewMutation, ReportMutation, LiveMutation, DeletionMutation)
)


@functools.lru_cache(maxsize=CACHED_DOCUMENTS)
def _parse(query: str) -> DocumentNode:
    return parse(query, max_tokens=MAX_QUERY_TOKENS)


class DocumentCache(SchemaExtension):
    """Strawberry's ParserCache, MaxTokensLimiter and AddValidationRules (depth) in one extension.

    A query that does not parse is left to Strawberry's own parse step (ParserCache raises from
    the hook, which skips our error codes). The same text then gives the same document object,
    which is what ValidationCache keys on. The token and depth limits are set in the parse and
    validate steps rather than for the whole operation: a subscription's operation lasts as long
    as its websocket, and Strawberry keeps every operation-wide hook alive that long.
    """

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        context.parse_options["max_tokens"] = MAX_QUERY_TOKENS
        if context.query:
            with contextlib.suppress(GraphQLError):
                context.graphql_document = _parse(context.query)
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        context.validation_rules = (*context.validation_rules, DEPTH_RULE)
        yield


class InterviewExecutor(SharedEventExecution, FastFieldExecutor):
    """Basic fields on the short path; subscription events executed once per identical subscriber."""


class InterviewSchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Log only the unexpected errors, with a traceback and the request id."""
        request_id = getattr(getattr(execution_context, "context", None), "request_id", None)
        for error in errors:
            if is_expected(error):
                continue
            log.error(
                "unexpected error",
                request_id=request_id,
                path=error.path,
                error=error.message,
                exc_info=error.original_error,
            )


def build_schema() -> InterviewSchema:
    return InterviewSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=list(EVENT_TYPES),
        execution_context_class=InterviewExecutor,
        scalar_overrides={datetime: DATETIME, Upload: UPLOAD},
        # OperationMetrics comes first so that it exits last and sees the final error codes.
        # The caches save parsing and validating the same documents again (~10 ms for a dashboard
        # page). DocumentCache must come before ValidationCache, which validates with the depth
        # rule DocumentCache adds; ValidationCache must come before RateLimit and QueryCostLimit,
        # which run in the validation step but are never cached (see their modules).
        extensions=[
            OperationMetrics,
            DocumentCache,
            lambda: ValidationCache(maxsize=CACHED_DOCUMENTS),
            RateLimit,
            QueryCostLimit,
            ContractErrors,
        ],
    )


schema = build_schema()
