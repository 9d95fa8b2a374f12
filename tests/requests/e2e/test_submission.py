"""Submitting over HTTP: every rule's refusal, idempotency, and availability's real answer to the
hold: placed, refused for the therapist's hours, refused because another portal user holds the slot."""

import asyncio
import uuid
from dataclasses import dataclass
from datetime import datetime

import pytest

from clinic_contracts.events import PatientCaseChanged, PortalUserChanged, TherapistChanged, VisitTypeChanged
from tests.requests.clinic_world import POLICY, ClinicWorld
from tests.requests.e2e.conftest import RequestsService, before_hours, connected, in_days, moment

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]


@dataclass
class RefusalsWorld:
    """One clinic with something wrong in every direction, and a second clinic with requests off."""

    world: ClinicWorld
    closed_clinic: ClinicWorld
    slot: datetime
    inactive_user: uuid.UUID
    stranger: uuid.UUID
    parent_of_two: uuid.UUID
    second_child: uuid.UUID
    discharged_case: uuid.UUID
    unrequestable_case: uuid.UUID
    closed_location: uuid.UUID
    case_at_closed_location: uuid.UUID
    retired_visit_type: uuid.UUID


async def set_up_refusals(service: RequestsService) -> RefusalsWorld:
    admin = service.admin
    world = await service.new_world()
    closed_clinic = await service.new_world(requests_enabled=False)
    clinic_id = world.clinic_id

    inactive_user = await admin.portal_user(clinic_id, "Former parent", world.patient)
    inactive_user = await admin.state(
        PortalUserChanged, "PATCH", f"/portal-users/{inactive_user.portal_user_id}", {"active": False}
    )
    stranger = await admin.portal_user(clinic_id, "Stranger")
    second_child = await admin.patient(clinic_id, "Jo")
    parent_of_two = await admin.portal_user(clinic_id, "Parent of two", world.patient, second_child)
    discharged = await admin.case(world.patient, world.therapist, world.location, world.visit_type)
    discharged = await admin.state(
        PatientCaseChanged, "PUT", f"/patient-cases/{discharged.case_id}/status", {"status": "discharged"}
    )
    unrequestable = await admin.case(
        world.patient, world.therapist, world.location, world.visit_type, allow_requests=False
    )
    closed_location = await admin.location(clinic_id, "Annex", allow_requests=False)
    therapist = await admin.state(
        TherapistChanged,
        "PUT",
        f"/therapists/{world.therapist.therapist_id}/locations",
        [str(location.location_id) for location in (world.location, world.branch, closed_location)],
    )
    at_closed_location = await admin.case(world.patient, therapist, closed_location, world.visit_type)
    retired = await admin.visit_type(clinic_id, "Hydrotherapy", 45)
    retired = await admin.state(VisitTypeChanged, "PATCH", f"/visit-types/{retired.visit_type_id}", {"active": False})
    await service.settle(
        *(inactive_user, stranger, second_child, parent_of_two),
        *(discharged, unrequestable, at_closed_location),
        *(closed_location, therapist, retired),
    )
    return RefusalsWorld(
        world=world,
        closed_clinic=closed_clinic,
        slot=(await service.mornings(world))[0],
        inactive_user=inactive_user.portal_user_id,
        stranger=stranger.portal_user_id,
        parent_of_two=parent_of_two.portal_user_id,
        second_child=second_child.patient_id,
        discharged_case=discharged.case_id,
        unrequestable_case=unrequestable.case_id,
        closed_location=closed_location.location_id,
        case_at_closed_location=at_closed_location.case_id,
        retired_visit_type=retired.visit_type_id,
    )


@pytest.fixture(scope="module")
def refusals(stack, kafka, service_database_urls) -> RefusalsWorld:
    async def made() -> RefusalsWorld:
        async with connected(stack, kafka, service_database_urls) as service:
            return await set_up_refusals(service)

    return asyncio.run(made())


