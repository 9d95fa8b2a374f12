"""The request service among the real others: the clinic is set up through the settings service's
HTTP API, as its admin would, and the therapist's working hours through availability's; then
availability answers every hold and booking itself. Requested times come from availability's slots.

Nothing here publishes on the calendar topic on availability's behalf: a made-up answer would race
the real one. The redelivery test publishes availability's own records again, byte for byte.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, TypeVar
from uuid import UUID
from zoneinfo import ZoneInfo

import asyncpg
import httpx
import pytest
from aiokafka import ConsumerRecord
from aiokafka.structs import RecordMetadata
from sqlalchemy.engine import make_url

from clinic_contracts import EventEnvelope
from clinic_contracts.events import (
    ClinicSettingsChanged,
    LocationChanged,
    PatientCaseChanged,
    PatientChanged,
    PortalUserChanged,
    RequestPolicy,
    StaffUserChanged,
    StateEvent,
    TherapistChanged,
    VisitTypeChanged,
)
from clinic_contracts.topics import APPOINTMENT_REQUESTS, CALENDAR
from servicekit.actor_tokens import Actor
from tests.infrastructure import KafkaAccess
from tests.kafka_tools import eventually, read_topic, redeliver, until_consumed
from tests.requests.clinic_world import POLICY, ClinicWorld
from tests.settings.settings_api import PASSWORD, unique_email

if TYPE_CHECKING:
    from stack import LocalStack

S = TypeVar("S", bound=StateEvent)

ZONE = "America/Chicago"
# The locations open at 08:00 and the therapist starts at 09:00: an 08:00 visit is one the location
# could take but the therapist cannot.
OPENING_HOURS = [{"weekday": day, "start": "08:00", "end": "17:00"} for day in range(5)]
WORKING_HOURS = [{"weekday": day, "start": "09:00", "end": "17:00"} for day in range(5)]
# A new consumer group first replays every settings event already on the topics; a long-lived
# development broker keeps every earlier run's.
REPLICA_TIMEOUT = 120
# Availability answers within a second; the margin is for a busy two-core machine, and for a first
# answer queued behind a long-lived broker's backlog of earlier runs' requests.
ANSWER_TIMEOUT = 60


def in_days(days: float) -> str:
    """A quarter hour `days` from now, for the policy's window (24 h notice, 60 days horizon),
    which the request service judges before availability is asked."""
    at = (datetime.now(UTC) + timedelta(days=days)).replace(second=0, microsecond=0)
    return at.replace(minute=at.minute // 15 * 15).isoformat()


def moment(text: str) -> datetime:
    return datetime.fromisoformat(text)


def before_hours(start: datetime) -> datetime:
    """08:00 on the local day of `start`: the location is open, the therapist not yet at work."""
    day = start.astimezone(ZoneInfo(ZONE)).date()
    return datetime.combine(day, time(8), ZoneInfo(ZONE)).astimezone(UTC)


async def connect(database_url: str) -> asyncpg.Connection:
    url = make_url(database_url)
    return await asyncpg.connect(
        user=url.username, password=url.password, host=url.host, port=url.port, database=url.database
    )


async def query(database_url: str, sql: str, *args) -> list[asyncpg.Record]:
    connection = await connect(database_url)
    try:
        return await connection.fetch(sql, *args)
    finally:
        await connection.close()


class ClinicAdmin:
    """Sets a clinic up as its admin would: the settings service's HTTP API for the clinic, then
    availability's for the therapist's working hours. Every answer is the entity's state, as the
    settings topics carry it."""

    def __init__(self, settings: httpx.AsyncClient, availability: httpx.AsyncClient) -> None:
        self.settings = settings
        self.availability = availability

    async def state(self, model: type[S], method: str, path: str, body) -> S:
        """Any change through the settings API, answered with the entity's new state."""
        response = await self.settings.request(method, path, json=body)
        assert response.status_code in (200, 201), response.text
        return model.model_validate(response.json())

    async def clinic(self, policy: RequestPolicy, requests_enabled: bool) -> ClinicSettingsChanged:
        clinic = await self.state(
            ClinicSettingsChanged, "POST", "/clinics", {"name": "Riverside Therapy", "time_zone": ZONE}
        )
        path = f"/clinics/{clinic.clinic_id}"
        clinic = await self.state(
            ClinicSettingsChanged, "PATCH", path, {"request_policy": policy.model_dump(mode="json")}
        )
        if requests_enabled:
            clinic = await self.state(ClinicSettingsChanged, "PUT", f"{path}/appointment-requests", {"enabled": True})
        return clinic

    async def location(self, clinic_id, name: str, *, allow_requests: bool = True) -> LocationChanged:
        body = {
            "name": name,
            "time_zone": ZONE,
            "address": "1 River Road",
            "operating_hours": OPENING_HOURS,
            "allow_appointment_requests": allow_requests,
        }
        return await self.state(LocationChanged, "POST", f"/clinics/{clinic_id}/locations", body)

    async def visit_type(self, clinic_id, name: str, minutes: int) -> VisitTypeChanged:
        body = {"name": name, "duration_minutes": minutes}
        return await self.state(VisitTypeChanged, "POST", f"/clinics/{clinic_id}/visit-types", body)

    async def therapist(self, clinic_id, name: str, *locations: LocationChanged) -> TherapistChanged:
        body = {"name": name, "location_ids": [str(location.location_id) for location in locations]}
        return await self.state(TherapistChanged, "POST", f"/clinics/{clinic_id}/therapists", body)

    async def patient(self, clinic_id, name: str) -> PatientChanged:
        return await self.state(PatientChanged, "POST", f"/clinics/{clinic_id}/patients", {"name": name})

    async def case(
        self,
        patient: PatientChanged,
        therapist: TherapistChanged,
        location: LocationChanged,
        *visit_types: VisitTypeChanged,
        allow_requests: bool = True,
    ) -> PatientCaseChanged:
        body = {
            "patient_id": str(patient.patient_id),
            "title": "Knee rehab",
            "primary_therapist_id": str(therapist.therapist_id),
            "location_id": str(location.location_id),
            "allow_appointment_requests": allow_requests,
            "requestable_visit_type_ids": [str(visit_type.visit_type_id) for visit_type in visit_types],
        }
        return await self.state(PatientCaseChanged, "POST", f"/clinics/{patient.clinic_id}/patient-cases", body)

    async def portal_user(self, clinic_id, name: str, *patients: PatientChanged) -> PortalUserChanged:
        body = {
            "name": name,
            "email": unique_email("portal"),
            "password": PASSWORD,
            "role": "caregiver",
            "patient_ids": [str(patient.patient_id) for patient in patients],
        }
        return await self.state(PortalUserChanged, "POST", f"/clinics/{clinic_id}/portal-users", body)

    async def staff(
        self, clinic_id, name: str, *locations: LocationChanged, permissions=("scheduling",)
    ) -> StaffUserChanged:
        body = {
            "name": name,
            "email": unique_email("staff"),
            "password": PASSWORD,
            "permissions": list(permissions),
            "location_ids": [str(location.location_id) for location in locations],
        }
        return await self.state(StaffUserChanged, "POST", f"/clinics/{clinic_id}/staff-users", body)

    async def working_hours(self, therapist: TherapistChanged, location: LocationChanged) -> None:
        """Weekdays 09:00-17:00 at the location, from a week ago on."""
        since = datetime.now(UTC).date() - timedelta(days=7)
        body = {"periods": [{"effective_from": since.isoformat(), "hours": WORKING_HOURS}], "extra_hours": []}
        path = f"/therapists/{therapist.therapist_id}/working-hours/{location.location_id}"
        response = await self.availability.put(path, json=body)
        assert response.status_code == 200, response.text

    async def new_world(self, policy: RequestPolicy, requests_enabled: bool) -> ClinicWorld:
        """The same clinic as `tests.requests.clinic_world.new_clinic_world`, made for real."""
        clinic = await self.clinic(policy, requests_enabled)
        clinic_id = clinic.clinic_id
        main = await self.location(clinic_id, "Riverside")
        branch = await self.location(clinic_id, "Hillside")
        follow_up = await self.visit_type(clinic_id, "Follow-up", 45)
        evaluation = await self.visit_type(clinic_id, "Evaluation", 60)
        therapist = await self.therapist(clinic_id, "Dana Physio", main, branch)
        colleague = await self.therapist(clinic_id, "Lee Physio", branch)
        patient = await self.patient(clinic_id, "Alex")
        case = await self.case(patient, therapist, main, follow_up)
        portal_user = await self.portal_user(clinic_id, "Alex's parent", patient)
        schedulers = (await self.staff(clinic_id, "Robin", main), await self.staff(clinic_id, "Kim", branch))
        # In ClinicWorld's order of fields.
        places = (main, branch, follow_up, evaluation, therapist, colleague)
        return ClinicWorld(clinic, *places, patient, case, portal_user, *schedulers)


