"""The settings service's HTTP API (internal). Every route is behind `access.ACCESS`: this service
decides, from the actor token and its own data, who may read or change what.

Every answer is the entity's full state as its contract event, the same document other services
receive from the topics.
"""

from fastapi import APIRouter

from clinic_settings.entrypoints.http import (
    access,
    calendar_feeds,
    changes,
    clinics,
    credentials,
    directory,
    imports,
    invitations,
    locations,
    password_resets,
    patient_cases,
    patients,
    portal_users,
    staff_users,
    therapists,
    visit_types,
)

_ROUTERS = (
    clinics.router,
    locations.router,
    visit_types.router,
    therapists.router,
    patients.router,
    patient_cases.router,
    portal_users.router,
    staff_users.router,
    credentials.router,
    changes.router,
    directory.router,
    imports.router,
    invitations.router,
    password_resets.router,
    calendar_feeds.router,
)


def guarded_router() -> APIRouter:
    router = APIRouter(dependencies=access.ACCESS)
    for part in _ROUTERS:
        router.include_router(part)
    return router
