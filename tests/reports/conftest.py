"""The fake AI server's fixtures, for the cloud report-writer tests."""

from tests.fakes.fixtures import fake_ai, fake_ai_server  # noqa: F401
