"""The portal is shown its own documents of the clinic's settings, not the settings events: a
caregiver listing patients, cases, visit types and locations gets the fields the portal needs and
nothing of the clinic's records (a date of birth, a case's insurance authorization, revisions)."""

import pytest

from clinic_gateway.portal_documents import PortalCase, PortalLocation, PortalPatient, PortalVisitType
from tests.gateway.gateway_api import LILY, LILY_CASE

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]


def test_the_portal_lists_carry_exactly_the_portal_documents_fields(caregiver, lilys_case_open) -> None:
    listings = {
        "/api/portal/patients": PortalPatient,
        f"/api/portal/patients/{LILY}/cases": PortalCase,
        f"/api/portal/cases/{LILY_CASE}/visit-types": PortalVisitType,
        "/api/portal/locations": PortalLocation,
    }
    for path, document in listings.items():
        answer = caregiver.ok("GET", path)
        assert answer, f"{path} listed nothing"
        for item in answer:
            assert set(item) == set(document.model_fields), f"{path}: {sorted(item)}"
