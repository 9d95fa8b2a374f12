"""`GET /portal-users/{id}/request-settings`: what a portal user's request is judged by, in one read
(the gateway's submission made four). The user's own case, clinic, location and visit type; what
they may not see (another family's case, another clinic's location) is null, as if it did not
exist; another portal user's is a 404."""

import uuid

import httpx
import pytest

from servicekit.actor_tokens import Actor
from tests.settings.settings_api import Practice, SettingsApi

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]


def _params(case: dict, location: dict, visit_type: dict) -> dict:
    return {
        "case_id": case["case_id"],
        "location_id": location["location_id"],
        "visit_type_id": visit_type["visit_type_id"],
    }


async def test_a_portal_user_reads_the_settings_of_their_own_request(
    stack, api: SettingsApi, practice: Practice
) -> None:
    parent = await api.portal_user(practice.clinic, practice.patient)
    other_family = await api.patient(practice.clinic)
    their_case = await api.case(practice.clinic, other_family, practice.therapist, practice.location)
    elsewhere = await api.clinic()
    far_location = await api.location(elsewhere)
    actor = Actor.portal_user(uuid.UUID(parent["portal_user_id"]), uuid.UUID(practice.clinic["clinic_id"]))
    path = f"/portal-users/{parent['portal_user_id']}/request-settings"
    async with httpx.AsyncClient(
        base_url=stack.url("settings"), auth=stack.actor_auth(actor, "settings"), timeout=20
    ) as http:
        own = (await http.get(path, params=_params(practice.case, practice.location, practice.visit_type))).json()
        assert own["portal_user"]["portal_user_id"] == parent["portal_user_id"]
        assert own["clinic"]["clinic_id"] == practice.clinic["clinic_id"]
        assert own["case"]["case_id"] == practice.case["case_id"]
        assert own["location"]["revision"] == practice.location["revision"]
        assert own["visit_type"]["visit_type_id"] == practice.visit_type["visit_type_id"]

        strays = (await http.get(path, params=_params(their_case, far_location, practice.visit_type))).json()
        assert strays["case"] is None and strays["location"] is None and strays["visit_type"] is not None

        someone_else = await api.portal_user(practice.clinic, other_family)
        hidden = await http.get(
            f"/portal-users/{someone_else['portal_user_id']}/request-settings",
            params=_params(their_case, practice.location, practice.visit_type),
        )
        assert hidden.status_code == 404, hidden.text
