"""FastFieldExecutor: graphql-core's Executor with a short path for Strawberry's plain attribute fields.

A dashboard page is ~700 fields, nearly all of them "basic" in Strawberry's sense: an attribute with
no resolver, permission or field extension. The stock executor spends ~9 µs on each: it builds a
GraphQLResolveInfo, calls Strawberry's wrapper around getattr, then walks complete_value's chain of
type checks. Here a basic field is read with Strawberry's default resolver (as that wrapper does)
and completed without a resolve info: a leaf of a built-in scalar that is already valid passes
through. Everything else (resolvers, middleware, lists, objects, abstract types, awaitables,
custom scalars, enums) and every error goes through the stock methods, so the results are the
stock executor's, errors and null propagation included (tests/graphql/test_execution.py compares
the two).

A field with a resolver of its own that takes no GraphQL arguments (only self/root/parent and
info) and has no field extension (permissions are extensions) is called directly: Strawberry's
wrapper would convert no arguments and chain no extensions, and only then call the function with
the same Info it builds here. Anything else goes through that wrapper.

Each part pays for itself on a dashboard page (bench/instructions.py, instructions per page; the
stock executor costs 2.1x ours): reading basic fields without a resolve info saves 48% of what the
page would cost without it, the leaf plan 23%, the direct resolver calls 27%. Parts worth less than
5% were removed (an object shortcut past the stock sub-field execution: 4%; a reference-cycle break: nothing,
the collector being tuned in app.py). They override methods graphql-core documents as internal,
which is why pyproject.toml pins graphql-core exactly.

Subscription events go one step further, in interview.graphql.live.event_templates: a selection
made only of basic fields is compiled once per event class from this executor's basic-field plan
(`BasicField`, `valid_as_is`).
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from functools import cached_property
from math import isfinite
from typing import Any, NamedTuple, cast
from uuid import UUID

from graphql import (
    GRAPHQL_MAX_INT,
    GRAPHQL_MIN_INT,
    GraphQLBoolean,
    GraphQLEnumType,
    GraphQLField,
    GraphQLFloat,
    GraphQLID,
    GraphQLInt,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    GraphQLScalarType,
    GraphQLString,
    get_nullable_type,
)
from graphql.execution import Executor
from graphql.execution.collect_fields import (
    FieldDetailsList,
    GroupedFieldSet,
)
from graphql.execution.executor import to_nodes
from graphql.pyutils import AwaitableOrValue, Path, Undefined, gather_with_cancel
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.field import StrawberryField
from strawberry.types.info import Info as StrawberryInfo

Read = Callable[[Any, str], Any]
_STRAWBERRY_WRAPPERS = (
    "GraphQLCoreConverter.from_resolver.<locals>._resolver",
    "GraphQLCoreConverter.from_resolver.<locals>._async_resolver",
)
"""The resolve functions Strawberry's schema converter gives a field with a resolver."""


class BasicField(NamedTuple):
    """What reading one basic field of one parent type needs, worked out once per schema."""

    definition: GraphQLField
    parent_type: GraphQLObjectType
    field_name: str
    attribute: str
    read: Read
    """Strawberry's default resolver (getattr unless StrawberryConfig says otherwise)."""
    leaf: GraphQLScalarType | GraphQLEnumType | None
    """The scalar or enum type, nullable or not, of a leaf field."""


class Leaf(NamedTuple):
    """A basic leaf field in an object's plan: read and, when its value allows, completed inline."""

    response_name: str
    read: Read
    attribute: str
    leaf: GraphQLScalarType | GraphQLEnumType
    nullable: bool
    custom: bool
    """Neither a built-in scalar nor valid as is: completed by coerce_output_value."""


_Step = tuple[str, FieldDetailsList, "BasicField | _PlainResolver | None"]
_Plan = tuple["Leaf | _Step", ...]
"""An object's fields, in order: a Leaf, or (response name, field group, what the field is: None
for the stock path)."""


_MakeInfo = Callable[
    ["FastFieldExecutor", "_PlainResolver", FieldDetailsList, Path], StrawberryInfo[Any, Any]
]
"""A lazy Info: (executor, field, field group, path) -> Strawberry Info."""


