"""A TCP proxy in front of the real Redis, to cut or freeze a broker's connections on demand."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field


@dataclass(eq=False)
class _Link:
    client: asyncio.StreamWriter
    upstream: asyncio.StreamWriter
    frozen: bool = False
    tasks: list[asyncio.Task[None]] = field(default_factory=list)

    def close(self) -> None:
        self.client.close()
        self.upstream.close()


class RedisProxy:
    """Forwards 127.0.0.1:`port` to Redis; `cut()` is Redis going away, `freeze()` a silent network."""

    def __init__(self, target_host: str = "127.0.0.1", target_port: int = 6379) -> None:
        self.target = (target_host, target_port)
        self.port = 0
        self.refusing = False
        self._links: set[_Link] = set()
        self._server: asyncio.Server | None = None

    def url(self, db: int = 13) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def close(self) -> None:
        self.cut()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    def cut(self, *, refuse: bool = True) -> None:
        """Close every open connection; with `refuse`, close new ones at once until `restore()`."""
        self.refusing = refuse
        for link in list(self._links):
            link.close()

    def restore(self) -> None:
        self.refusing = False

    def freeze(self) -> None:
        """Stop forwarding on the open connections without closing them (a dead network path)."""
        for link in self._links:
            link.frozen = True

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self.refusing:
            writer.close()
            return
        up_reader, up_writer = await asyncio.open_connection(*self.target)
        link = _Link(writer, up_writer)
        self._links.add(link)
        try:
            await asyncio.gather(self._pipe(link, reader, up_writer), self._pipe(link, up_reader, writer))
        finally:
            self._links.discard(link)
            link.close()

    @staticmethod
    async def _pipe(link: _Link, source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
        with contextlib.suppress(ConnectionError, OSError):
            while data := await source.read(65536):
                if link.frozen:
                    continue  # swallowed, as by a broken network
                sink.write(data)
                await sink.drain()
        link.close()
