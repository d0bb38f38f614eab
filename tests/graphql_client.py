"""A small GraphQL client over the real ASGI app (HTTP, multipart uploads), for tests."""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
from starlette.applications import Starlette


@dataclass
class Account:
    token: str
    user_id: str
    email: str


class GraphQLClient:
    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    @classmethod
    @contextlib.asynccontextmanager
    async def open(cls, app: Starlette) -> AsyncIterator[GraphQLClient]:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(
                transport=transport, base_url="http://testserver", timeout=120
            ) as http:
                yield cls(http)

    async def execute(
        self, query: str, variables: dict[str, Any] | None = None, token: str | None = None
    ) -> dict[str, Any]:
        headers = {"authorization": f"Bearer {token}"} if token else {}
        response = await self.http.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )
        assert response.status_code in (200, 400), response.text
        body: dict[str, Any] = response.json()
        return body

    async def data(
        self, query: str, variables: dict[str, Any] | None = None, token: str | None = None
    ) -> Any:
        """The data of a query that must succeed."""
        body = await self.execute(query, variables, token)
        assert not body.get("errors"), body["errors"]
        return body["data"]

    async def error_code(
        self, query: str, variables: dict[str, Any] | None = None, token: str | None = None
    ) -> str:
        """The extensions.code of a query that must fail."""
        body = await self.execute(query, variables, token)
        assert body.get("errors"), f"expected an error, got {body}"
        code: str = body["errors"][0]["extensions"]["code"]
        return code

    async def upload(
        self,
        query: str,
        variables: dict[str, Any],
        file_variable: str,
        content: bytes,
        filename: str = "answer.webm",
        content_type: str = "audio/webm",
        token: str | None = None,
    ) -> httpx.Response:
        """A GraphQL multipart request (the spec clients use for Upload)."""
        operations = {"query": query, "variables": {**variables, file_variable: None}}
        files = {"0": (filename, content, content_type)}
        data = {
            "operations": json.dumps(operations),
            "map": json.dumps({"0": [f"variables.{file_variable}"]}),
        }
        headers = {"authorization": f"Bearer {token}"} if token else {}
        return await self.http.post("/graphql", data=data, files=files, headers=headers)

    async def register(self, name: str = "Candidate") -> Account:
        email = f"{name.lower().replace(' ', '.')}.{uuid.uuid4().hex[:8]}@example.com"
        data = await self.data(
            "mutation($e: String!, $p: String!, $n: String!)"
            " { register(email: $e, password: $p, displayName: $n) { token user { id email } } }",
            {"e": email, "p": "correct horse battery", "n": name},
        )
        payload = data["register"]
        return Account(token=payload["token"], user_id=payload["user"]["id"], email=email)
