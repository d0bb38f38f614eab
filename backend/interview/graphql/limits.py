"""How much one GraphQL operation may ask for: an estimated cost, checked before it runs.

Depth alone (QueryDepthLimiter) does not bound work: `reports(first: 100)` with every session's
transcripts and feedback is shallow but returns tens of thousands of objects, and aliases repeat it.
The cost estimates the objects an operation may return: an object field costs 1 plus what it
selects, multiplied by how many of it can come back. Scalars are free (they arrive with their
object). The answer is GRAPHQL_VALIDATION_FAILED before any resolver runs.
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

DEFAULT_MAX_COST = 25_000
"""A dashboard page of 50 reports with each session's questions, transcripts and feedback is ~18,000."""

LIST_SIZES = {"questions": 50, "transcripts": 100}
"""Lists bounded by the interview (at most 50 questions, a question and an answer each)."""
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
        return 0
    children = _selection_cost(walk, node.selection_set, named, seen) if node.selection_set else 0
    return _multiplier(walk, node, field.args, field.type) * (1 + children)


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


class QueryCostLimit(SchemaExtension):
    """Rejects an operation whose estimated cost is over `settings.graphql_max_cost`."""

    async def on_validate(self) -> AsyncIterator[None]:
        # Checked before graphql-core's validation: errors set here stop the operation, while errors
        # set after it would be too late. The walk skips whatever is unknown, so an invalid document
        # is costed safely and validation still names its mistakes when it is cheap enough.
        context = self.execution_context
        document = context.graphql_document
        if not context.pre_execution_errors and document is not None:
            services = getattr(context.context, "services", None)
            limit = services.settings.graphql_max_cost if services is not None else DEFAULT_MAX_COST
            cost = operation_cost(
                context.schema._schema, document, context.operation_name, context.variables
            )
            if cost > limit:
                context.pre_execution_errors = [
                    GraphQLError(
                        f"This operation is too expensive: it may return about {cost} objects, over the "
                        f"limit of {limit}. Ask for fewer items (`first`) or fewer nested lists.",
                        extensions={"cost": cost, "maxCost": limit},
                    )
                ]
        yield
