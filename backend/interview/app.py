"""The ASGI application: GraphQL (HTTP and graphql-transport-ws), health, metrics and the SPA."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import orjson
import structlog
from cross_web import HTTPException
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLHTTPResponse
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL, GRAPHQL_WS_PROTOCOL
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET

from interview.accounts.passwords import start_password_pool
from interview.accounts.principal import Principal
from interview.accounts.service import authenticate
from interview.events.bus import Broker
from interview.graphql.accounts.revocations import OpenSockets, handler_class, listen_for_revocations
from interview.graphql.context import Context
from interview.graphql.live.delivery import LiveTransportWS
from interview.graphql.rate_limit import (
    FixedWindowLimiter,
    build_counters,
    build_login_throttle,
    build_rate_limiter,
)
from interview.graphql.response_cache import ResponseCache, listen_for_report_changes
from interview.graphql.schema import schema
from interview.graphql.text_frames import TextFrames
from interview.graphql_http import (
    GRAPHQL_RESPONSE,
    JSON,
    is_request_error,
    media_type_of,
    request_error,
    response_media_type,
)
from interview.http_limits import BodySizeLimit, SecurityHeaders
from interview.interviews.turn.recovery import run_recovery
from interview.logging import configure_logging
from interview.media_http import media_routes
from interview.metrics import HTTP_REQUESTS, REGISTRY, metrics_allowed
from interview.services import Services, open_services
from interview.settings import Settings, get_settings
from interview.speech_queue.metrics import REGISTRY as SPEECH_QUEUE_REGISTRY
from interview.video_http import video_routes

log = structlog.get_logger("interview.app")

SPA_DIST = Path(__file__).resolve().parents[2] / "frontend" / "dist"
GRAPHQL_PATH = "/graphql"


def _bearer(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    scheme, _, token = value.strip().partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


class InterviewGraphQL(GraphQL[Context, None]):
    """The GraphQL view: builds a typed context per request and authenticates websockets."""

    websocket_adapter_class = TextFrames

    def __init__(
        self, services_ref: dict[str, Services], max_response_bytes: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(schema, **kwargs)
        self._services_ref = services_ref
        self.max_response_bytes = max_response_bytes
        self.open_sockets = OpenSockets()
        self.graphql_transport_ws_handler_class = handler_class(
            self.open_sockets, self.authenticate_socket, LiveTransportWS
        )

    @property
    def services(self) -> Services:
        return self._services_ref["services"]

    def encode_json(self, data: object) -> bytes:
        """orjson: a dashboard page's answer (~40 kB) takes a tenth of the std json's time.

        What orjson refuses (an int beyond 64 bits inside a JSON scalar) goes to the std encoder.
        """
        try:
            encoded = orjson.dumps(data)
        except TypeError:
            text = super().encode_json(data)
            encoded = text.encode() if isinstance(text, str) else text
        if self.max_response_bytes is not None and len(encoded) > self.max_response_bytes:
            return orjson.dumps(_too_large_response(data, len(encoded), self.max_response_bytes))
        return encoded

    async def authenticate_socket(self, context: Context) -> Principal | None:
        """The principal of a websocket's token now (it may have been revoked since it connected)."""
        params = context.connection_params or {}
        token = _bearer(params.get("authorization") or params.get("Authorization"))
        return await authenticate(token, self.services.settings.resolved_secret_key()) if token else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """HTTP with the spec's media types and status codes (interview.graphql_http)."""
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope=scope, receive=receive)
        accept = request.headers.get("accept", "")
        media_type = response_media_type(accept)
        response: Response
        if media_type is None and "text/html" not in accept:  # text/html alone: GraphiQL, below
            response = request_error(406, f"Accept {JSON} or {GRAPHQL_RESPONSE}.", JSON)
        else:
            scope["graphql_media_type"] = media_type or JSON
            try:
                response = await self.run(request)
            except HTTPException as error:
                allow = {"allow": "POST" if request.method == "GET" else "GET, POST"}
                response = request_error(
                    error.status_code,
                    error.reason,
                    media_type or JSON,
                    allow if error.status_code == 405 else None,
                )
        await response(scope, receive, send)

    async def execute_single(self, *args: Any, **kwargs: Any) -> ExecutionResult:
        """A mutation sent with GET is 405 Method Not Allowed, as GraphQL over HTTP says."""
        try:
            return await super().execute_single(*args, **kwargs)
        except HTTPException as error:
            if isinstance(error.__cause__, InvalidOperationTypeError):
                raise HTTPException(405, error.reason) from error
            raise

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        sub_response = await super().get_sub_response(request)
        sub_response.media_type = media_type_of(request)
        return sub_response

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:
        processed = await super().process_result(request, result)
        if media_type_of(request) == GRAPHQL_RESPONSE and is_request_error(processed):
            processed.pop("data", None)  # the operation never ran: no data entry at all
        return processed

    def create_response(
        self, response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse], sub_response: Response
    ) -> Response:
        response = super().create_response(response_data, sub_response)
        if sub_response.media_type == GRAPHQL_RESPONSE:
            response.headers["content-type"] = GRAPHQL_RESPONSE
            if is_request_error(response_data) and not sub_response.status_code:
                response.status_code = 400
        return response

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        context = Context(request=request, response=response, services=self.services)
        if isinstance(request, Request):
            request_id = request.headers.get("x-request-id") or context.request_id
            context.request_id = request_id[:64]
            structlog.contextvars.bind_contextvars(request_id=context.request_id)
            token = _bearer(request.headers.get("authorization"))
            if token:
                context.principal = await authenticate(token, self.services.settings.resolved_secret_key())
        return context

    async def on_ws_connect(self, context: Context) -> Any:
        principal = await self.authenticate_socket(context)
        if principal is None:
            raise ConnectionRejectionError(
                {"message": "A valid bearer token is required in connection_init."}
            )
        context.principal = principal
        return UNSET  # connection_ack without a payload (not "payload": null)


