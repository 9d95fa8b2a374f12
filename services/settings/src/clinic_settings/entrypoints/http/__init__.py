"""The settings service's HTTP API (internal: the gateway checks who may call what).

Every answer is the entity's full state as its contract event, the same document other services
receive from the topics.
"""

from clinic_settings.entrypoints.http import (
    clinics,
    credentials,
    locations,
    patient_cases,
    patients,
    portal_users,
    staff_users,
    therapists,
    visit_types,
)

ROUTERS = (
    clinics.router,
    locations.router,
    visit_types.router,
    therapists.router,
    patients.router,
    patient_cases.router,
    portal_users.router,
    staff_users.router,
    credentials.router,
)
