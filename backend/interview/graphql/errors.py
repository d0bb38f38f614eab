"""The one place that turns errors into the contract's `extensions.code`.

Our AppErrors pass with their code and message; GraphQL's own parse, validation and variable
errors get their codes; anything else is masked as INTERNAL with the request id to quote.
"""

from __future__ import annotations

from graphql.error import GraphQLError
from strawberry.extensions import MaskErrors

from interview.errors import AppError

INTERNAL_MESSAGE = "Something went wrong on our side; it has been logged."


def app_error_of(error: GraphQLError) -> AppError | None:
    original = error.original_error
    while original is not None and not isinstance(original, AppError):
        original = getattr(original, "original_error", None)
    return original


def _request_error_code(error: GraphQLError) -> str | None:
    """Codes for errors raised before any resolver ran (they carry no path)."""
    if error.path:
        return None
    message = error.message
    if message.startswith("Variable '$"):
        return "BAD_USER_INPUT"
    if error.original_error is not None and not isinstance(error.original_error, GraphQLError):
        return None
    if message.startswith("Syntax Error"):
        return "GRAPHQL_PARSE_FAILED"
    return "GRAPHQL_VALIDATION_FAILED"


def is_expected(error: GraphQLError) -> bool:
    return app_error_of(error) is not None or _request_error_code(error) is not None


class ContractErrors(MaskErrors):
    """MaskErrors that knows our codes and puts the request id on what it masks."""

    def __init__(self) -> None:
        super().__init__(
            should_mask_error=lambda error: not is_expected(error), error_message=INTERNAL_MESSAGE
        )

    def _request_id(self) -> str | None:
        context = getattr(self.execution_context, "context", None)
        return getattr(context, "request_id", None)

    def _hide_suggestions(self) -> bool:
        """In production "Did you mean ...?" would spell out the schema that introspection hides."""
        services = getattr(getattr(self.execution_context, "context", None), "services", None)
        return services is not None and not services.settings.graphiql_enabled()

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        processed: list[GraphQLError] = []
        for error in errors:
            app_error = app_error_of(error)
            if app_error is not None:
                processed.append(_with_extensions(error, app_error.message, dict(app_error.extensions)))
            elif (code := _request_error_code(error)) is not None:
                message = _without_suggestions(error.message) if self._hide_suggestions() else error.message
                processed.append(_with_extensions(error, message, {"code": code}))
            else:
                masked = self.anonymise_error(error)
                processed.append(
                    _with_extensions(
                        masked, masked.message, {"code": "INTERNAL", "requestId": self._request_id()}
                    )
                )
        return processed


def _without_suggestions(message: str) -> str:
    head, found, _ = message.partition(" Did you mean")
    return head if found else message


def _with_extensions(error: GraphQLError, message: str, extensions: dict[str, object]) -> GraphQLError:
    return GraphQLError(
        message=message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=None,
        extensions=extensions,
    )