REFUSALS = {
    "appointment-requests-off": lambda r: {
        "portal_user_id": r.closed_clinic.portal_user.portal_user_id,
        "patient_id": r.closed_clinic.patient.patient_id,
        "case_id": r.closed_clinic.case.case_id,
        "location_id": r.closed_clinic.location.location_id,
        "visit_type_id": r.closed_clinic.visit_type.visit_type_id,
    },
    "settings-of-another-clinic": lambda r: {"visit_type_id": r.closed_clinic.visit_type.visit_type_id},
    "portal-user-inactive": lambda r: {"portal_user_id": r.inactive_user},
    "portal-user-not-linked-to-patient": lambda r: {"portal_user_id": r.stranger},
    "case-of-another-patient": lambda r: {"portal_user_id": r.parent_of_two, "patient_id": r.second_child},
    "case-not-active": lambda r: {"case_id": r.discharged_case},
    "case-not-requestable": lambda r: {"case_id": r.unrequestable_case},
    "location-not-the-cases": lambda r: {"location_id": r.world.branch.location_id},
    "location-not-requestable": lambda r: {"case_id": r.case_at_closed_location, "location_id": r.closed_location},
    "visit-type-inactive": lambda r: {"visit_type_id": r.retired_visit_type},
    "visit-type-not-requestable-for-case": lambda r: {"visit_type_id": r.world.long_visit_type.visit_type_id},
    "within-minimum-notice": lambda r: {"start": in_days(0.5)},
    "beyond-booking-horizon": lambda r: {"start": in_days(61)},
    "unknown-visit-type": lambda r: {"visit_type_id": uuid.uuid4()},
    "unknown-case": lambda r: {"case_id": uuid.uuid4()},
    "unknown-portal-user": lambda r: {"portal_user_id": uuid.uuid4()},
    "invalid-request": lambda r: {"start": "2030-01-07T09:00:00"},  # no time zone
}


@pytest.mark.parametrize("code", REFUSALS)
async def test_each_rule_refuses_with_its_own_code(service: RequestsService, refusals: RefusalsWorld, code) -> None:
    response = await service.submit(refusals.world, **{"start": refusals.slot, **REFUSALS[code](refusals)})
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["code"] == code
    assert problem["type"].endswith("/" + code)
    assert problem["detail"]


async def test_the_request_the_settings_allow_is_held(service: RequestsService, refusals: RefusalsWorld) -> None:
    """The refusals above each changed one thing about this request."""
    response = await service.submit(refusals.world, refusals.slot)
    assert response.status_code == 201, response.text
    assert response.json()["status"] == "submitted"
    await service.until_status(response.json()["request_id"], "pending")


async def test_a_submission_holds_the_slot_on_the_therapists_calendar(service: RequestsService) -> None:
    world = await service.new_world()
    slot = (await service.mornings(world))[0]
    request = await service.submitted(world, slot)
    assert request["status"] == "submitted"
    assert request["therapist_id"] == str(world.therapist.therapist_id)
    assert moment(request["start"]) == slot
    [submitted, held_event] = await service.until_published(request["request_id"], "RequestSubmitted", "RequestPending")
    assert submitted.payload["patient_id"] == str(world.patient.patient_id)
    # Pending is told once the calendar held the time, with what a notice needs.
    assert held_event.payload["portal_user_id"] == str(world.portal_user.portal_user_id)
    assert moment(held_event.payload["start"]) == slot
    assert submitted.payload["holds_slot"] is True
    assert submitted.clinic_id == world.clinic_id

    pending = await service.until_status(request["request_id"], "pending")
    assert [entry["action"] for entry in pending["history"]] == ["submitted", "hold placed"]
    [held] = [item for item in await service.calendar(world, slot) if item["request_id"] == request["request_id"]]
    assert held["kind"] == "pending_request" and held["blocking"] is True
    assert held["item_id"] == submitted.payload["hold_id"]
    assert (moment(held["start"]), moment(held["end"])) == (moment(request["start"]), moment(request["end"]))
    assert slot not in await service.slots(world)


async def test_the_caller_may_wait_for_availabilitys_answer(service: RequestsService) -> None:
    world = await service.new_world()
    response = await service.submit(world, (await service.mornings(world))[0], wait_seconds=8)
    assert response.status_code == 201
    assert response.json()["status"] == "pending"


