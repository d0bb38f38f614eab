"""FastFieldExecutor gives the stock executor's results, errors and null propagation included.

Each query runs through graphql-core's Executor (and through Strawberry's own executor class) and
through FastFieldExecutor, on a small schema made to reach every branch and on the real schema.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import math
from collections.abc import Awaitable
from datetime import UTC, datetime
from enum import Enum
from typing import Annotated, Any, cast

import pytest
import strawberry
from graphql import ExecutionResult, execute, parse
from graphql.execution import Executor
from graphql.pyutils import is_awaitable
from interview.accounts.service import authenticate
from interview.graphql.context import Context
from interview.graphql.execution import FastFieldExecutor, _leading_parameters
from interview.graphql.schema import build_schema, schema
from interview.services import Services
from starlette.requests import Request
from strawberry.extensions import SchemaExtension
from strawberry.permission import BasePermission
from strawberry.scalars import JSON
from strawberry.schema.config import StrawberryConfig
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.types.field import StrawberryField

from tests.graphql.test_dashboard import PAGE, Dashboard, dashboard  # noqa: F401
from tests.graphql_client import GraphQLClient

# --- a small schema reaching every branch -------------------------------------------------------


@strawberry.enum
class Color(Enum):
    RED = "red"
    GREEN = "green"


@strawberry.type
class Cat:
    name: str
    lives: int


@strawberry.type
class Dog:
    name: str
    good: bool


Animal = Annotated[Cat | Dog, strawberry.union("Animal")]


@strawberry.interface
class Named:
    name: str


@strawberry.type
class Person(Named):
    age: int


@strawberry.type
class Tag:
    label: str
    weight: float | None = None


@strawberry.type
class Item:
    id: strawberry.ID
    label: str
    count: int
    ratio: float
    flag: bool
    color: Color
    at: datetime
    data: JSON
    note: str | None
    tags: list[str]
    labels: list[Tag]
    best: Tag | None
    pet: Animal
    owner: Named
    person: Person

    @strawberry.field
    def doubled(self, by: int = 2) -> int:
        return self.count * by

    @strawberry.field
    async def later(self) -> str:
        await asyncio.sleep(0)
        return self.id.upper()


class ExplodingItem(Item):
    """An Item whose `label` cannot be read: the error must be located like the stock executor's."""

    def __getattribute__(self, name: str) -> Any:
        if name == "label":
            raise RuntimeError("cannot read label")
        return super().__getattribute__(name)


async def _awaited_label() -> str:
    await asyncio.sleep(0)
    return "from an awaitable"


def _item(index: int, **changes: Any) -> Item:
    item = Item(
        id=strawberry.ID(f"item-{index}"),
        label=f"Item {index}",
        count=index,
        ratio=index / 4,
        flag=index % 2 == 0,
        color=Color.RED if index % 2 else Color.GREEN,
        at=datetime(2024, 5, index + 1, 12, 30, tzinfo=UTC),
        data=cast(JSON, {"index": index, "nested": [1, "two", None]}),
        note=None if index % 2 else f"note {index}",
        tags=[f"t{index}", "common"],
        labels=[Tag(label="a", weight=0.5), Tag(label="b")],
        best=Tag(label="best") if index % 2 else None,
        pet=Cat(name="Tom", lives=9) if index % 2 else Dog(name="Rex", good=True),
        owner=Person(name=f"Owner {index}", age=30 + index),
        person=Person(name=f"Person {index}", age=20 + index),
    )
    return dataclasses.replace(item, **changes)


