"""The unit of work a route hands its use case: one per request, kept in the service's database."""

from typing import Annotated

from fastapi import Depends, Request

from clinic_settings.entrypoints.http.common import Runtime
from clinic_settings.service_layer.unit_of_work import SettingsUnitOfWork, reading_unit_of_work, unit_of_work


async def _reading_unit_of_work(runtime: Runtime) -> SettingsUnitOfWork:
    """One per request (FastAPI gives every dependant of a request the same value): the access
    check reads through it, and so does a GET's route, which then finds what the check read (the
    portal user, the entity its path names) without reading it again."""
    return reading_unit_of_work(runtime)


ReadingUnitOfWork = Annotated[SettingsUnitOfWork, Depends(_reading_unit_of_work)]


async def _unit_of_work(runtime: Runtime, request: Request, reading: ReadingUnitOfWork) -> SettingsUnitOfWork:
    # A GET changes nothing: it reads outside a transaction.
    return reading if request.method == "GET" else unit_of_work(runtime)


UnitOfWork = Annotated[SettingsUnitOfWork, Depends(_unit_of_work)]
