"""The Upload scalar, refusing anything that is not a file of a multipart request.

Strawberry's Upload passes any value through, so `audio: "text"` (or a string variable) reached
the resolver, which failed reading it: an INTERNAL error where the client made the mistake
(found by tests/conformance/test_schema_fuzzing.py). Here such a value is refused while the
request is checked: a variable is BAD_USER_INPUT, a literal GRAPHQL_VALIDATION_FAILED.
"""

from __future__ import annotations

import dataclasses

from graphql import GraphQLError
from starlette.datastructures import UploadFile
from strawberry.file_uploads.scalars import UploadDefinition
from strawberry.types.scalar import ScalarDefinition


def _file_only(value: object) -> UploadFile:
    if isinstance(value, UploadFile):
        return value
    # A GraphQLError (not a ValueError) is reported as it is, so the contract codes above apply.
    raise GraphQLError(
        "Upload takes a file sent as a multipart request (the GraphQL multipart request spec),"
        " not an inline value."
    )


UPLOAD: ScalarDefinition = dataclasses.replace(UploadDefinition, parse_value=_file_only)
"""Strawberry's Upload scalar (same name and description), accepting only uploaded files."""