def _items() -> list[Item]:
    """Valid items, then one wrong value per kind of field (fresh per run: some hold awaitables)."""
    wrong: list[Item] = [
        _item(10, label=cast(str, None)),  # null in a non-null leaf: propagates to the item
        _item(11, count=2**40),  # not a 32-bit Int
        _item(12, ratio=math.nan),  # not a finite Float
        _item(13, color=cast(Color, "purple")),  # not a value of the enum
        _item(14, label=cast(str, 42)),  # an int where a String is declared: coerced
        _item(15, flag=cast(bool, 1)),  # an int where a Boolean is declared: coerced
        _item(16, count=cast(int, 7.0)),  # a whole float where an Int is declared: coerced
        _item(17, label=cast(str, _awaited_label())),  # an awaitable in a plain attribute
        _item(18, labels=[Tag(label=cast(str, None))]),  # null deep in a list
        _item(19, tags=cast(list[str], "not a list")),  # a string is not a list for GraphQL
        _item(20, best=cast(Tag, "not a tag")),  # a value with no sub-fields
        _item(21, note=cast(str, ValueError("an exception as a value"))),
        _item(22, owner=cast(Named, Cat(name="Tom", lives=1))),  # not a Named
        _item(24, person=cast(Person, Dog(name="Rex", good=False))),  # fails Person's is_type_of
    ]
    exploding = _item(23)
    exploding.__class__ = ExplodingItem
    return [_item(index) for index in range(4)] + wrong + [exploding]


@strawberry.type
class Query:
    @strawberry.field
    def items(self) -> list[Item | None]:
        return cast(list[Item | None], _items())

    @strawberry.field
    def strict_items(self) -> list[Item]:
        """Non-null items: one null leaf nulls the whole list, and then the field."""
        return [_item(0), _item(1), _item(30, label=cast(str, None))]

    @strawberry.field
    def first(self) -> Item:
        return _item(1)

    @strawberry.field
    def request(self, info: strawberry.Info) -> JSON:
        """What a resolver sees of the request through Strawberry's Info."""
        return cast(JSON, {"variables": info.variable_values, "extensions": info.input_extensions})

    @strawberry.field
    async def async_items(self) -> list[Item]:
        await asyncio.sleep(0)
        return [_item(index) for index in range(4)]


ITEM_FIELDS = """
  __typename id label count ratio flag color at data note tags
  labels { label weight } best { label }
  pet { __typename ... on Cat { name lives } ... on Dog { name good } }
  owner { __typename name ... on Person { age } }
  person { name age }
  doubled(by: 3) later
"""
QUERIES = [
    f"{{ items {{ {ITEM_FIELDS} }} }}",
    f"{{ strictItems {{ {ITEM_FIELDS} }} first {{ id label }} }}",
    f"{{ first {{ {ITEM_FIELDS} }} asyncItems {{ {ITEM_FIELDS} }} }}",
    "query($by: Int!) { first { doubled(by: $by) again: doubled plain: label } }",
    "fragment F on Item { id label tags } { items { ...F ... on Item { count label } } }",
]


def _outcome(result: ExecutionResult) -> tuple[str, list[tuple[str, Any, Any]]]:
    """The response as JSON text (so that 7 and 7.0 differ) and the errors with their places."""
    errors = [(e.message, e.path, e.locations) for e in result.errors or []]
    return json.dumps(result.data), sorted(errors, key=repr)


async def _graphql_core(
    strawberry_schema: strawberry.Schema,
    executor_class: type[Executor[Any]],
    query: str,
    **kwargs: Any,
) -> ExecutionResult:
    result = execute(strawberry_schema._schema, parse(query), executor_class=executor_class, **kwargs)
    if is_awaitable(result):
        result = await cast(Awaitable[ExecutionResult], result)
    return cast(ExecutionResult, result)


class CountingExecutor(FastFieldExecutor):
    """Counts the resolve infos built: a basic field read on the short path builds none."""

    infos = 0

    def build_resolve_info(self, *args: Any, **kwargs: Any) -> Any:
        CountingExecutor.infos += 1
        return super().build_resolve_info(*args, **kwargs)


SMALL = strawberry.Schema(query=Query, types=[Person])


@pytest.mark.parametrize("query", QUERIES)
async def test_the_small_schema_gives_graphql_cores_results(query: str) -> None:
    variables = {"by": 5}
    stock = await _graphql_core(SMALL, Executor, query, variable_values=variables)
    fast = await _graphql_core(SMALL, FastFieldExecutor, query, variable_values=variables)
    assert _outcome(fast) == _outcome(stock)


REQUEST_QUERY = "query($by: Int!) { request first { doubled(by: $by) } }"


