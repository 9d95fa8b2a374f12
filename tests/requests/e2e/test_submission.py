"""Submitting over HTTP: every rule's refusal, idempotency, and availability's answer to the hold."""

import asyncio
import uuid
from dataclasses import dataclass

import pytest

from clinic_contracts.events import CaseStatus, HoldRefused, RefusalReason
from tests.requests.clinic_world import ClinicWorld, new_clinic_world
from tests.requests.e2e.conftest import RequestsService, hold_placed, in_days

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]


@dataclass
class RefusalsWorld:
    """One clinic with something wrong in every direction, and a second clinic with requests off."""

    world: ClinicWorld
    closed_clinic: ClinicWorld
    inactive_user: uuid.UUID
    stranger: uuid.UUID
    parent_of_two: uuid.UUID
    second_child: uuid.UUID
    discharged_case: uuid.UUID
    unrequestable_case: uuid.UUID
    closed_location: uuid.UUID
    case_at_closed_location: uuid.UUID
    retired_visit_type: uuid.UUID


@pytest.fixture(scope="module")
def refusals(stack, kafka_bootstrap, service_database_urls) -> RefusalsWorld:
    world = new_clinic_world()
    closed_clinic = new_clinic_world(appointment_requests_enabled=False)
    second_child = uuid.uuid4()
    inactive_user = world.portal_user.model_copy(update={"portal_user_id": uuid.uuid4(), "active": False})
    stranger = world.portal_user.model_copy(update={"portal_user_id": uuid.uuid4(), "patient_ids": ()})
    parent_of_two = world.portal_user.model_copy(
        update={"portal_user_id": uuid.uuid4(), "patient_ids": (world.patient.patient_id, second_child)}
    )
    discharged = world.case.model_copy(update={"case_id": uuid.uuid4(), "status": CaseStatus.DISCHARGED})
    unrequestable = world.case.model_copy(update={"case_id": uuid.uuid4(), "allow_appointment_requests": False})
    closed_location = world.branch.model_copy(
        update={"location_id": uuid.uuid4(), "allow_appointment_requests": False}
    )
    at_closed_location = world.case.model_copy(
        update={"case_id": uuid.uuid4(), "location_id": closed_location.location_id}
    )
    retired = world.visit_type.model_copy(update={"visit_type_id": uuid.uuid4(), "active": False})
    service = RequestsService(None, kafka_bootstrap, service_database_urls["requests"])
    extras = (stranger, parent_of_two, discharged, unrequestable, closed_location, at_closed_location, retired)
    asyncio.run(service.settle(world, inactive_user, *extras))
    asyncio.run(service.settle(closed_clinic))
    return RefusalsWorld(
        world=world,
        closed_clinic=closed_clinic,
        inactive_user=inactive_user.portal_user_id,
        stranger=stranger.portal_user_id,
        parent_of_two=parent_of_two.portal_user_id,
        second_child=second_child,
        discharged_case=discharged.case_id,
        unrequestable_case=unrequestable.case_id,
        closed_location=closed_location.location_id,
        case_at_closed_location=at_closed_location.case_id,
        retired_visit_type=retired.visit_type_id,
    )


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
    changes = {key: str(value) for key, value in REFUSALS[code](refusals).items()}
    response = await service.submit(refusals.world, **changes)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["code"] == code
    assert problem["type"].endswith("/" + code)
    assert problem["detail"]


async def test_the_request_the_settings_allow_is_submitted(service: RequestsService, refusals: RefusalsWorld) -> None:
    """The refusals above each changed one thing about this request."""
    response = await service.submit(refusals.world)
    assert response.status_code == 201, response.text
    assert response.json()["status"] == "submitted"


async def test_a_case_at_its_cap_is_refused_with_a_conflict(service: RequestsService) -> None:
    world = await service.new_world()
    for day in range(world.clinic.request_policy.max_pending_requests_per_case):
        await service.submitted(world, start=in_days(3 + day))
    response = await service.submit(world, start=in_days(10))
    assert response.status_code == 409
    assert response.json()["code"] == "too-many-pending-requests"