@dataclass
class Family:
    """A second patient of the clinic, with a case and a portal user of their own."""

    patient: PatientChanged
    case: PatientCaseChanged
    portal_user: PortalUserChanged

    def states(self) -> list[StateEvent]:
        return [self.patient, self.case, self.portal_user]

    def asking(self) -> dict:
        """What to change in a request for it to be this family's."""
        return {
            "portal_user_id": self.portal_user.portal_user_id,
            "patient_id": self.patient.patient_id,
            "case_id": self.case.case_id,
            "location_id": self.case.location_id,
        }


@dataclass
class RequestsService:
    """The request service's HTTP API, with the settings and availability services beside it, their
    databases and the topics between them."""

    http: httpx.AsyncClient
    availability: httpx.AsyncClient
    admin: ClinicAdmin
    kafka: KafkaAccess
    database_urls: dict[str, str]
    consumer_group_prefix: str
    stack: LocalStack

    def as_portal_user(self, portal_user_id, service: str = "requests") -> httpx.Auth:
        """Calls for a portal user, signed as the gateway signs them (the clinic is not read here)."""
        return self.stack.actor_auth(Actor.portal_user(UUID(str(portal_user_id)), uuid.uuid4()), service)

    def as_staff(self, staff_user_id, service: str = "requests") -> httpx.Auth:
        return self.stack.actor_auth(Actor.staff_user(UUID(str(staff_user_id)), uuid.uuid4()), service)

    # --- the clinic ---------------------------------------------------------------------------

    async def new_world(self, policy: RequestPolicy = POLICY, *, requests_enabled: bool = True) -> ClinicWorld:
        """A clinic made through the settings API, known to availability and the request service,
        its therapist working weekdays 09:00-17:00 at both of its locations."""
        world = await self.admin.new_world(policy, requests_enabled)
        # Availability sets working hours only for a therapist and a location it knows.
        await self.replicated("availability", world.states())
        for location in (world.location, world.branch):
            await self.admin.working_hours(world.therapist, location)
        await self.replicated("requests", world.states())
        return world

    async def another_family(self, world: ClinicWorld, location: LocationChanged | None = None) -> Family:
        patient = await self.admin.patient(world.clinic_id, "Sam")
        case = await self.admin.case(patient, world.therapist, location or world.location, world.visit_type)
        family = Family(patient, case, await self.admin.portal_user(world.clinic_id, "Sam's parent", patient))
        await self.settle(*family.states())
        return family

    async def settle(self, *states: StateEvent) -> None:
        """Wait until both services' settings replicas have these states."""
        for service in ("availability", "requests"):
            await self.replicated(service, states)

    async def replicated(self, service: str, states) -> None:
        wanted = {state.entity_id: state.revision for state in states}

        async def known() -> bool:
            rows = await query(
                self.database_urls[service],
                "SELECT entity_id, revision FROM settings_replica WHERE entity_id = ANY($1::text[])",
                list(wanted),
            )
            revisions = {row["entity_id"]: row["revision"] for row in rows}
            behind = [entity_id for entity_id, revision in wanted.items() if revisions.get(entity_id, 0) < revision]
            assert not behind, f"{service} does not know these yet: {behind}"
            return True

        await eventually(known, timeout=REPLICA_TIMEOUT, interval=0.2)

    # --- availability -------------------------------------------------------------------------

    async def slots(
        self,
        world: ClinicWorld,
        *,
        case: PatientCaseChanged | None = None,
        location: LocationChanged | None = None,
    ) -> list[datetime]:
        """The requestable starts of two weeks from the day after tomorrow: hours clear of the
        minimum notice, so none of them slips inside it while a test runs."""
        first_day = datetime.now(UTC).astimezone(ZoneInfo(ZONE)).date() + timedelta(days=2)
        params = {
            "case_id": str((case or world.case).case_id),
            "visit_type_id": str(world.visit_type.visit_type_id),
            "date_from": first_day.isoformat(),
            "date_to": (first_day + timedelta(days=13)).isoformat(),
        }
        if location is not None:
            params["location_id"] = str(location.location_id)
        response = await self.availability.get("/slots", params=params)
        assert response.status_code == 200, response.text
        return [moment(slot["start"]) for slot in response.json()["slots"]]

    async def mornings(self, world: ClinicWorld, **where) -> list[datetime]:
        """The first requestable start of each day: one time per day, so tests never meet."""
        firsts: dict[date, datetime] = {}
        for start in await self.slots(world, **where):
            firsts.setdefault(start.astimezone(ZoneInfo(ZONE)).date(), start)
        assert len(firsts) >= 5, firsts
        return list(firsts.values())

    async def until_requestable(self, world: ClinicWorld, start: datetime, requestable: bool = True) -> None:
        async def as_expected() -> bool:
            return (start in await self.slots(world)) is requestable

        await eventually(as_expected, timeout=ANSWER_TIMEOUT, interval=0.3)

    async def calendar(self, world: ClinicWorld, on: datetime) -> list[dict]:
        """The therapist's calendar on the local day of `on`."""
        day = on.astimezone(ZoneInfo(ZONE)).date().isoformat()
        params = {"therapist_id": str(world.therapist.therapist_id), "date_from": day, "date_to": day}
        response = await self.availability.get("/calendar", params=params)
        assert response.status_code == 200, response.text
        return response.json()["items"]

    async def book_directly(self, world: ClinicWorld, start: datetime, minutes: int = 45) -> dict:
        """A scheduler's own appointment, booked in availability."""
        body = {
            "therapist_id": str(world.therapist.therapist_id),
            "location_id": str(world.location.location_id),
            "start": start.isoformat(),
            "end": (start + timedelta(minutes=minutes)).isoformat(),
        }
        auth = self.as_staff(world.scheduler.staff_user_id, "availability")
        response = await self.availability.post("/appointments", json=body, auth=auth)
        assert response.status_code == 201, response.text
        return response.json()

    # --- the request service's HTTP API -------------------------------------------------------

    async def submit(
        self, world: ClinicWorld, start: datetime | str, *, wait_seconds: float = 0, headers=None, **changes
    ) -> httpx.Response:
        body = {
            **world.asking(),
            "start": start,
            "note": "Mornings, please",
        }
        params = {"wait_seconds": wait_seconds} if wait_seconds else {}
        body = {**body, **changes}
        # Who submits is the actor token's to say, never the body's.
        auth = self.as_portal_user(body.pop("portal_user_id"))
        return await self.http.post("/requests", json=jsonable(body), params=params, auth=auth, headers=headers)

    async def submitted(self, world: ClinicWorld, start: datetime | str, **changes) -> dict:
        response = await self.submit(world, start, **changes)
        assert response.status_code == 201, response.text
        return response.json()

    async def pending(self, world: ClinicWorld, start: datetime, **changes) -> dict:
        """A submitted request whose hold availability has placed."""
        request = await self.submitted(world, start, wait_seconds=5, **changes)
        return await self.until_status(request["request_id"], "pending")

    async def pending_at_first_morning(self) -> tuple[ClinicWorld, datetime, str]:
        """A new clinic with a request pending at its first free morning: the clinic, the time, the
        request's id."""
        world = await self.new_world()
        slot = (await self.mornings(world))[0]
        request = await self.pending(world, slot)
        return world, slot, request["request_id"]

    async def get(self, request_id: str, **params) -> dict:
        response = await self.http.get(f"/requests/{request_id}", params=params)
        assert response.status_code == 200, response.text
        return response.json()

    async def act(
        self, request_id: str, action: str, *, wait_seconds: float = 0, staff_id=None, portal_user_id=None, **body
    ) -> httpx.Response:
        """A scheduler's decision (`staff_id`) or a portal user's withdrawal (`portal_user_id`)."""
        params = {"wait_seconds": wait_seconds} if wait_seconds else {}
        auth = self.as_staff(staff_id) if staff_id is not None else self.as_portal_user(portal_user_id)
        json = jsonable(body) if action in ("edit", "decline") else None
        return await self.http.post(f"/requests/{request_id}/{action}", json=json, params=params, auth=auth)

    async def until(self, request_id: str, check) -> dict:
        """The request once `check(request)` holds."""
        last: list[dict] = []

        async def current() -> dict | None:
            last[:] = [await self.get(request_id)]
            return last[0] if check(last[0]) else None

        try:
            return await eventually(current, timeout=ANSWER_TIMEOUT, interval=0.1)
        except AssertionError:
            raise AssertionError(f"the request is still {last}") from None

    async def until_status(self, request_id: str, status: str) -> dict:
        return await self.until(request_id, lambda request: request["status"] == status)

    # --- topics -------------------------------------------------------------------------------

    async def events_of(self, request_id: str) -> list[EventEnvelope]:
        """What the request service published about one request, in order."""
        records = await read_topic(self.kafka, APPOINTMENT_REQUESTS.name)
        return [EventEnvelope.from_bytes(record.value) for record in records if record.key == request_id.encode()]

    async def until_published(self, request_id: str, *event_types: str) -> list[EventEnvelope]:
        """The request's events once their types are exactly `event_types`."""

        async def published() -> list[EventEnvelope] | None:
            events = await self.events_of(request_id)
            return events if [event.event_type for event in events] == list(event_types) else None

        try:
            return await eventually(published, timeout=ANSWER_TIMEOUT, interval=0.3)
        except AssertionError:
            seen = [event.event_type for event in await self.events_of(request_id)]
            raise AssertionError(f"published {seen}, expected {list(event_types)}") from None

    async def hold_of(self, request_id: str) -> str:
        """The hold the submission asked availability for, as RequestSubmitted names it."""

        async def submitted() -> str | None:
            events = await self.events_of(request_id)
            return events[0].payload["hold_id"] if events else None

        return await eventually(submitted, timeout=ANSWER_TIMEOUT, interval=0.3)

    async def answers(self, request_id: str) -> list[ConsumerRecord]:
        """Availability's records about one request on the calendar topic, as they are there. Only
        this run's availability counts: on a shared broker, other runs' services may answer too."""
        records = [r for r in await read_topic(self.kafka, CALENDAR.name) if r.key == request_id.encode()]
        event_ids = [EventEnvelope.from_bytes(record.value).event_id for record in records]
        rows = await query(
            self.database_urls["availability"],
            "SELECT event_id FROM outbox WHERE event_id = ANY($1::uuid[])",
            event_ids,
        )
        ours = {row["event_id"] for row in rows}
        return [record for record, event_id in zip(records, event_ids, strict=True) if event_id in ours]

    async def redeliver(self, record: ConsumerRecord) -> RecordMetadata:
        """The record again, exactly as a broker redelivers it."""
        return await redeliver(self.kafka, record)

    async def until_consumed(self, delivered: RecordMetadata) -> None:
        """Wait until the request service has handled the record."""
        group = f"{self.consumer_group_prefix}requests.request-outcomes"
        await until_consumed(self.kafka, group, delivered, timeout=ANSWER_TIMEOUT)


