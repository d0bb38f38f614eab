"""The report's narrative from the cloud writers (real SDKs against the fake AI server), and the
fallback to the local writer when they fail."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import pytest
from interview.ai.registry import Providers, build_providers
from interview.db.tables import Report
from interview.interviews.reports import end_interview
from interview.services import Services

from tests.fakes.fake_ai_server import FakeAIServer, Fault
from tests.graphql_client import GraphQLClient
from tests.reports.factories import SKIPPED, Answer, stored_interview


@pytest.fixture
async def cloud_providers(services: Services, fake_ai: FakeAIServer) -> AsyncIterator[Providers]:
    settings = services.settings.model_copy(
        update={**fake_ai.settings_overrides(), "provider_timeout_seconds": 2.0, "provider_max_retries": 0}
    )
    providers = build_providers(settings)
    yield providers
    await providers.aclose()


async def test_openai_writes_the_narrative_from_the_stored_answers(
    client: GraphQLClient,
    services: Services,
    fake_ai: FakeAIServer,
    cloud_providers: Providers,
) -> None:
    account = await client.register()
    stored = await stored_interview(
        account.user_id, [Answer(text="I sharded the orders table by customer id."), SKIPPED]
    )
    report = await end_interview(
        stored.user_id, str(stored.session_id), cloud_providers.report_writer, services.broker
    )
    assert report["generator_model"] == services.settings.openai_report_model
    assert json.loads(report["strengths"]) == fake_ai.answers.report["strengths"]
    assert json.loads(report["resources_recommended"]) == fake_ai.answers.report["resources"]
    sent = fake_ai.requests_to("chat")[0].json["messages"][1]["content"]
    assert "I sharded the orders table by customer id." in sent
    assert "(skipped)" in sent


async def test_when_both_cloud_writers_fail_the_local_writer_reports(
    client: GraphQLClient,
    services: Services,
    fake_ai: FakeAIServer,
    cloud_providers: Providers,
) -> None:
    fake_ai.fail("chat", Fault.http(500))
    fake_ai.fail("messages", Fault.http(503))
    account = await client.register()
    stored = await stored_interview(account.user_id, [Answer(), Answer(scores=(3.0, 3.0, 3.0, 3.0))])
    report = await end_interview(
        stored.user_id, str(stored.session_id), cloud_providers.report_writer, services.broker
    )
    assert report["generator_model"] == "local/report-writer"
    assert len(fake_ai.requests_to("chat")) == 1 and len(fake_ai.requests_to("messages")) == 1
    assert await Report.count().where(Report.session == stored.session_id) == 1