@pytest.mark.parametrize("query", [*QUERIES, REQUEST_QUERY])
async def test_the_small_schema_gives_strawberrys_results(query: str) -> None:
    fast_schema = strawberry.Schema(query=Query, types=[Person], execution_context_class=FastFieldExecutor)
    stock = await SMALL.execute(query, variable_values={"by": 5}, operation_extensions={"trace": True})
    fast = await fast_schema.execute(query, variable_values={"by": 5}, operation_extensions={"trace": True})
    assert _outcome(fast) == _outcome(stock)
    if query == REQUEST_QUERY:
        assert fast.data is not None
        assert fast.data["request"] == {"variables": {"by": 5}, "extensions": {"trace": True}}


async def test_errors_and_null_propagation_are_exercised() -> None:
    """The queries above do reach the error branches (else the comparison would prove little)."""
    result = await _graphql_core(SMALL, FastFieldExecutor, QUERIES[0])
    assert result.data is not None
    items = result.data["items"]
    messages = " | ".join(e.message for e in result.errors or [])
    assert "Cannot return null for non-nullable field Item.label." in messages
    assert "non 32-bit signed integer" in messages and "non numeric value: nan" in messages
    assert "Enum 'Color' cannot represent value: 'purple'" in messages
    assert "cannot read label" in messages and "an exception as a value" in messages
    assert "Expected Iterable" in messages and "Expected value of type 'Person'" in messages
    assert items[4] is None  # the null label nulled its item
    assert items[8]["label"] == "42" and items[9]["flag"] is True and items[10]["count"] == 7
    assert items[11]["label"] == "from an awaitable"
    assert items[0]["color"] == "GREEN" and items[0]["at"] == "2024-05-01T12:30:00+00:00"
    assert items[1]["pet"] == {"__typename": "Cat", "name": "Tom", "lives": 9}
    strict = await _graphql_core(SMALL, FastFieldExecutor, QUERIES[1])
    assert strict.data is None  # through the non-null list up to the root
    assert [e.path for e in strict.errors or []] == [["strictItems", 2, "label"]]


async def test_basic_fields_build_no_resolve_info() -> None:
    CountingExecutor.infos = 0
    result = await _graphql_core(SMALL, CountingExecutor, "{ first { id label count tags best { label } } }")
    assert not result.errors
    # the list `tags` only: `first` (a resolver that never reads its info), `best` and the leaves none
    assert CountingExecutor.infos == 1


async def test_an_objects_leaves_are_completed_without_a_call_each() -> None:
    """Leaves of built-in scalars, enums and custom scalars are read in the object's own loop."""
    calls: list[str] = []

    class Calls(FastFieldExecutor):
        """Records each field executed on its own, by any of the three paths."""

        def execute_field(self, parent_type: Any, source: Any, details: Any, *args: Any) -> Any:
            calls.append(details[0].node.name.value)
            return super().execute_field(parent_type, source, details, *args)

        def _execute_basic(self, field: Any, source: Any, details: Any, *args: Any) -> Any:
            calls.append(details[0].node.name.value)
            return super()._execute_basic(field, source, details, *args)

        def _execute_plain_resolver(self, field: Any, source: Any, details: Any, *args: Any) -> Any:
            calls.append(details[0].node.name.value)
            return super()._execute_plain_resolver(field, source, details, *args)

    query = "{ first { id label count ratio flag color at data note tags best { label } } }"
    result = await _graphql_core(SMALL, Calls, query)
    assert not result.errors and result.data
    assert (
        result.data["first"]["color"] == "RED" and result.data["first"]["at"] == "2024-05-02T12:30:00+00:00"
    )
    assert calls == ["first", "tags", "best"]


async def test_middleware_takes_the_stock_path() -> None:
    def shout(next_: Any, root: Any, info: Any, **args: Any) -> Any:
        value = next_(root, info, **args)
        return value.upper() if isinstance(value, str) else value

    query = QUERIES[0]
    stock = await _graphql_core(SMALL, Executor, query, middleware=[shout])
    fast = await _graphql_core(SMALL, FastFieldExecutor, query, middleware=[shout])
    assert _outcome(fast) == _outcome(stock)
    assert fast.data is not None and fast.data["items"][0]["label"] == "ITEM 0"


