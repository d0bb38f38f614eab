"""How much one GraphQL operation may ask for: an estimated cost, checked before it runs.

Depth alone (QueryDepthLimiter) does not bound work: `reports(first: 100)` with every session's
transcripts and feedback is shallow but returns tens of thousands of objects, and aliases repeat it.
The cost estimates the values an operation may return: an object field costs 10 plus what it
selects, multiplied by how many of it can come back; a scalar field costs 1 times as many, and a
field that carries a blob (a question's audio as base64) what its size is worth, so 1,550 aliases
of a voice sample (97 MB of answer) are refused rather than built. The answer is
GRAPHQL_VALIDATION_FAILED before any resolver runs.

Besides the cost: at most `graphql_max_aliases` aliases per operation, and the operations that
are expensive by nature (password hashing, uploads, speech) must be the only root field of
theirs, so one request cannot ask for ten of them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    get_nullable_type,
    is_composite_type,
    is_list_type,
    value_from_ast_untyped,
)
from graphql.pyutils import Undefined
from strawberry.extensions import SchemaExtension

from interview.graphql.pagination import MAX_PAGE_SIZE

DEFAULT_MAX_COST = 300_000
"""A dashboard page of 50 reports with each session's questions, transcripts and feedback is ~218,000
(tests/graphql/test_dashboard.py), 20 sessions with every field ~265,000; `reports(first: 100)`
with every session's transcripts and feedback is ~392,000."""

OBJECT_COST = 10
"""An object (with its own work to fetch) weighs ten scalars."""
SCALAR_COST = 1
BLOB_COSTS = {("SpeechAudio", "base64"): 10_000, ("Report", "reportJson"): 2_000}
"""Scalar fields that carry much more than a value: about one unit per 4 bytes they may hold
(a spoken question is ~40 kB of base64, a report document ~8 kB)."""

EXCLUSIVE_ROOT_FIELDS = frozenset(
    {
        "login",
        "register",
        "signOut",
        "changePassword",
        "deleteAccount",
        "initialQuestion",
        "submitAnswer",
        "appendAnswerAudio",
        "finishAnswer",
        "skipQuestion",
        "personaVoiceSample",
    }
)
"""Root fields that cost a password hash, an upload or speech work: each must be alone in its operation."""

LIST_SIZES = {"questions": 50, "transcripts": 100}
"""Lists bounded by the interview (at most 50 questions, a question and an answer each)."""
DEFAULT_MAX_ALIASES = 30
DEFAULT_LIST_SIZE = 20
"""Any other list of objects (personas, API tokens...)."""
DEFAULT_PAGE_SIZE = 20


@dataclass
class _Walk:
    schema: GraphQLSchema
    fragments: dict[str, FragmentDefinitionNode]
    variables: dict[str, Any]


def operation_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None = None,
    variables: dict[str, Any] | None = None,
) -> int:
    """The estimated number of objects the operation may return (0 if it names no known operation)."""
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is not None:
        operations = [op for op in operations if op.name is not None and op.name.value == operation_name]
    if len(operations) != 1:
        return 0  # validation reports the ambiguity
    operation = operations[0]
    root = schema.get_root_type(operation.operation)
    if root is None:
        return 0
    defaults = {
        definition.variable.name.value: value_from_ast_untyped(definition.default_value)
        for definition in operation.variable_definitions or ()
        if definition.default_value is not None
    }
    walk = _Walk(
        schema=schema,
        fragments={d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)},
        variables={**defaults, **(variables or {})},
    )
    return _selection_cost(walk, operation.selection_set, root, frozenset())


def _selection_cost(
    walk: _Walk, selection_set: SelectionSetNode, parent: GraphQLNamedType, seen: frozenset[str]
) -> int:
    total = 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            total += _field_cost(walk, selection, parent, seen)
        elif isinstance(selection, InlineFragmentNode):
            condition = selection.type_condition
            target = walk.schema.get_type(condition.name.value) if condition else parent
            if target is not None:
                total += _selection_cost(walk, selection.selection_set, target, seen)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = walk.fragments.get(name)
            if fragment is None or name in seen:  # unknown or cyclic: validation reports it
                continue
            target = walk.schema.get_type(fragment.type_condition.name.value)
            if target is not None:
                total += _selection_cost(walk, fragment.selection_set, target, seen | {name})
    return total


def _field_cost(walk: _Walk, node: FieldNode, parent: GraphQLNamedType, seen: frozenset[str]) -> int:
    name = node.name.value
    if name.startswith("__") or not isinstance(parent, (GraphQLObjectType, GraphQLInterfaceType)):
        return 0
    field = parent.fields.get(name)
    if field is None:
        return 0
    named = get_named_type(field.type)
    if not is_composite_type(named):
        weight = BLOB_COSTS.get((parent.name, name), SCALAR_COST)
        return _multiplier(walk, node, field.args, field.type) * weight
    children = _selection_cost(walk, node.selection_set, named, seen) if node.selection_set else 0
    return _multiplier(walk, node, field.args, field.type) * (OBJECT_COST + children)


