"""An approved request's appointment cancelled, by the clinic in the calendar or by the portal
user under the clinic's policy; and a pending request whose start passes. Availability answers for
real: the request learns of each cancellation from AppointmentCancelled, once."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from clinic_contracts import EventEnvelope
from tests.requests.clinic_world import POLICY
from tests.requests.e2e.conftest import RequestsService, connect, moment

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]

# Portal users may cancel up to a day ahead: every slot the tests use is at least two days away.
CANCELLABLE = POLICY.model_copy(update={"portal_cancellation_notice_hours": 24})
# Ninety days' notice: later than that for any slot within the 60-day booking horizon.
NEVER_IN_TIME = POLICY.model_copy(update={"portal_cancellation_notice_hours": 24 * 90})


async def approved(service: RequestsService, world, slot: datetime) -> dict:
    request = await service.pending(world, slot)
    answer = await service.act(request["request_id"], "approve", staff_id=world.scheduler.staff_user_id, wait_seconds=8)
    assert answer.status_code == 200, answer.text
    return await service.until_status(request["request_id"], "approved")


async def cancel_appointment(service: RequestsService, world, request_id: str):
    return await service.act(
        request_id, "cancel-appointment", portal_user_id=world.portal_user.portal_user_id, wait_seconds=8
    )


async def test_the_clinic_cancelling_an_approved_appointment_ends_the_request_saying_who_and_when(
    service: RequestsService,
) -> None:
    world = await service.new_world()
    slot = (await service.mornings(world))[0]
    request = await approved(service, world, slot)
    request_id, staff = request["request_id"], world.scheduler.staff_user_id
    await service.until_requestable(world, slot, requestable=False)

    before = datetime.now(UTC)
    cancelled = await service.availability.post(
        f"/appointments/{request['appointment_id']}/cancel", auth=service.as_staff(staff, "availability")
    )
    assert cancelled.status_code == 200, cancelled.text

    ended = await service.until_status(request_id, "appointment-cancelled")
    last = ended["history"][-1]
    assert (last["action"], last["from_status"], last["actor_kind"], last["actor_id"]) == (
        "appointment cancelled",
        "approved",
        "staff",
        str(staff),
    )
    assert before <= moment(last["at"]) <= datetime.now(UTC)
    assert ended["appointment_cancellation"] == {"at": last["at"], "actor_kind": "staff", "actor_id": str(staff)}
    await service.until_requestable(world, slot)

    # The portal user can neither withdraw it nor cancel what is cancelled already.
    withdraw = await service.act(request_id, "cancel", portal_user_id=world.portal_user.portal_user_id)
    assert withdraw.status_code == 409, withdraw.text
    again = await cancel_appointment(service, world, request_id)
    assert again.status_code == 200 and again.json() == ended, "a repeat changes nothing"

    # Availability's answer delivered again changes nothing: the inbox has it.
    [*_, record] = await service.answers(request_id)
    envelope = EventEnvelope.from_bytes(record.value)
    assert envelope.event_type == "AppointmentCancelled"
    assert (envelope.payload["cancelled_by"], envelope.payload["cancelled_by_id"]) == ("staff", str(staff))
    await service.until_consumed(await service.redeliver(record))
    assert await service.get(request_id) == ended


async def test_a_portal_user_cancels_an_approved_appointment_the_clinic_lets_them(service: RequestsService) -> None:
    world = await service.new_world(CANCELLABLE)
    slot = (await service.mornings(world))[0]
    request = await approved(service, world, slot)
    request_id, portal_user = request["request_id"], str(world.portal_user.portal_user_id)
    deadline = moment(request["start"]) - timedelta(hours=24)
    assert moment((await service.get(request_id))["cancellable_until"]) == deadline

    answer = await cancel_appointment(service, world, request_id)
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] in ("cancelling", "appointment-cancelled")
    ended = await service.until_status(request_id, "appointment-cancelled")
    assert [(entry["action"], entry["actor_kind"], entry["actor_id"]) for entry in ended["history"][-2:]] == [
        ("appointment cancellation started", "portal_user", portal_user),
        ("appointment cancelled", "portal_user", portal_user),
    ]
    assert ended["appointment_cancellation"]["actor_kind"] == "portal_user"
    assert ended["cancellable_until"] is None

    appointment = await service.availability.get(f"/appointments/{request['appointment_id']}")
    assert appointment.json()["status"] == "cancelled", appointment.text
    await service.until_requestable(world, slot)
    events = await service.until_published(
        request_id,
        "RequestSubmitted",
        "RequestPending",
        "RequestApprovalStarted",
        "RequestApproved",
        "AppointmentCancellationStarted",
    )
    assert events[-1].payload == {
        "request_id": request_id,
        "appointment_id": request["appointment_id"],
        "portal_user_id": portal_user,
    }
    [*_, record] = await service.answers(request_id)
    cancelled = EventEnvelope.from_bytes(record.value)
    assert (cancelled.event_type, cancelled.payload["cancelled_by"]) == ("AppointmentCancelled", "portal")


@pytest.mark.parametrize(
    ("policy", "code"),
    [(POLICY, "portal-cancellation-not-allowed"), (NEVER_IN_TIME, "cancellation-too-late")],
    ids=["not-allowed", "too-late"],
)
async def test_a_portal_cancellation_the_policy_does_not_allow_is_refused(
    service: RequestsService, policy, code: str
) -> None:
    world = await service.new_world(policy)
    slot = (await service.mornings(world))[0]
    request = await approved(service, world, slot)
    request_id = request["request_id"]
    assert request["cancellable_until"] is None or moment(request["cancellable_until"]) < datetime.now(UTC)

    refused = await cancel_appointment(service, world, request_id)
    assert (refused.status_code, refused.json()["code"]) == (409, code), refused.text
    assert (await service.get(request_id))["status"] == "approved"
    appointment = await service.availability.get(f"/appointments/{request['appointment_id']}")
    assert appointment.json()["status"] == "active", appointment.text


async def test_only_an_approved_requests_appointment_can_be_cancelled(service: RequestsService) -> None:
    world = await service.new_world(CANCELLABLE)
    request = await service.pending(world, (await service.mornings(world))[0])
    refused = await cancel_appointment(service, world, request["request_id"])
    assert (refused.status_code, refused.json()["code"]) == (409, "request-not-approved"), refused.text
    someone_else = await service.act(request["request_id"], "cancel-appointment", portal_user_id=uuid.uuid4())
    assert someone_else.status_code == 404, someone_else.text


async def test_a_pending_request_whose_start_passes_expires_saying_so(service: RequestsService) -> None:
    world, slot, request_id = await service.pending_at_first_morning()
    # Availability holds no time that is already past; moving the request's start there is how its
    # start comes while the clinic's expiry (72 hours) is still far off.
    connection = await connect(service.database_urls["requests"])
    try:
        past = datetime.now(UTC) - timedelta(minutes=1)
        await connection.execute(
            'UPDATE appointment_requests SET start = $1, "end" = $2 WHERE request_id = $3',
            past - timedelta(minutes=45),
            past,
            uuid.UUID(request_id),
        )
    finally:
        await connection.close()
    expired = await service.until_status(request_id, "expired")
    assert expired["expiry"]["code"] == "start-passed", expired
    last = expired["history"][-1]
    assert last["actor_kind"] == "expiry" and last["detail"].startswith("start-passed: ")
    [*_, event] = await service.until_published(request_id, "RequestSubmitted", "RequestPending", "RequestExpired")
    assert event.payload["reason_code"] == "start-passed"
    await service.until_requestable(world, slot)
