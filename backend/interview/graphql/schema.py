"""The GraphQL schema: the domains' roots merged, with error codes, limits and logging."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncGenerator, Iterator
from datetime import datetime
from typing import Any

import strawberry
import structlog
from graphql.error import GraphQLError
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import SchemaExtension, ValidationCache
from strawberry.extensions.query_depth_limiter import create_validator
from strawberry.file_uploads import Upload
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext, ExecutionResult
from strawberry.types.execution import PreExecutionError

from interview.errors import CONTRACT_CODES, PayloadTooLarge
from interview.graphql.accounts.resolvers import AccountMutation, AccountQuery
from interview.graphql.datetimes import DATETIME
from interview.graphql.documents import CACHED_DOCUMENTS, MAX_QUERY_TOKENS, parse_document
from interview.graphql.errors import INTERNAL_MESSAGE, ContractErrors, is_expected
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
from interview.graphql.response_cache import DashboardResponseCache
from interview.graphql.uploads import UPLOAD
from interview.metrics import OperationMetrics
from interview.settings import Settings

log = structlog.get_logger("interview.graphql")

MAX_QUERY_DEPTH = 10
DEFAULT_MAX_DOCUMENT_BYTES = 100_000
DEPTH_RULE = create_validator(MAX_QUERY_DEPTH, None)
"""QueryDepthLimiter's rule, made once: a new rule class per request would defeat ValidationCache."""

Query = merge_types("Query", (AccountQuery, InterviewQuery, ReportQuery))
Mutation = merge_types(
    "Mutation", (AccountMutation, InterviewMutation, ReportMutation, LiveMutation, DeletionMutation)
)


def _settings_of(context: ExecutionContext) -> Settings | None:
    services = getattr(context.context, "services", None)
    return services.settings if services is not None else None


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
            settings = _settings_of(context)
            limit = settings.graphql_max_document_bytes if settings else DEFAULT_MAX_DOCUMENT_BYTES
            if len(context.query) > limit:  # characters: never fewer than the bytes they came as / 4
                error = PayloadTooLarge(
                    f"The GraphQL document is {len(context.query):,} characters, over the limit of "
                    f"{limit:,}: send a shorter query."
                )
                # Raised from the hook, it ends the operation before parsing; it carries its code
                # because ContractErrors does not see errors raised from hooks.
                raise GraphQLError(error.message, original_error=error, extensions=error.extensions)
            with contextlib.suppress(GraphQLError):
                context.graphql_document = parse_document(context.query)
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        settings = _settings_of(context)
        if settings is not None and not settings.graphiql_enabled():
            context.validation_rules = (
                *context.validation_rules,
                DEPTH_RULE,
                NoSchemaIntrospectionCustomRule,
            )
        else:
            context.validation_rules = (*context.validation_rules, DEPTH_RULE)
        yield


class InterviewExecutor(SharedEventExecution, FastFieldExecutor):
    """Basic fields on the short path; subscription events executed once per identical subscriber."""


class InterviewSchema(strawberry.Schema):
    """Strawberry's schema, with a last line of defence: an error that escaped every layer
    (raised from an extension's hook, say) reaches the client only as INTERNAL with a request id."""

    async def execute(self, *args: Any, **kwargs: Any) -> ExecutionResult:
        result = await super().execute(*args, **kwargs)
        return _masked(result, _request_id(args, kwargs))

    async def stream(self, *args: Any, **kwargs: Any) -> Any:
        """Websockets (and `subscribe`) run every operation through here."""
        results = await super().stream(*args, **kwargs)
        return _masked_stream(results, _request_id(args, kwargs))

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


def _request_id(args: tuple[Any, ...], kwargs: dict[str, Any], position: int = 2) -> str | None:
    context = kwargs.get("context_value", args[position] if len(args) > position else None)
    return getattr(context, "request_id", None)


def _masked(result: ExecutionResult, request_id: str | None) -> ExecutionResult:
    if result.errors and any(not _has_contract_code(error) for error in result.errors):
        result.errors = [
            error if _has_contract_code(error) else _internal(error, request_id) for error in result.errors
        ]
    return result


async def _masked_stream(results: AsyncGenerator[Any, None], request_id: str | None) -> Any:
    try:
        async for result in results:
            yield _masked(result, request_id) if isinstance(result, ExecutionResult) else result
    except GraphQLError as error:  # raised from an extension's hook (a refused document)
        yield _masked(PreExecutionError(data=None, errors=[error]), request_id)
    except Exception as exc:
        yield _masked(
            PreExecutionError(data=None, errors=[GraphQLError(str(exc), original_error=exc)]), request_id
        )
    finally:
        await results.aclose()


def _has_contract_code(error: GraphQLError) -> bool:
    return (error.extensions or {}).get("code") in CONTRACT_CODES


def _internal(error: GraphQLError, request_id: str | None) -> GraphQLError:
    log.error(
        "error escaped the error mapping",
        request_id=request_id,
        error=error.message,
        exc_info=error.original_error,
    )
    return GraphQLError(
        INTERNAL_MESSAGE,
        path=error.path,
        extensions={"code": "INTERNAL", "requestId": request_id},
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
            DashboardResponseCache,
        ],
    )


schema = build_schema()
