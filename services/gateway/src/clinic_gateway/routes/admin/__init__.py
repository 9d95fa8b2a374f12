"""The admin API: the Admin permission, and only the admin's own clinic (another clinic's id is a
404). The settings service decides every rule; its problems are passed on as they are.

One module per part of the clinic; each adds its routes to `router`.
"""

from fastapi import APIRouter

from clinic_gateway.problems import problems
from clinic_gateway.routes.admin import (
    clinic,
    listing,
    locations,
    patient_cases,
    patients,
    portal_users,
    staff_users,
    therapists,
    visit_types,
)
from clinic_gateway.routes.admin.common import ADMIN_PROBLEMS

router = APIRouter(prefix="/api/admin", tags=["admin"], responses=problems(*ADMIN_PROBLEMS))
for part in (clinic, locations, visit_types, therapists, patients, patient_cases, staff_users, portal_users):
    router.include_router(part.router)
# Last: its `/{collection}` would otherwise take the paths above for a kind of entity.
router.include_router(listing.router)
