"""The unit of work a route hands its use case: one per request, kept in the service's database."""

from typing import Annotated

from fastapi import Depends

from clinic_settings.entrypoints.http.common import Runtime
from clinic_settings.service_layer.unit_of_work import SettingsUnitOfWork, unit_of_work


async def _unit_of_work(runtime: Runtime) -> SettingsUnitOfWork:
    return unit_of_work(runtime)


UnitOfWork = Annotated[SettingsUnitOfWork, Depends(_unit_of_work)]
