"""Event templates: a subscription's selection compiled once per event class.

A live event goes to every subscriber of a selection group (interview.graphql.live.delivery). For
a selection made of plain attribute fields, rendering the event with a template worked out once
takes about 1 µs, where graphql-core's execution of the same small selection takes about 45 µs;
anything else is executed as before. The template is built from graphql-core's own field
collection (`collect_fields`, `collect_subfields`) and our executor's basic-field plan, so that it
gives exactly what execution gives (tests/graphql/test_event_templates.py).
"""

from __future__ import annotations

import inspect
from typing import Any, NamedTuple

from graphql import (
    GraphQLAbstractType,
    GraphQLNonNull,
    GraphQLObjectType,
    Undefined,
    get_nullable_type,
)
from graphql.execution.collect_fields import FieldDetailsList, collect_fields, collect_subfields
from strawberry.types.base import get_object_definition

from interview.graphql.execution import (
    BUILT_IN_SCALARS,
    BasicField,
    FastFieldExecutor,
    Leaf,
    Read,
    valid_as_is,
)


class _TemplateObject(NamedTuple):
    response_name: str
    read: Read
    attribute: str
    nullable: bool
    template: _Template
    type_name: str


class _TemplateTypename(NamedTuple):
    response_name: str
    type_name: str


_Template = tuple["Leaf | _TemplateObject | _TemplateTypename", ...]
"""An object's fields in response order."""


class EventTemplate(NamedTuple):
    """A subscription's selection for one event class: what executing it reads, worked out once.

    Only selections made of basic fields (attributes without resolver, arguments or extension),
    __typename and non-list objects of them compile; rendering gives up (returns None) on any
    value the stock executor would not pass through unchanged or coerce without error, so the
    caller executes that event the stock way and gets the stock result, errors included
    (tests/graphql/test_event_templates.py compares the two).
    """

    response_name: str
    type_name: str
    template: _Template

    def render(self, event: Any) -> dict[str, Any] | None:
        """The event's `data`, as executing the selection would give it; None: execute it instead."""
        try:
            return {self.response_name: _render(self.template, event)}
        except Exception:  # an unreadable or unexpected value: the stock path reports it
            return None


class _NotAsIs(Exception):
    """A value the template does not render; the event is executed the stock way."""


def _render(template: _Template, source: Any) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for entry in template:
        if isinstance(entry, _TemplateTypename):
            result[entry.response_name] = entry.type_name
            continue
        value = entry.read(source, entry.attribute)
        if value is None:
            if not entry.nullable:
                raise _NotAsIs
            result[entry.response_name] = None
        elif isinstance(entry, Leaf):
            if valid_as_is(entry.leaf, value):
                result[entry.response_name] = value
            elif entry.custom and not inspect.isawaitable(value):
                coerced = entry.leaf.coerce_output_value(value)
                if coerced is None or coerced is Undefined:
                    raise _NotAsIs
                result[entry.response_name] = coerced
            else:
                raise _NotAsIs
        else:
            if _type_name(type(value)) != entry.type_name:
                raise _NotAsIs
            result[entry.response_name] = _render(entry.template, value)
    return result


def _type_name(source_class: type) -> str | None:
    definition = get_object_definition(source_class)
    return definition.name if definition is not None and not definition.is_graphql_generic else None


def event_template(executor: FastFieldExecutor, event_class: type) -> EventTemplate | None:
    """The template of `executor`'s subscription selection for events of `event_class`; None when
    the selection or the class does not fit one (see EventTemplate)."""
    schema = executor.schema
    root_type = schema.subscription_type
    type_name = _type_name(event_class)
    if root_type is None or type_name is None or not executor._fast:
        return None
    grouped, defers, _ = collect_fields(
        schema, executor.fragments, executor.variable_values, root_type, executor.operation
    )
    if len(grouped) != 1 or defers:
        return None
    ((response_name, details),) = grouped.items()
    definition = schema.get_field(root_type, details[0].node.name.value)
    if definition is None:
        return None
    return_type = get_nullable_type(definition.type)
    object_type = schema.get_type(type_name)
    if not isinstance(object_type, GraphQLObjectType) or not (
        object_type is return_type
        or (isinstance(return_type, GraphQLAbstractType) and schema.is_sub_type(return_type, object_type))
    ):
        return None
    template = _object_template(executor, object_type, details)
    return EventTemplate(response_name, type_name, template) if template is not None else None


def _object_template(
    executor: FastFieldExecutor, object_type: GraphQLObjectType, details: FieldDetailsList
) -> _Template | None:
    grouped, defers, _ = collect_subfields(
        executor.schema,
        executor.fragments,
        executor.variable_values,
        executor.operation,
        object_type,
        details,
    )
    if defers:
        return None
    entries: list[Leaf | _TemplateObject | _TemplateTypename] = []
    for response_name, field_details in grouped.items():
        if field_details[0].node.name.value == "__typename":
            entries.append(_TemplateTypename(response_name, object_type.name))
            continue
        field = executor._basic_field(object_type, field_details)
        if not isinstance(field, BasicField):
            return None
        nullable = not isinstance(field.definition.type, GraphQLNonNull)
        if field.leaf is not None:
            custom = field.leaf not in BUILT_IN_SCALARS
            entries.append(Leaf(response_name, field.read, field.attribute, field.leaf, nullable, custom))
            continue
        field_type = get_nullable_type(field.definition.type)
        if not isinstance(field_type, GraphQLObjectType) or field_type.is_type_of is not None:
            return None  # lists, abstract types, types checked by is_type_of: the stock path
        template = _object_template(executor, field_type, field_details)
        if template is None:
            return None
        entries.append(
            _TemplateObject(response_name, field.read, field.attribute, nullable, template, field_type.name)
        )
    return tuple(entries)