def _multiplier(walk: _Walk, node: FieldNode, args: dict[str, Any], field_type: Any) -> int:
    """How many of this field can come back: `first` of a connection, or the size of a bounded list."""
    if "first" in args:
        value: Any = None
        for argument in node.arguments or ():
            if argument.name.value != "first":
                continue
            if isinstance(argument.value, IntValueNode):
                value = int(argument.value.value)
            elif isinstance(argument.value, VariableNode):
                value = walk.variables.get(argument.value.name.value)
            break
        else:
            default = args["first"].default_value
            value = None if default is Undefined else default
        if not isinstance(value, int):
            value = DEFAULT_PAGE_SIZE
        return max(0, min(int(value), MAX_PAGE_SIZE))
    if is_list_type(get_nullable_type(field_type)):
        if node.name.value == "edges":
            return 1  # the connection's `first` already counted them
        return LIST_SIZES.get(node.name.value, DEFAULT_LIST_SIZE)
    return 1


def alias_count(document: DocumentNode) -> int:
    """Aliased fields anywhere in the document (fragments included)."""
    count = 0
    stack: list[SelectionSetNode] = [
        d.selection_set
        for d in document.definitions
        if isinstance(d, OperationDefinitionNode | FragmentDefinitionNode)
    ]
    while stack:
        for selection in stack.pop().selections:
            if isinstance(selection, FieldNode) and selection.alias is not None:
                count += 1
            selection_set = getattr(selection, "selection_set", None)
            if selection_set is not None:
                stack.append(selection_set)
    return count


def lonely_root_field(document: DocumentNode, operation_name: str | None = None) -> str | None:
    """The exclusive root field (EXCLUSIVE_ROOT_FIELDS) that shares its operation, if any."""
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is not None:
        operations = [op for op in operations if op.name is not None and op.name.value == operation_name]
    if len(operations) != 1:
        return None  # validation reports the ambiguity
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    names: list[str] = []
    stack, seen = [operations[0].selection_set], set[str]()
    while stack:
        for selection in stack.pop().selections:
            if isinstance(selection, FieldNode):
                names.append(selection.name.value)
            elif isinstance(selection, InlineFragmentNode):
                stack.append(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                fragment = fragments.get(selection.name.value)
                if fragment is not None and fragment.name.value not in seen:
                    seen.add(fragment.name.value)
                    stack.append(fragment.selection_set)
    if len(names) < 2:
        return None
    return next((name for name in names if name in EXCLUSIVE_ROOT_FIELDS), None)


class QueryCostLimit(SchemaExtension):
    """Rejects an operation over `settings.graphql_max_cost` or `graphql_max_aliases`, or one that
    asks for an exclusive root field together with anything else."""

    async def on_validate(self) -> AsyncIterator[None]:
        # Checked before graphql-core's validation: errors set here stop the operation, while errors
        # set after it would be too late. The walk skips whatever is unknown, so an invalid document
        # is costed safely and validation still names its mistakes when it is cheap enough.
        context = self.execution_context
        document = context.graphql_document
        if not context.pre_execution_errors and document is not None:
            error = self._refusal(document)
            if error is not None:
                context.pre_execution_errors = [error]
        yield

    def _refusal(self, document: DocumentNode) -> GraphQLError | None:
        context = self.execution_context
        services = getattr(context.context, "services", None)
        settings = services.settings if services is not None else None
        max_aliases = settings.graphql_max_aliases if settings is not None else DEFAULT_MAX_ALIASES
        aliases = alias_count(document)
        if aliases > max_aliases:
            return GraphQLError(
                f"This operation uses {aliases} aliases, over the limit of {max_aliases}.",
                extensions={"aliases": aliases, "maxAliases": max_aliases},
            )
        lonely = lonely_root_field(document, context.operation_name)
        if lonely is not None:
            return GraphQLError(
                f"`{lonely}` must be the only field of its operation: send it in a request of its own."
            )
        limit = settings.graphql_max_cost if settings is not None else DEFAULT_MAX_COST
        cost = operation_cost(context.schema._schema, document, context.operation_name, context.variables)
        if cost > limit:
            return GraphQLError(
                f"This operation is too expensive: it may return about {cost} values, over the "
                f"limit of {limit}. Ask for fewer items (`first`), fewer nested lists or fewer fields.",
                extensions={"cost": cost, "maxCost": limit},
            )
        return None