async def test_a_strawberry_extension_with_resolve_takes_the_stock_path() -> None:
    class Exclaim(SchemaExtension):
        def resolve(self, _next: Any, root: Any, info: Any, **kwargs: Any) -> Any:
            value = _next(root, info, **kwargs)
            return value + "!" if isinstance(value, str) else value

    stock = strawberry.Schema(query=Query, types=[Person], extensions=[Exclaim])
    fast = strawberry.Schema(
        query=Query, types=[Person], extensions=[Exclaim], execution_context_class=FastFieldExecutor
    )
    query = "{ first { id label } }"
    assert _outcome(await fast.execute(query)) == _outcome(await stock.execute(query))
    assert (await fast.execute(query)).data == {"first": {"id": "item-1!", "label": "Item 1!"}}


def _read(source: Any, name: str) -> Any:
    return source[name] if isinstance(source, dict) else getattr(source, name)


@strawberry.type
class Row:
    name: str
    size: int


@strawberry.type
class RowQuery:
    @strawberry.field
    def rows(self) -> list[Row]:
        return cast(list[Row], [{"name": "a", "size": 1}, {"name": "b", "size": 2**40}])


async def test_the_configured_default_resolver_reads_basic_fields() -> None:
    config = StrawberryConfig(default_resolver=_read)
    stock = strawberry.Schema(query=RowQuery, config=config)
    fast = strawberry.Schema(query=RowQuery, config=config, execution_context_class=FastFieldExecutor)
    query = "{ rows { name size } }"
    assert _outcome(await fast.execute(query)) == _outcome(await stock.execute(query))
    result = await fast.execute(query)
    assert result.data is None and result.errors and "32-bit" in result.errors[0].message
    assert (await fast.execute("{ rows { name } }")).data == {"rows": [{"name": "a"}, {"name": "b"}]}


@strawberry.type
class Problem:
    message: str


class Broken(Exception):
    pass


class ProblemHandler(strawberry.ExceptionHandler[Broken, Problem]):  # type: ignore[misc]
    def handle(self, exception: Broken, *, field: StrawberryField, info: Any) -> Problem:
        return Problem(message=str(exception))


class BrokenHolder:
    @property
    def value(self) -> str:
        raise Broken("no value")


@strawberry.type
class Holder:
    value: Annotated[Tag | Problem, strawberry.union("Outcome")]


@strawberry.type
class HolderQuery:
    @strawberry.field
    def holder(self) -> Holder:
        return cast(Holder, BrokenHolder())


async def test_an_exception_handler_turns_a_basic_field_into_a_wrapped_one() -> None:
    query = "{ holder { value { __typename ... on Problem { message } } } }"
    stock = strawberry.Schema(query=HolderQuery, exception_handlers=[ProblemHandler()])
    fast = strawberry.Schema(
        query=HolderQuery, exception_handlers=[ProblemHandler()], execution_context_class=FastFieldExecutor
    )
    assert _outcome(await fast.execute(query)) == _outcome(await stock.execute(query))
    assert (await fast.execute(query)).data == {
        "holder": {"value": {"__typename": "Problem", "message": "no value"}}
    }


# --- resolvers without arguments ----------------------------------------------------------------


class Deny(BasePermission):
    message = "not for you"

    def has_permission(self, source: Any, info: strawberry.Info, **kwargs: Any) -> bool:
        return False