class _PlainResolver(NamedTuple):
    """A Strawberry resolver that takes no GraphQL arguments: only self/root/parent and info."""

    definition: GraphQLField
    parent_type: GraphQLObjectType
    field_name: str
    field: StrawberryField
    function: Callable[..., Any]
    """The resolver's own function (what StrawberryResolver.__call__ calls)."""
    pass_self: bool
    source_names: tuple[str, ...]
    """The keyword parameters that receive the parent object (root, parent)."""
    info_name: str | None
    info_class: _MakeInfo
    """Strawberry's Info class, made lazy (see _lazy_info_class)."""
    positional: bool
    """Whether the function takes (self, info), (self), (info) or () as its leading positional
    parameters and nothing else: then it is called without building keyword arguments."""
    non_null: bool

    def call(self, source: Any, info: StrawberryInfo[Any, Any]) -> Any:
        """What Strawberry's resolver wrapper does for such a field: get_arguments, then get_result."""
        if self.positional:
            if self.pass_self:
                return self.function(source, info) if self.info_name else self.function(source)
            return self.function(info) if self.info_name else self.function()
        kwargs = dict.fromkeys(self.source_names, source)
        if self.info_name is not None:
            kwargs[self.info_name] = info
        if self.pass_self:
            return self.function(source, **kwargs)
        return self.function(**kwargs)


_LAZY_INFO_CLASSES: dict[type[StrawberryInfo[Any, Any]], _MakeInfo] = {}


def _lazy_info_class(info_class: type[StrawberryInfo[Any, Any]]) -> _MakeInfo:
    """`info_class` whose GraphQLResolveInfo is built when first read: a resolver that answers from
    rows it was handed (a page's sessions, personas, answers) never reads it."""
    if info_class in _LAZY_INFO_CLASSES:
        return _LAZY_INFO_CLASSES[info_class]

    class LazyInfo(info_class):  # type: ignore[valid-type,misc]
        def __init__(
            self, executor: FastFieldExecutor, field: _PlainResolver, details: FieldDetailsList, path: Path
        ) -> None:
            self._executor = executor
            self._plain = field
            self._details = details
            self._path = path
            self._field = field.field

        @cached_property
        def _raw_info(self) -> GraphQLResolveInfo[Any]:
            return self._executor._info(self._plain, self._details, self._path)

    LazyInfo.__name__ = LazyInfo.__qualname__ = info_class.__name__
    _LAZY_INFO_CLASSES[info_class] = LazyInfo
    return cast(_MakeInfo, LazyInfo)