def _too_large_response(data: object, size: int, limit: int) -> dict[str, Any]:
    """What replaces an answer over GRAPHQL_MAX_RESPONSE_BYTES (an HTTP body or a websocket message)."""
    error = {
        "message": f"The answer would be {size:,} bytes, over the limit of {limit:,}: "
        "ask for fewer fields or items.",
        "extensions": {"code": "PAYLOAD_TOO_LARGE"},
    }
    if isinstance(data, dict) and "payload" in data and "id" in data:  # a websocket "next"
        return {**data, "payload": {"data": None, "errors": [error]}}
    return {"data": None, "errors": [error]}


GC_YOUNG_THRESHOLD = 10_000
"""Allocations between young collections (Python's default is 700); see `_tune_garbage_collector`."""


def _tune_garbage_collector() -> None:
    """Keep the collector's pauses short while thousands of websockets stay open.

    Everything alive after start-up lives as long as the process: frozen, the full collections
    never re-scan it (a dashboard page makes ~100k short-lived objects; bench/reports.py). Objects
    made later for open websockets are still scanned by every full collection, and with Python's
    default thresholds the objects in flight at each young collection were promoted so fast that
    full collections of 2,000 sockets' objects ran every 1-4 s and took ~200 ms each: they were
    the whole p99 of bench/fanout.py (198 ms, p50 1.3 ms). Young collections 14x rarer leave the
    rest of each delivery's objects to die by reference count first (p99 21 ms).
    """
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(GC_YOUNG_THRESHOLD, middle, old)