@strawberry.type
class Shelf:
    label: str

    @strawberry.field
    def loud(self) -> str:
        return self.label.upper()

    @strawberry.field
    def seen(self, info: strawberry.Info) -> JSON:
        """What the resolver sees of its Info: the field, its path, the variables."""
        return cast(
            JSON,
            {
                "field": info.field_name,
                "python": info._field.python_name,
                "path": info.path.as_list(),
                "variables": info.variable_values,
                "returns": str(info.return_type),
            },
        )

    @strawberry.field
    def through_parent(parent: strawberry.Parent[Shelf]) -> str:
        return f"parent {parent.label}"

    @strawberry.field
    def self_and_parent(self, info: strawberry.Info, root: strawberry.Parent[Shelf]) -> bool:
        return self is root and info.field_name == "selfAndParent"

    @strawberry.field
    def failing(self) -> str | None:
        raise ValueError(f"no value for {self.label}")

    @strawberry.field
    def failing_strict(self) -> str:
        raise ValueError("strict failure")

    @strawberry.field
    def null_strict(self) -> str:
        return cast(str, None)

    @strawberry.field
    def wrong_type(self) -> int:
        return cast(int, "seven")

    @strawberry.field
    def nested(self) -> Tag:
        return Tag(label=f"in {self.label}", weight=1.5)

    @strawberry.field
    def tags(self) -> list[Tag | None]:
        return [Tag(label="x"), None]

    @strawberry.field
    async def slow(self, info: strawberry.Info) -> str:
        await asyncio.sleep(0)
        return f"{self.label} at {info.path.as_list()}"

    @strawberry.field
    async def slow_failing(self) -> int:
        await asyncio.sleep(0)
        raise RuntimeError("async failure")

    @strawberry.field(permission_classes=[Deny])
    def guarded(self) -> str | None:
        return "secret"

    @strawberry.field
    def with_default(self, times: int = 2) -> str:
        return self.label * times


@strawberry.type
class ShelfQuery:
    @strawberry.field
    def shelves(self) -> list[Shelf | None]:
        return [Shelf(label="a"), Shelf(label="b")]

    @strawberry.field
    def root_is_none(self, info: strawberry.Info) -> bool:
        return self is None and info.field_name == "rootIsNone"


SHELF_QUERIES = [
    """{ rootIsNone shelves { label loud seen throughParent selfAndParent failing nested { label weight }
         tags { label } slow guarded withDefault } }""",
    "{ shelves { label slowFailing } }",
    "{ shelves { failingStrict } }",
    "{ shelves { nullStrict } }",
    "{ shelves { wrongType } }",
    "query($x: Int) { shelves { seen twice: withDefault(times: $x) } }",
    "fragment F on Shelf { loud slow } { shelves { ...F seen alias: loud } }",
]
SHELVES = strawberry.Schema(query=ShelfQuery)
FAST_SHELVES = strawberry.Schema(query=ShelfQuery, execution_context_class=FastFieldExecutor)


class PlainResolverCounter(FastFieldExecutor):
    """Counts the fields executed on the plain resolver path."""

    plain = 0

    def _execute_plain_resolver(self, *args: Any, **kwargs: Any) -> Any:
        PlainResolverCounter.plain += 1
        return super()._execute_plain_resolver(*args, **kwargs)


@pytest.mark.parametrize("query", SHELF_QUERIES)
async def test_resolvers_without_arguments_give_strawberrys_results(query: str) -> None:
    variables = {"x": 3}
    stock = await SHELVES.execute(query, variable_values=variables)
    fast = await FAST_SHELVES.execute(query, variable_values=variables)
    assert _outcome(fast) == _outcome(stock)


async def test_resolvers_without_arguments_take_the_plain_path() -> None:
    counting = strawberry.Schema(query=ShelfQuery, execution_context_class=PlainResolverCounter)
    PlainResolverCounter.plain = 0
    result = await counting.execute(SHELF_QUERIES[0])
    assert result.data is not None
    shelf = result.data["shelves"][0]
    assert shelf["seen"] == {
        "field": "seen",
        "python": "seen",
        "path": ["shelves", 0, "seen"],
        "variables": {},
        "returns": "strawberry.scalars.JSON",
    }
    assert shelf["throughParent"] == "parent a" and shelf["selfAndParent"] is True
    assert result.data["rootIsNone"] is True and shelf["slow"] == "a at ['shelves', 0, 'slow']"
    messages = {e.message for e in result.errors or []}
    assert messages == {"no value for a", "no value for b", "not for you"}
    # per shelf: loud seen throughParent selfAndParent failing nested tags slow (8), and
    # rootIsNone and shelves; `guarded` (a permission) and `withDefault` (an argument) do not
    assert PlainResolverCounter.plain == 2 + 8 * 2


