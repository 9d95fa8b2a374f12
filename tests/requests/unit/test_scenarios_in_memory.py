"""The request service's stories (tests/requests/scenarios.py) over the in-memory unit of work."""

import uuid

import pytest

from clinic_contracts.events import StateEvent
from tests.requests.clinic_world import new_clinic_world
from tests.requests.in_memory import FakeUnitOfWorkFactory
from tests.requests.scenarios import SCENARIOS, Scenario


class InMemoryService:
    def __init__(self) -> None:
        self.uows = FakeUnitOfWorkFactory()

    async def know(self, *states: StateEvent) -> None:
        self.uows.know(*states)

    async def published_types(self, request_id: uuid.UUID) -> list[str]:
        return [event.event_type for event in self.uows.published(request_id)]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda scenario: scenario.__name__)
async def test_the_story_holds_in_memory(scenario: Scenario) -> None:
    service, world = InMemoryService(), new_clinic_world()
    await service.know(*world.states())
    await scenario(service, world)
