"""The request service's stories (tests/requests/scenarios.py) over SQLite and PostgreSQL: the same
stories the unit ring tells in memory."""

import uuid

import pytest

from clinic_contracts.events import StateEvent
from clinic_requests.service_layer.unit_of_work import SqlUnitOfWorkFactory
from servicekit.runtime import ServiceRuntime
from tests.requests.clinic_world import ClinicWorld
from tests.requests.integration.conftest import published_types, store_settings
from tests.requests.scenarios import SCENARIOS, Scenario


class DatabaseService:
    def __init__(self, runtime: ServiceRuntime, world: ClinicWorld) -> None:
        self.runtime, self.world = runtime, world
        self.uows = SqlUnitOfWorkFactory(runtime)

    async def know(self, *states: StateEvent) -> None:
        await store_settings(self.runtime, self.world, *states)

    async def published_types(self, request_id: uuid.UUID) -> list[str]:
        return await published_types(self.runtime, request_id)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda scenario: scenario.__name__)
async def test_the_story_holds_on_the_database(scenario: Scenario, runtime: ServiceRuntime, world) -> None:
    await scenario(DatabaseService(runtime, world), world)