# --- the real schema ----------------------------------------------------------------------------


async def _context(services: Services, token: str) -> Context:
    principal = await authenticate(token, services.settings.resolved_secret_key())
    return Context(
        request=Request({"type": "http", "headers": []}),
        response=None,
        services=services,
        principal=principal,
    )


SESSION_QUERY = """query($first: Int) {
  sessions(first: $first) { totalCount edges { cursor node {
    id jobTitle interviewType difficulty status startTime endTime videoEnabled audioEnabled
    totalQuestions totalResponses currentDifficulty durationSeconds
    persona { id name title style description voice }
    questions { id sequenceNumber questionText questionType difficulty isFollowUp askedAt answeredAt skipped }
    transcripts { id sequenceNumber speaker speakerName text language audioDurationMs confidenceScore
                  timestamp voiceMetrics { speechPace pauseCount fillerWords volumeLevel clarityScore }
                  feedback { id overallScore star { hasSituation hasResult } fillerWordsDetected
                             improvementSuggestions } }
    report { id overallScore strengths weaknesses resourcesRecommended reportJson questionsAnswered
             createdAt percentileRank comparedToCount }
  } } }
}"""


@pytest.mark.parametrize("query", [PAGE, SESSION_QUERY, "{ personas { id name voice } }", "{ me { id } }"])
async def test_the_real_schema_gives_strawberrys_results(
    query: str,
    services: Services,
    dashboard: Dashboard,  # noqa: F811
) -> None:
    stock_schema = build_schema()
    stock_schema.execution_context_class = StrawberryGraphQLCoreExecutionContext
    variables = {"first": 20}
    fast = await schema.execute(
        query, variables, context_value=await _context(services, dashboard.account.token)
    )
    stock = await stock_schema.execute(
        query, variables, context_value=await _context(services, dashboard.account.token)
    )
    assert _outcome(fast) == _outcome(stock)
    assert fast.data


async def test_the_real_schema_reads_a_dashboard_page_mostly_without_resolve_infos(
    services: Services,
    dashboard: Dashboard,  # noqa: F811
) -> None:
    counting = build_schema()
    counting.execution_context_class = CountingExecutor
    query = """query($first: Int) { reports(first: $first) { edges { cursor node {
      id overallScore createdAt
      session { id jobTitle interviewType persona { id name } }
      bestAnswer { id text }
    } } } }"""
    CountingExecutor.infos = 0
    result = await counting.execute(
        query, {"first": 50}, context_value=await _context(services, dashboard.account.token)
    )
    assert not result.errors and result.data
    # reports and the edges list; each report's session, persona and best answer are resolvers that
    # answer from the rows read with the page and never read their info, so none is built for them
    assert CountingExecutor.infos == 2


async def test_the_app_serves_through_the_fast_executor(client: GraphQLClient) -> None:
    assert schema.execution_context_class is not None
    assert issubclass(schema.execution_context_class, FastFieldExecutor)
    body = await client.execute("{ personas { id name } }")
    assert body["data"]["personas"] and "errors" not in body


def test_resolvers_of_self_and_info_are_called_positionally() -> None:
    """A resolver taking (self, info), (self) or (info) is called without keyword arguments; any
    other shape (parent or root parameters, keyword-only info) keeps Strawberry's keywords."""

    def self_and_info(self: Any, info: Any) -> None: ...
    def self_only(self: Any) -> None: ...
    def info_only(info: Any) -> None: ...
    def keyword_info(self: Any, *, info: Any) -> None: ...
    def self_info_root(self: Any, info: Any, root: Any) -> None: ...

    assert _leading_parameters(self_and_info, True, "info")
    assert _leading_parameters(self_only, True, None)
    assert _leading_parameters(info_only, False, "info")
    assert not _leading_parameters(keyword_info, True, "info")
    assert not _leading_parameters(self_info_root, True, "info")
    assert not _leading_parameters(self_and_info, True, None)
