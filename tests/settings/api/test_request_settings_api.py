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


async def test_each_entity_reads_as_its_own_route_reads_it(stack, api: SettingsApi, practice: Practice) -> None:
    """Read together in one query, each is the whole entity its own route gives; without a
    location named it is the case's own; an id of nothing is null."""
    parent = await api.portal_user(practice.clinic, practice.patient)
    actor = Actor.portal_user(uuid.UUID(parent["portal_user_id"]), uuid.UUID(practice.clinic["clinic_id"]))
    path = f"/portal-users/{parent['portal_user_id']}/request-settings"
    async with httpx.AsyncClient(
        base_url=stack.url("settings"), auth=stack.actor_auth(actor, "settings"), timeout=20
    ) as http:
        params = {"case_id": practice.case["case_id"], "visit_type_id": practice.visit_type["visit_type_id"]}
        of_the_case = (await http.get(path, params=params)).json()
        nothing = (
            await http.get(path, params={"case_id": str(uuid.uuid4()), "visit_type_id": str(uuid.uuid4())})
        ).json()
    assert of_the_case["clinic"] == await api.ok("GET", f"/clinics/{practice.clinic['clinic_id']}")
    assert of_the_case["case"] == await api.ok("GET", f"/patient-cases/{practice.case['case_id']}")
    assert of_the_case["location"] == await api.ok("GET", f"/locations/{practice.case['location_id']}")
    assert of_the_case["visit_type"] == await api.ok("GET", f"/visit-types/{practice.visit_type['visit_type_id']}")
    assert of_the_case["portal_user"]["portal_user_id"] == parent["portal_user_id"]
    assert nothing["case"] is None and nothing["location"] is None and nothing["visit_type"] is None
    assert nothing["clinic"] == of_the_case["clinic"]