class InterviewApp(Starlette):
    """Starlette, except that a GraphQL websocket goes straight to the GraphQL view.

    A websocket stays open for a whole interview, and every middleware and routing frame it
    passes through stays in memory that long. None of them does anything for a websocket (the
    request log, the body limit and CORS are HTTP-only), so at thousands of open sockets the
    shortcut saves a few KB each (bench/fanout.py).
    """

    def __init__(self, graphql_websocket: ASGIApp, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._graphql_websocket = graphql_websocket

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket" and scope["path"] == GRAPHQL_PATH:
            scope["app"] = self
            await self._graphql_websocket(scope, receive, send)
            return
        await super().__call__(scope, receive, send)


def create_app(settings: Settings | None = None, services: Services | None = None) -> Starlette:
    """The app; opens its own services in the lifespan unless the caller (a test) passes them."""
    settings = settings or get_settings()
    services_ref: dict[str, Services] = {}
    counters = build_counters(settings)
    response_cache = (
        ResponseCache(settings.dashboard_cache_seconds) if settings.dashboard_cache_seconds else None
    )
    start_password_pool(settings.password_workers)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        # read by interview.graphql.rate_limit
        app.state.rate_limiter = build_rate_limiter(settings, counters)
        app.state.login_throttle = build_login_throttle(settings, counters)
        app.state.response_cache = response_cache
        if services is not None:
            services_ref["services"] = services
            revocations = asyncio.create_task(
                listen_for_revocations(services.broker, graphql_app.open_sockets)
            )
            report_changes = _listen_for_report_changes(services.broker, response_cache)
            try:
                yield
            finally:
                await _stop(revocations)
                await _stop(report_changes)
                await counters.close()
            return
        configure_logging(settings.log_level)
        opened = await open_services(settings)
        services_ref["services"] = opened
        log.info("started", database=opened.database.describe(), broker=opened.broker.describe())
        _tune_garbage_collector()
        recovery = asyncio.create_task(run_recovery(opened))  # in the background: start-up is not blocked
        revocations = asyncio.create_task(listen_for_revocations(opened.broker, graphql_app.open_sockets))
        report_changes = _listen_for_report_changes(opened.broker, response_cache)
        try:
            yield
        finally:
            await _stop(recovery)
            await _stop(revocations)
            await _stop(report_changes)
            await counters.close()
            await opened.close()

    production = settings.environment == "production"
    graphql_app = InterviewGraphQL(
        services_ref,
        max_response_bytes=settings.graphql_max_response_bytes,
        multipart_uploads_enabled=True,
        keep_alive=True,
        keep_alive_interval=15,
        graphql_ide="graphiql" if settings.graphiql_enabled() else None,
        # The legacy graphql-ws protocol has no way to refuse a token cleanly (it closes with 1011).
        subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,)
        if production
        else (GRAPHQL_TRANSPORT_WS_PROTOCOL, GRAPHQL_WS_PROTOCOL),
        connection_init_wait_timeout=timedelta(seconds=settings.ws_init_timeout_seconds),
    )

    async def healthz(request: Request) -> JSONResponse:
        current = services_ref["services"]
        database_ok = await current.database.ping()
        broker_ok = await current.broker.ping()
        healthy = database_ok and broker_ok
        speech = await _speech_health(current)
        return JSONResponse(
            {
                "status": "ok" if healthy else "unavailable",
                "database": database_ok,
                "broker": broker_ok,
                "speech": speech,
            },
            status_code=200 if healthy else 503,
        )

    async def metrics(request: Request) -> Response:
        if not metrics_allowed(settings, request.headers.get("authorization")):
            return Response(status_code=404)
        await _speech_health(services_ref["services"])  # sets the queue's gauges
        body = generate_latest(REGISTRY) + generate_latest(SPEECH_QUEUE_REGISTRY)
        return Response(body, media_type=CONTENT_TYPE_LATEST)

    routes: list[Any] = [
        Route("/healthz", healthz),
        Route("/metrics", metrics),
        Route(GRAPHQL_PATH, graphql_app, methods=["GET", "POST", "OPTIONS"]),
        *media_routes(settings, lambda: services_ref["services"].media_storage),
        *video_routes(
            settings,
            lambda: services_ref["services"].media_storage,
            FixedWindowLimiter(counters, settings.video_requests_per_minute, 60)
            if settings.video_requests_per_minute
            else None,
        ),
    ]
    routes.extend(_spa_routes())

    middleware = [
        Middleware(RequestLog),
        Middleware(SecurityHeaders),
        Middleware(BodySizeLimit, limit=settings.max_upload_bytes, other_limit=settings.max_request_bytes()),
    ]
    if settings.cors_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=settings.cors_origins,
                allow_methods=["GET", "POST", "PUT", "OPTIONS"],
                allow_headers=["authorization", "content-type", "x-request-id"],
            )
        )
    return InterviewApp(graphql_app, routes=routes, middleware=middleware, lifespan=lifespan)


async def _speech_health(services: Services) -> dict[str, Any]:
    """Where speech jobs run; with the queue, its depth and live workers (no worker is reported,
    not a 503: restarting API processes would not bring workers back)."""
    if services.settings.speech_queue != "redis":
        return {"queue": "process"}
    from interview.speech_queue.client import QueuedSpeechJobs

    jobs = services.providers.speech_jobs
    assert isinstance(jobs, QueuedSpeechJobs)
    return {"queue": "redis", **(await jobs.health()).as_json()}


def _listen_for_report_changes(broker: Broker, cache: ResponseCache | None) -> asyncio.Task[None]:
    """The task that keeps the dashboard cache true (one that does nothing when it is off)."""
    if cache is None:
        return asyncio.create_task(_forever())
    return asyncio.create_task(listen_for_report_changes(broker, cache))


async def _forever() -> None:
    await asyncio.Event().wait()


async def _stop(task: asyncio.Task[None]) -> None:
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


def _spa_routes() -> list[Any]:
    """The built SPA at /, with index.html for client-side routes; nothing when it is not built."""
    if not (SPA_DIST / "index.html").exists():
        return []

    async def index(request: Request) -> FileResponse:
        return FileResponse(SPA_DIST / "index.html")

    routes: list[Any] = []
    if (SPA_DIST / "assets").is_dir():
        routes.append(Mount("/assets", StaticFiles(directory=SPA_DIST / "assets"), name="assets"))
    for item in SPA_DIST.iterdir():
        if item.is_file() and item.name != "index.html":
            routes.append(Route(f"/{item.name}", _static_file(item)))
    routes.append(Route("/{path:path}", index))
    return routes


def _static_file(path: Path) -> Any:
    async def serve(request: Request) -> FileResponse:
        return FileResponse(path)

    return serve


class RequestLog:
    """Counts HTTP requests by path and status; binds a request id for the logs."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=uuid.uuid4().hex[:16])
        path = scope.get("path", "")
        label = path if path in ("/graphql", "/healthz", "/metrics") else "other"

        async def counting_send(message: Any) -> None:
            if message["type"] == "http.response.start":
                HTTP_REQUESTS.labels(label, str(message["status"])).inc()
            await send(message)

        await self.app(scope, receive, counting_send)