async def test_a_time_the_therapist_does_not_work_is_refused_and_says_why(service: RequestsService) -> None:
    world = await service.new_world()
    early = before_hours((await service.mornings(world))[1])
    request = await service.submitted(world, early)
    refused = await service.until_status(request["request_id"], "refused")
    assert refused["refusal"] == {
        "code": "outside-working-hours",
        "reason": "The therapist does not work at this location for all of that time.",
    }
    assert [entry["action"] for entry in refused["history"]] == ["submitted", "hold refused"]
    [_, event] = await service.until_published(request["request_id"], "RequestSubmitted", "RequestRefused")
    assert event.payload["reason_code"] == "outside-working-hours"


async def two_families_ask_for_one_slot(service: RequestsService, world: ClinicWorld) -> list[dict]:
    """Two portal users submit for the same slot at the same moment; their requests once answered."""
    neighbours = await service.another_family(world)
    slot = (await service.mornings(world))[0]
    first, second = await asyncio.gather(
        service.submitted(world, slot), service.submitted(world, slot, **neighbours.asking())
    )
    return [
        await service.until(request["request_id"], lambda r: r["status"] != "submitted") for request in (first, second)
    ]


async def test_two_portal_users_asking_for_one_held_slot_get_it_once(service: RequestsService) -> None:
    world = await service.new_world()
    answered = await two_families_ask_for_one_slot(service, world)
    assert sorted(request["status"] for request in answered) == ["pending", "refused"]
    [refused] = [request for request in answered if request["status"] == "refused"]
    assert refused["refusal"]["code"] == "conflicts-with-calendar"


async def test_two_portal_users_share_a_slot_when_pending_requests_do_not_hold_it(service: RequestsService) -> None:
    world = await service.new_world(POLICY.model_copy(update={"pending_request_holds_slot": False}))
    answered = await two_families_ask_for_one_slot(service, world)
    assert [request["status"] for request in answered] == ["pending", "pending"]
    holds = [item for item in await service.calendar(world, moment(answered[0]["start"])) if item["request_id"]]
    assert sorted(item["request_id"] for item in holds) == sorted(request["request_id"] for request in answered)
    assert {item["blocking"] for item in holds} == {False}


async def test_a_case_at_its_cap_is_refused_with_a_conflict(service: RequestsService) -> None:
    world = await service.new_world()
    mornings = await service.mornings(world)
    cap = world.clinic.request_policy.max_pending_requests_per_case
    held = [await service.submitted(world, start) for start in mornings[:cap]]
    response = await service.submit(world, mornings[cap])
    assert response.status_code == 409
    assert response.json()["code"] == "too-many-pending-requests"
    for request in held:
        await service.until_status(request["request_id"], "pending")


async def test_a_repeated_submission_answers_with_the_first(service: RequestsService) -> None:
    world = await service.new_world()
    mornings = await service.mornings(world)
    key = str(uuid.uuid4())
    first = await service.submit(world, mornings[0], idempotency_key=key)
    again = await service.submit(world, mornings[0], idempotency_key=key)
    assert first.status_code == again.status_code == 201
    assert again.headers.get("idempotent-replayed") == "true"
    assert "idempotent-replayed" not in first.headers
    assert again.json()["request_id"] == first.json()["request_id"]

    different = await service.submit(world, mornings[0], idempotency_key=key, note="Something else")
    assert different.status_code == 409 and different.json()["code"] == "idempotency-key-reused"

    # The same key, sent concurrently (a retrying client), still makes one request.
    key = str(uuid.uuid4())
    answers = await asyncio.gather(*(service.submit(world, mornings[1], idempotency_key=key) for _ in range(3)))
    assert {answer.json()["request_id"] for answer in answers} == {answers[0].json()["request_id"]}

    for request_id in (first.json()["request_id"], answers[0].json()["request_id"]):
        await service.until_status(request_id, "pending")
        await service.until_published(request_id, "RequestSubmitted", "RequestPending")
    listed = await service.http.get("/requests", auth=service.as_portal_user(world.portal_user.portal_user_id))
    assert listed.json()["total"] == 2