class FastFieldExecutor(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution context (graphql-core's Executor with Strawberry's resolve info),
    reading Strawberry's basic fields without a resolve info."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        manager = self.middleware_manager
        strawberry_schema = getattr(self.schema, "_strawberry_schema", None)
        # Middleware wraps every resolver, and an exception handler turns a basic field into a
        # wrapped one: either way the stock path is the only faithful one.
        self._fast = (manager is None or not manager.middlewares) and not getattr(
            strawberry_schema, "exception_handlers", ()
        )
        config = getattr(strawberry_schema, "config", None)
        self._info_class: type[StrawberryInfo[Any, Any]] | None = getattr(config, "info_class", None)
        """Strawberry's Info class; None when the schema is not Strawberry's (no direct calls then)."""
        self._plans: dict[tuple[GraphQLObjectType, int], tuple[GroupedFieldSet, _Plan | None]] = {}

    def build_per_event_executor(self, payload: Any) -> Executor[Any]:
        """graphql-core's copy for one subscription event, with memo tables of its own.

        The copy shares the subscription's memo of collected subfields (graphql-core's
        `_relevant_sub_fields`) and our plans; both are keyed by the identity of field groups
        that each event collects anew, so shared they grew by about 1 KB per event for as long as
        the subscription lived (tests/live/test_delivery.py measures it with tracemalloc).
        """
        executor = super().build_per_event_executor(payload)
        executor._relevant_sub_fields = {}
        if isinstance(executor, FastFieldExecutor):
            executor._plans = {}
        return executor

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: GroupedFieldSet,
        position_context: Any,
    ) -> AwaitableOrValue[dict[str, Any]]:
        """Executor.execute_fields, with the object's basic leaf fields read and completed in the
        loop itself (no path, call or awaitable check each). A leaf whose value is not plainly
        valid (a read that raised, null where not allowed, an error, an awaitable, a failed
        coercion) goes through execute_field like any other field, so its error is the stock one."""
        plan = self._plan(parent_type, grouped_field_set)
        if plan is None:
            return super().execute_fields(
                parent_type, source_value, path, grouped_field_set, position_context
            )
        return self._run_plan(parent_type, source_value, path, grouped_field_set, plan, position_context)

    def _run_plan(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: GroupedFieldSet,
        plan: _Plan,
        position_context: Any,
    ) -> AwaitableOrValue[dict[str, Any]]:
        results: dict[str, Any] = {}
        is_awaitable = self.is_awaitable
        awaitable_fields: list[str] = []
        try:
            for entry in plan:
                if isinstance(entry, Leaf):
                    try:
                        value = entry.read(source_value, entry.attribute)
                    except Exception:  # read again below, where the error is handled
                        value = _UNREADABLE
                    if value is None:
                        if entry.nullable:
                            results[entry.response_name] = None
                            continue
                    elif value is _UNREADABLE:
                        pass
                    elif valid_as_is(entry.leaf, value):
                        results[entry.response_name] = value
                        continue
                    elif entry.custom and (
                        isinstance(value, _NEVER_AWAITABLE)
                        or (not isinstance(value, Exception) and not is_awaitable(value))
                    ):
                        try:
                            coerced = entry.leaf.coerce_output_value(value)
                        except Exception:  # the stock path below reports it
                            coerced = None
                        if coerced is not None and coerced is not Undefined:
                            results[entry.response_name] = coerced
                            continue
                    response_name = entry.response_name
                    details, field = grouped_field_set[response_name], None
                else:
                    response_name, details, field = entry
                field_path = Path(path, response_name, parent_type.name)
                if field is None:
                    result = self.execute_field(
                        parent_type, source_value, details, field_path, position_context
                    )
                elif isinstance(field, _PlainResolver):
                    result = self._execute_plain_resolver(
                        field, source_value, details, field_path, position_context
                    )
                else:
                    result = self._execute_basic(field, source_value, details, field_path, position_context)
                if result is not Undefined:
                    results[response_name] = result
                    if is_awaitable(result):
                        awaitable_fields.append(response_name)
        except Exception:
            if awaitable_fields:
                self.settle_in_background([results[field] for field in awaitable_fields])
            raise
        if not awaitable_fields:
            return results
        return self._gather_fields(results, awaitable_fields)

    @staticmethod
    async def _gather_fields(results: dict[str, Any], awaitable_fields: list[str]) -> dict[str, Any]:
        """What Executor.execute_fields returns when some fields are awaitable."""
        if len(awaitable_fields) == 1:
            field = awaitable_fields[0]
            results[field] = await results[field]
        else:
            awaited = await gather_with_cancel(*(results[field] for field in awaitable_fields))
            results.update(zip(awaitable_fields, awaited, strict=True))
        return results

    def _plan(self, parent_type: GraphQLObjectType, grouped_field_set: GroupedFieldSet) -> _Plan | None:
        """The object's fields as a plan (None when every field takes the stock path), worked out
        once per request and field set; keyed like Executor.collect_subfields, the set kept alive
        with it."""
        key = (parent_type, id(grouped_field_set))
        cached = self._plans.get(key)
        if cached is None:
            cached = (grouped_field_set, self._make_plan(parent_type, grouped_field_set))
            self._plans[key] = cached
        return cached[1]

    def _make_plan(self, parent_type: GraphQLObjectType, grouped_field_set: GroupedFieldSet) -> _Plan | None:
        plan: list[Leaf | _Step] = []
        for response_name, details in grouped_field_set.items():
            field = self._basic_field(parent_type, details)
            if isinstance(field, BasicField) and field.leaf is not None:
                leaf = field.leaf
                plan.append(
                    Leaf(
                        response_name,
                        field.read,
                        field.attribute,
                        leaf,
                        not isinstance(field.definition.type, GraphQLNonNull),
                        leaf not in BUILT_IN_SCALARS,
                    )
                )
            else:
                plan.append((response_name, details, field))
        if not any(isinstance(entry, Leaf) or entry[2] is not None for entry in plan):
            return None
        return tuple(plan)

    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: FieldDetailsList,
        path: Path,
        position_context: Any,
    ) -> Any:
        field = self._basic_field(parent_type, field_details_list)
        if field is None:
            return super().execute_field(parent_type, source, field_details_list, path, position_context)
        if isinstance(field, _PlainResolver):
            return self._execute_plain_resolver(field, source, field_details_list, path, position_context)
        return self._execute_basic(field, source, field_details_list, path, position_context)

    def _execute_basic(
        self,
        field: BasicField,
        source: Any,
        details: FieldDetailsList,
        path: Path,
        position_context: Any,
    ) -> Any:
        """Executor.execute_field for a basic field: the same steps in the same try, without an info."""
        return_type = field.definition.type
        try:
            result = field.read(source, field.attribute)
            if field.leaf is not None and valid_as_is(field.leaf, result):
                return result  # what completing it, null or not, would give
            if self.is_awaitable(result):
                return self.complete_awaitable_value(
                    return_type,
                    details,
                    self._info(field, details, path),
                    path,
                    result,
                    position_context,
                )
            completed = self._complete(field, return_type, details, path, result, position_context)
            if self.is_awaitable(completed):
                return self._await_completed(completed, return_type, details, path)
        except Exception as raw_error:
            self.handle_field_error(raw_error, return_type, details, path)
            return None
        return completed

    def _execute_plain_resolver(
        self,
        field: _PlainResolver,
        source: Any,
        details: FieldDetailsList,
        path: Path,
        position_context: Any,
    ) -> Any:
        """Executor.execute_field with Strawberry's wrapper (argument conversion, extension chain)
        left out: for a field without arguments or extensions it only calls the function. The
        resolve info is built only if the resolver or the completion needs it."""
        return_type = field.definition.type
        info = field.info_class(self, field, details, path)
        try:
            result = field.call(source, info)
            if result is None and not field.non_null:
                return None
            elif self.is_awaitable(result):
                return self.complete_awaitable_value(
                    return_type, details, info._raw_info, path, result, position_context
                )
            else:
                completed = self._complete(field, return_type, details, path, result, position_context, info)
            if type(completed) is not dict and self.is_awaitable(completed):
                return self._await_completed(completed, return_type, details, path)
        except Exception as raw_error:
            self.handle_field_error(raw_error, return_type, details, path)
            return None
        return completed

    def _basic_field(
        self, parent_type: GraphQLObjectType, details: FieldDetailsList
    ) -> BasicField | _PlainResolver | None:
        if not self._fast:
            return None
        # What a field is depends only on its type, its name and whether the query gives it
        # arguments: worked out once per schema, not once per request.
        node = details[0].node
        key = (parent_type, node.name.value, bool(node.arguments))
        try:
            return _FIELD_KINDS[key]
        except KeyError:
            kind = self._find_basic_field(parent_type, details)
            _FIELD_KINDS[key] = kind
            return kind

    def _find_basic_field(
        self, parent_type: GraphQLObjectType, details: FieldDetailsList
    ) -> BasicField | _PlainResolver | None:
        field_name = details[0].node.name.value
        definition = self.schema.get_field(parent_type, field_name)
        if definition is None:
            return None
        strawberry_field = definition.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF)
        if not isinstance(strawberry_field, StrawberryField):
            return None
        if not getattr(definition.resolve, "_is_default", False):
            return self._find_plain_resolver(definition, parent_type, strawberry_field, details)
        if not strawberry_field.is_basic_field:
            return None
        # What Strawberry's basic resolver calls: StrawberryField.get_result without a base resolver.
        leaf = get_nullable_type(definition.type)
        return BasicField(
            definition,
            parent_type,
            field_name,
            strawberry_field.python_name,
            strawberry_field.default_resolver,
            leaf if isinstance(leaf, GraphQLScalarType | GraphQLEnumType) else None,
        )

    def _find_plain_resolver(
        self,
        definition: GraphQLField,
        parent_type: GraphQLObjectType,
        field: StrawberryField,
        details: FieldDetailsList,
    ) -> _PlainResolver | None:
        """The resolver of a field with no arguments, extensions (permissions) or custom resolve."""
        resolver = field.base_resolver
        if (
            resolver is None
            or field.extensions
            or field.arguments
            or definition.args
            or details[0].node.arguments
            or not callable(resolver.wrapped_func)
            # Strawberry's own wrapper, not a resolve function set some other way
            or getattr(definition.resolve, "__qualname__", None) not in _STRAWBERRY_WRAPPERS
        ):
            return None
        if self._info_class is None:
            return None
        source_names = tuple(
            parameter.name
            for parameter in (resolver.parent_parameter, resolver.root_parameter)
            if parameter is not None
        )
        pass_self = resolver.self_parameter is not None
        info_name = None if resolver.info_parameter is None else resolver.info_parameter.name
        return _PlainResolver(
            definition,
            parent_type,
            details[0].node.name.value,
            field,
            resolver.wrapped_func,
            pass_self,
            source_names,
            info_name,
            _lazy_info_class(self._info_class),
            not source_names and _leading_parameters(resolver.wrapped_func, pass_self, info_name),
            isinstance(definition.type, GraphQLNonNull),
        )

    def _info(
        self, field: BasicField | _PlainResolver, details: FieldDetailsList, path: Path
    ) -> GraphQLResolveInfo[Any]:
        return self.build_resolve_info(field.definition, to_nodes(details), field.parent_type, path)

    def _complete(
        self,
        field: BasicField | _PlainResolver,
        return_type: GraphQLOutputType,
        details: FieldDetailsList,
        path: Path,
        result: Any,
        position_context: Any,
        info: StrawberryInfo[Any, Any] | None = None,
    ) -> AwaitableOrValue[Any]:
        """Executor.complete_value for the common cases; the stock method (with a resolve info,
        the lazy `info`'s when given) otherwise."""
        if isinstance(result, Exception):
            raise result
        if isinstance(return_type, GraphQLNonNull):
            completed = self._complete(
                field, return_type.of_type, details, path, result, position_context, info
            )
            if completed is None:
                msg = f"Cannot return null for non-nullable field {field.parent_type}.{field.field_name}."
                raise TypeError(msg)
            return completed
        if result is None or result is Undefined:
            return None
        if isinstance(return_type, GraphQLScalarType | GraphQLEnumType):
            if valid_as_is(return_type, result):
                return result
            return self.complete_leaf_value(return_type, result)
        if isinstance(return_type, GraphQLObjectType) and not return_type.is_type_of:
            # no resolve info to build: complete_value would only check the type and then do this
            return self.collect_and_execute_subfields(return_type, details, path, result, position_context)
        resolve_info = info._raw_info if info is not None else self._info(field, details, path)
        return self.complete_value(return_type, details, resolve_info, path, result, position_context)

    async def _await_completed(
        self, completed: Awaitable[Any], return_type: GraphQLOutputType, details: FieldDetailsList, path: Path
    ) -> Any:
        try:
            return await completed
        except Exception as raw_error:
            self.handle_field_error(raw_error, return_type, details, path)
            return None


