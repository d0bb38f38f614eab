"""The `interview` command: serve, worker, migrate, seed, export-schema, doctor."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from interview.settings import Settings, get_settings

REPO_ROOT = Path(__file__).resolve().parents[2]

WEBSOCKET_IMPLEMENTATION = "wsproto"
"""uvicorn's websocket protocol, used without per-message deflate (events are small JSON or base64
audio, which deflate barely shrinks). Server memory per open subscriber in bench/fanout.py:
`websockets-sansio` 48 KB, `wsproto` 44.5 KB, at the same CPU per delivery and latency."""


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    from interview.app import create_app
    from interview.memory import tune_api_process

    tune_api_process(runs_speech_jobs=settings.speech_queue == "process")

    uvicorn.run(
        create_app(settings),
        host=args.host or settings.host,
        port=args.port or settings.port,
        log_config=None,
        ws=WEBSOCKET_IMPLEMENTATION,
        ws_per_message_deflate=False,
        timeout_graceful_shutdown=10,
    )
    return 0


def _worker(settings: Settings, args: argparse.Namespace) -> int:
    from interview.logging import configure_logging
    from interview.speech_queue.worker import run_worker

    if settings.redis_url is None:
        print("interview worker needs REDIS_URL (the speech queue is a Redis stream)", file=sys.stderr)
        return 2
    configure_logging(settings.log_level)
    asyncio.run(run_worker(settings, args.concurrency))
    return 0


async def _migrate(settings: Settings) -> None:
    from interview.db.engine import locate_database
    from interview.db.migrate import migrate_forwards

    database = locate_database(settings)
    try:
        await database.open_pool(max_size=2)
        await migrate_forwards()
    finally:
        await database.close()
    print(f"migrated {database.describe()}")


async def _seed(settings: Settings) -> None:
    from interview.db.engine import locate_database
    from interview.interviews.personas import seed_personas

    database = locate_database(settings)
    try:
        await database.open_pool(max_size=2)
        count = await seed_personas()
    finally:
        await database.close()
    print(f"seeded {count} personas into {database.describe()}")


def _export_schema(output: Path) -> None:
    from interview.graphql.schema import schema

    output.write_text(schema.as_str() + "\n")
    print(f"wrote {output}")


async def _doctor(settings: Settings) -> int:
    from interview.ai.registry import build_providers
    from interview.db.engine import locate_database
    from interview.events.build import build_broker

    healthy = True
    database = locate_database(settings)
    try:
        await database.open_pool(max_size=1)
        database_ok = await database.ping()
    except Exception as error:
        database_ok = False
        print(f"  ({error})")
    print(f"database : {database.describe()} — {'answers' if database_ok else 'DOES NOT ANSWER'}")
    healthy &= database_ok
    broker = build_broker(settings)
    try:
        await broker.start()
        broker_ok = await broker.ping()
    except Exception:
        broker_ok = False
    print(f"broker   : {broker.describe()} — {'answers' if broker_ok else 'DOES NOT ANSWER'}")
    healthy &= broker_ok
    await broker.close()
    healthy &= await _doctor_queue(settings)
    providers = build_providers(settings)
    for status in await providers.check():
        print(f"ai       : {status}")
    await database.close()
    return 0 if healthy else 1


async def _doctor_queue(settings: Settings) -> bool:
    """Print where speech jobs run; with the queue, its depth and live workers (none is unhealthy)."""
    if settings.speech_queue != "redis":
        print("speech   : in this process (SPEECH_QUEUE=process)")
        return True
    from redis.asyncio import Redis

    from interview.speech_queue.health import queue_health

    assert settings.redis_url is not None
    redis: Redis = Redis.from_url(settings.redis_url)
    try:
        health = await queue_health(redis)
    finally:
        await redis.aclose()
    print(f"speech   : queue on Redis — {health}")
    return health.answers and bool(health.workers)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="interview", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the API and the SPA")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    worker = commands.add_parser("worker", help="load the speech models and run speech jobs from the queue")
    worker.add_argument(
        "--concurrency", type=int, default=0, help="jobs at once (default SPEECH_WORKERS; 0: one per core)"
    )
    commands.add_parser("migrate", help="apply database migrations")
    commands.add_parser("seed", help="insert or update the interviewer personas")
    export = commands.add_parser("export-schema", help="write schema.graphql from the code")
    export.add_argument("--output", type=Path, default=REPO_ROOT / "schema.graphql")
    commands.add_parser(
        "doctor", help="say which database, broker and AI providers are in use, and if they answer"
    )
    args = parser.parse_args(argv)

    if args.command == "export-schema":
        _export_schema(args.output)
        return 0
    settings = get_settings()
    if args.command == "serve":
        return _serve(settings, args)
    if args.command == "worker":
        return _worker(settings, args)
    if args.command == "migrate":
        asyncio.run(_migrate(settings))
        return 0
    if args.command == "seed":
        asyncio.run(_seed(settings))
        return 0
    if args.command == "doctor":
        return asyncio.run(_doctor(settings))
    parser.error(f"unknown command {args.command}")
    return 2


if __name__ == "__main__":
    sys.exit(main())
