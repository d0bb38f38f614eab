"""Parsed GraphQL documents, cached by their text: the same query text gives the same document object."""

from __future__ import annotations

import functools

from graphql import DocumentNode, parse

MAX_QUERY_TOKENS = 5_000
CACHED_DOCUMENTS = 256
CACHED_DOCUMENT_BYTES = 8_192
"""Only documents up to this size are kept parsed: the SPA's are 0.1-3 kB, and 256 large ones
(a parsed document is ~10x its text) would hold hundreds of MB."""


@functools.lru_cache(maxsize=CACHED_DOCUMENTS)
def _parse_cached(query: str) -> DocumentNode:
    return parse(query, max_tokens=MAX_QUERY_TOKENS)


def parse_document(query: str) -> DocumentNode:
    """The document of `query` (raises GraphQLSyntaxError); small ones are parsed once."""
    if len(query) > CACHED_DOCUMENT_BYTES:
        return parse(query, max_tokens=MAX_QUERY_TOKENS)
    return _parse_cached(query)
