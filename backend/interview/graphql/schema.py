"""The GraphQL schema: the domains' roots merged, with error codes, limits and logging."""

from __future__ import annotations

import strawberry
import structlog
from graphql.error import GraphQLError
from strawberry.extensions import MaxTokensLimiter, QueryDepthLimiter
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from interview.graphql.accounts.resolvers import AccountMutation, AccountQuery
from interview.graphql.errors import ContractErrors, is_expected
from interview.graphql.interviews.resolvers import InterviewMutation, InterviewQuery
from interview.graphql.limits import QueryCostLimit
from interview.graphql.live.mutations import LiveMutation
from interview.graphql.live.subscriptions import Subscription
from interview.graphql.live.types import EVENT_TYPES
from interview.graphql.rate_limit import RateLimit
from interview.graphql.reports.resolvers import ReportMutation, ReportQuery
from interview.metrics import OperationMetrics

log = structlog.get_logger("interview.graphql")

MAX_QUERY_DEPTH = 10
MAX_QUERY_TOKENS = 5_000

Query = merge_types("Query", (AccountQuery, InterviewQuery, ReportQuery))
Mutation = merge_types("Mutation", (AccountMutation, InterviewMutation, ReportMutation, LiveMutation))


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
        # OperationMetrics comes first so that it exits last and sees the final error codes.
        # RateLimit and QueryCostLimit (in that order) run before validation: see their modules.
        extensions=[
            OperationMetrics,
            lambda: MaxTokensLimiter(max_token_count=MAX_QUERY_TOKENS),
            lambda: QueryDepthLimiter(max_depth=MAX_QUERY_DEPTH),
            RateLimit,
            QueryCostLimit,
            ContractErrors,
        ],
    )


schema = build_schema()