async def test_a_submission_asks_for_a_hold_and_the_placed_hold_makes_it_pending(service: RequestsService) -> None:
    world = await service.new_world()
    request = await service.submitted(world)
    assert request["status"] == "submitted"
    assert request["therapist_id"] == str(world.therapist.therapist_id)
    [submitted] = await service.until_published(request["request_id"], "RequestSubmitted")
    payload = submitted.payload
    assert payload["patient_id"] == str(world.patient.patient_id)
    assert payload["holds_slot"] is True
    assert submitted.clinic_id == world.clinic_id

    await service.answer(world, hold_placed(request, payload["hold_id"]))
    pending = await service.until_status(request["request_id"], "pending")
    assert [entry["action"] for entry in pending["history"]] == ["submitted", "hold placed"]


async def test_the_caller_may_wait_for_availabilitys_answer(service: RequestsService) -> None:
    world = await service.new_world()
    submitting = asyncio.create_task(service.submit(world, wait_seconds=8))

    async def answer_when_asked() -> None:
        while True:
            found = [
                envelope
                for envelope in await service.events_of_portal_user(world.portal_user.portal_user_id)
                if envelope.event_type == "RequestSubmitted"
            ]
            if found:
                payload = found[0].payload
                request = {key: payload[key] for key in ("request_id", "therapist_id", "location_id", "start", "end")}
                await service.answer(world, hold_placed(request, payload["hold_id"]))
                return
            await asyncio.sleep(0.2)

    await asyncio.wait_for(answer_when_asked(), timeout=20)
    response = await submitting
    assert response.status_code == 201
    assert response.json()["status"] == "pending"


async def test_a_refused_hold_refuses_the_request_and_says_why(service: RequestsService) -> None:
    world = await service.new_world()
    request = await service.submitted(world)
    hold_id = await service.submitted_hold(request["request_id"])
    await service.answer(
        world,
        HoldRefused(
            request_id=request["request_id"],
            hold_id=hold_id,
            reason_code=RefusalReason.CONFLICTS_WITH_CALENDAR,
            reason="Another patient took that time a moment ago.",
        ),
    )
    refused = await service.until_status(request["request_id"], "refused")
    assert refused["refusal"] == {
        "code": "conflicts_with_calendar",
        "reason": "Another patient took that time a moment ago.",
    }
    [_, event] = await service.until_published(request["request_id"], "RequestSubmitted", "RequestRefused")
    assert event.payload["reason_code"] == "conflicts_with_calendar"


async def test_a_repeated_submission_answers_with_the_first(service: RequestsService) -> None:
    world = await service.new_world()
    key = str(uuid.uuid4())
    first = await service.submit(world, idempotency_key=key)
    again = await service.submit(world, idempotency_key=key)
    assert first.status_code == again.status_code == 201
    assert again.headers.get("idempotent-replayed") == "true"
    assert "idempotent-replayed" not in first.headers
    assert again.json()["request_id"] == first.json()["request_id"]

    different = await service.submit(world, idempotency_key=key, note="Something else")
    assert different.status_code == 409 and different.json()["code"] == "idempotency-key-reused"

    # The same key, sent concurrently (a retrying client), still makes one request.
    key = str(uuid.uuid4())
    answers = await asyncio.gather(*(service.submit(world, idempotency_key=key, start=in_days(5)) for _ in range(3)))
    assert {answer.json()["request_id"] for answer in answers} == {answers[0].json()["request_id"]}

    await service.until_published(first.json()["request_id"], "RequestSubmitted")
    await service.until_published(answers[0].json()["request_id"], "RequestSubmitted")
    listed = await service.http.get("/requests", params={"portal_user_id": str(world.portal_user.portal_user_id)})
    assert listed.json()["total"] == 2