_FIELD_KINDS: dict[tuple[GraphQLObjectType, str, bool], BasicField | _PlainResolver | None] = {}
"""What each field of each schema's object types is, by (type, field name, given arguments)."""
_NEVER_AWAITABLE = (datetime, date, time, Enum, UUID, Decimal)
"""Values of custom scalars and enums that need no awaitable check before their coercion."""
_UNREADABLE = object()
"""A basic leaf whose read raised (handled by execute_field, which reads it again)."""


def _leading_parameters(function: Callable[..., Any], pass_self: bool, info_name: str | None) -> bool:
    """Whether `function`'s parameters are exactly self (when passed) then info (when asked for),
    both positional: then it can be called as function(source, info) and the like."""
    try:
        parameters = list(inspect.signature(function).parameters.values())
    except (TypeError, ValueError):
        return False
    expected = (["self"] if pass_self else []) + ([info_name] if info_name else [])
    positional = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    if len(parameters) != len(expected) or any(p.kind not in positional for p in parameters):
        return False
    # self may be named anything; info is passed by its name otherwise
    return not info_name or parameters[-1].name == info_name


BUILT_IN_SCALARS = (GraphQLString, GraphQLID, GraphQLInt, GraphQLFloat, GraphQLBoolean)


def valid_as_is(return_type: GraphQLScalarType | GraphQLEnumType, result: Any) -> bool:
    """Whether the built-in scalar's coerce_output_value would return this value unchanged."""
    kind = type(result)
    if kind is str:
        return return_type is GraphQLString or return_type is GraphQLID
    if kind is int:
        return return_type is GraphQLInt and GRAPHQL_MIN_INT <= result <= GRAPHQL_MAX_INT
    if kind is float:
        return return_type is GraphQLFloat and isfinite(result)
    if kind is bool:
        return return_type is GraphQLBoolean
    return False
