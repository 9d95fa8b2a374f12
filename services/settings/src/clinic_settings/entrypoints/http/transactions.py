"""The unit of work a route hands its use case: one per request, kept in the service's database."""

from typing import Annotated

from fastapi import Depends, Request

from clinic_settings.entrypoints.http.common import Runtime
from clinic_settings.service_layer.unit_of_work import SettingsUnitOfWork, reading_unit_of_work, unit_of_work


async def _unit_of_work(runtime: Runtime, request: Request) -> SettingsUnitOfWork:
    # A GET changes nothing: it reads outside a transaction.
    return reading_unit_of_work(runtime) if request.method == "GET" else unit_of_work(runtime)


UnitOfWork = Annotated[SettingsUnitOfWork, Depends(_unit_of_work)]
