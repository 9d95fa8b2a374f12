import httpx
import pytest

from servicekit.actor_tokens import Actor, SystemActor
from tests.settings.settings_api import Practice, SettingsApi


@pytest.fixture
async def api(stack) -> SettingsApi:
    async with httpx.AsyncClient(base_url=stack.url("settings"), auth=stack.operator_auth(), timeout=20) as http:
        yield SettingsApi(http)


@pytest.fixture
async def practice(api: SettingsApi) -> Practice:
    return await Practice.set_up(api)


@pytest.fixture
async def gateway_alone(stack) -> httpx.AsyncClient:
    """The settings service called as the gateway on its own behalf, before anyone signed in."""
    auth = stack.actor_auth(Actor.system(SystemActor.GATEWAY), "settings")
    async with httpx.AsyncClient(base_url=stack.url("settings"), auth=auth, timeout=20) as http:
        yield http