def jsonable(body: dict) -> dict:
    def plain(value):
        if isinstance(value, uuid.UUID):
            return str(value)
        if isinstance(value, datetime):
            return value.isoformat()
        return value

    return {key: plain(value) for key, value in body.items()}


@asynccontextmanager
async def connected(stack, kafka, service_database_urls) -> AsyncIterator[RequestsService]:
    """The request service of the running stack, with the availability and settings services beside it."""
    async with (
        httpx.AsyncClient(base_url=stack.url("requests"), auth=stack.operator_auth(), timeout=30) as http,
        httpx.AsyncClient(base_url=stack.url("availability"), auth=stack.operator_auth(), timeout=30) as availability,
        httpx.AsyncClient(base_url=stack.url("settings"), auth=stack.operator_auth(), timeout=30) as settings,
    ):
        yield RequestsService(
            http=http,
            availability=availability,
            admin=ClinicAdmin(settings, availability),
            kafka=kafka,
            database_urls=service_database_urls,
            consumer_group_prefix=stack.extra_env["CONSUMER_GROUP_PREFIX"],
            stack=stack,
        )


@pytest.fixture
async def service(stack, kafka, service_database_urls):
    async with connected(stack, kafka, service_database_urls) as connected_service:
        yield connected_service


async def make_offer_due(service: RequestsService, request_id: str) -> None:
    """Waiting an offer's answer time out is not an option; an offer due a minute ago is."""
    due = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
    connection = await connect(service.database_urls["requests"])
    try:
        await connection.execute(
            "UPDATE appointment_requests SET offer_answer_by = $1::text::timestamptz,"
            " counter_offer = jsonb_set(counter_offer::jsonb, '{answer_by}', to_jsonb($1::text))::json"
            " WHERE request_id = $2",
            due,
            uuid.UUID(request_id),
        )
    finally:
        await connection.close()
