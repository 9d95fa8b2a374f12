"""The settings scenarios (tests/settings/scenarios.py) on the in-memory unit of work."""

import pytest

from tests.settings.in_memory import InMemoryUnitOfWork
from tests.settings.scenarios import SCENARIOS, SettingsUnderTest


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda scenario: scenario.__name__)
async def test_scenario(scenario) -> None:
    uow = InMemoryUnitOfWork()

    async def published() -> int:
        return len(uow.committed.outbox)

    await scenario(SettingsUnderTest(uow, published))
