import httpx
import pytest

from tests.settings.settings_api import Practice, SettingsApi


@pytest.fixture
async def api(stack) -> SettingsApi:
    async with httpx.AsyncClient(base_url=stack.url("settings"), auth=stack.operator_auth(), timeout=20) as http:
        yield SettingsApi(http)


@pytest.fixture
async def practice(api: SettingsApi) -> Practice:
    return await Practice.set_up(api)
