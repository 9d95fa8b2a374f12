"""The back-end services, faked for the gateway's fast ring: `httpx.MockTransport` handlers that
answer as the services do, each answer built with the service's own pydantic document (the
contract's events for settings, `RequestWithHistoryDocument` for requests, availability's
`SnapshotDocument` and the rest). A field a service renames breaks the fake here; a gateway document
out of step with the service fails the typed client's check, as it would in production.

One small clinic: a location, a therapist working there, a patient with a case, a visit type, a
scheduler of that location, and whatever requests and calendar items a test adds.
"""

import secrets
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

import httpx
from pydantic import BaseModel, TypeAdapter

from clinic_availability.domain import CalendarItem, ItemKind
from clinic_availability.entrypoints.http.documents import (
    CalendarDocument,
    CalendarItemDocument,
    SlotDocument,
    SlotsDocument,
    SnapshotDocument,
    SnapshotItemDocument,
)
from clinic_availability.service_layer.calendar_views import CalendarEntry
from clinic_contracts.events import (
    BookedBy,
    LocationChanged,
    PatientChanged,
    StaffUserChanged,
    TherapistChanged,
    VisitTypeChanged,
)
from clinic_gateway.clients import Services
from clinic_gateway.clients.availability import AvailabilityClient
from clinic_gateway.clients.notifications import NotificationsClient
from clinic_gateway.clients.requests import RequestsClient
from clinic_gateway.clients.settings import SettingsClient
from clinic_gateway.tokens import SignedIn, TokenIssuer, UserKind
from clinic_requests.entrypoints.documents import PendingCount, RequestPage, RequestWithHistoryDocument
from clinic_requests.service_layer.queries import SeenRequest
from servicekit.actor_tokens import ActorTokenSigner, SigningKey
from servicekit.problems import PROBLEM_MEDIA_TYPE
from tests.requests.unit.request_builders import ask, pending, visit
from tests.sample_events import sample

ZONE = ZoneInfo("America/Los_Angeles")
SIGNER = ActorTokenSigner(SigningKey.generate("unit"))


def _answer(document: Any, status: int = 200) -> httpx.Response:
    body = TypeAdapter(type(document)).dump_json(document) if isinstance(document, BaseModel | list) else document
    return httpx.Response(status, content=body, headers={"content-type": "application/json"})


def _problem(status: int, code: str) -> httpx.Response:
    body = {"type": f"https://example/problems/{code}", "title": code, "status": status, "code": code}
    return httpx.Response(status, json=body, headers={"content-type": PROBLEM_MEDIA_TYPE})


@dataclass
class FakeClinic:
    clinic_id: UUID = field(default_factory=uuid4)
    location_id: UUID = field(default_factory=uuid4)
    therapist_id: UUID = field(default_factory=uuid4)
    patient_id: UUID = field(default_factory=uuid4)
    case_id: UUID = field(default_factory=uuid4)
    visit_type_id: UUID = field(default_factory=uuid4)
    scheduler_id: UUID = field(default_factory=uuid4)
    requests: dict[UUID, RequestWithHistoryDocument] = field(default_factory=dict)
    # Requests the scheduler may not see: the request service answers 403 for them.
    hidden: set[UUID] = field(default_factory=set)
    calendar: list[CalendarItemDocument] = field(default_factory=list)
    # Every call the gateway made, as "service METHOD path".
    calls: list[str] = field(default_factory=list)

    def visit_ids(self) -> dict[str, UUID]:
        """Where, with whom and what every request and appointment of the fake clinic is."""
        return {"location_id": self.location_id, "therapist_id": self.therapist_id, "visit_type_id": self.visit_type_id}

    # --- the settings service ------------------------------------------------------------------

    def directory(self) -> dict[str, list[BaseModel]]:
        clinic = {"clinic_id": self.clinic_id}
        return {
            "locations": [sample(LocationChanged, **clinic, location_id=self.location_id, time_zone=ZONE.key)],
            "therapists": [
                sample(
                    TherapistChanged,
                    **clinic,
                    therapist_id=self.therapist_id,
                    name="Dana",
                    location_ids=(self.location_id,),
                )
            ],
            "patients": [sample(PatientChanged, **clinic, patient_id=self.patient_id)],
            "visit-types": [sample(VisitTypeChanged, **clinic, visit_type_id=self.visit_type_id)],
        }

    def scheduler(self) -> StaffUserChanged:
        return sample(
            StaffUserChanged,
            staff_user_id=self.scheduler_id,
            clinic_id=self.clinic_id,
            name="Sam",
            email="sam@example.com",
            location_ids=(self.location_id,),
        )

    def settings(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == f"/staff-users/{self.scheduler_id}":
            return _answer(self.scheduler())
        for kind, entities in self.directory().items():
            if path == f"/clinics/{self.clinic_id}/{kind}":
                return _answer(entities)
        if path == f"/clinics/{self.clinic_id}/directory":
            return httpx.Response(200, json=self.named(request.url.params))
        return _problem(404, "not-found")

    def named(self, params: httpx.QueryParams) -> dict[str, Any]:
        """What settings' `/clinics/{id}/directory` answers: each kind's entities the ids name."""
        named: dict[str, Any] = {}
        for kind, entities in self.directory().items():
            id_field = kind.replace("-", "_").removesuffix("s") + "_id"
            wanted = set(params.get_list(id_field))
            named[kind.replace("-", "_")] = [
                entity.model_dump(mode="json") for entity in entities if str(getattr(entity, id_field)) in wanted
            ]
        return named

    # --- the request service -------------------------------------------------------------------

    def add_request(self, start: datetime, **fields: Any) -> RequestWithHistoryDocument:
        """The clinic's patient's request for `start`, pending since two days before, in the request
        service's own document of it; `fields` change the document (a status, preferred times)."""
        asked = ask(visit(start, **self.visit_ids()), "Mornings suit us", self.patient_id, self.case_id, self.clinic_id)
        shown = RequestWithHistoryDocument.of(SeenRequest(pending(asked, now=start - timedelta(days=2))), history=[])
        request = RequestWithHistoryDocument(**{**shown.model_dump(), **fields})
        self.requests[request.request_id] = request
        return request

    def requests_service(self, request: httpx.Request) -> httpx.Response:
        path, params = request.url.path, request.url.params
        if path == "/requests/pending-count":
            return _answer(PendingCount(pending=sum(r.status == "pending" for r in self._visible())))
        if path == "/requests":
            statuses = params.get_list("status") or ["pending"]
            items = [r for r in self._visible() if r.status in statuses]
            return _answer(RequestPage(items=items, total=len(items), limit=int(params["limit"]), offset=0))
        request_id = UUID(path.split("/")[2])
        if request_id in self.hidden or request_id not in self.requests:
            return _problem(404, "request-not-found")
        if request.method == "POST" and path.endswith("/decline"):
            declined = RequestWithHistoryDocument.model_validate(
                {**self.requests[request_id].model_dump(), "status": "declined"}
            )
            self.requests[request_id] = declined
            return _answer(declined)
        return _answer(self.requests[request_id])

    def _visible(self) -> list[RequestWithHistoryDocument]:
        return [r for r in self.requests.values() if r.request_id not in self.hidden]

    # --- the availability service --------------------------------------------------------------

    def add_appointment(self, start: datetime, **fields: Any) -> CalendarItemDocument:
        """The patient's appointment at `start`, booked by a scheduler, in availability's own
        document of the calendar item; `fields` change the document."""
        appointment = CalendarItem(
            item_id=uuid4(),
            clinic_id=self.clinic_id,
            kind=ItemKind.APPOINTMENT,
            start=start,
            end=start + timedelta(minutes=45),
            patient_id=self.patient_id,
            case_id=self.case_id,
            title="Treatment",
            booked_by=BookedBy.SCHEDULER,
            **self.visit_ids(),
        )
        shown = CalendarItemDocument.of(CalendarEntry(appointment, ZONE)).model_dump()
        item = CalendarItemDocument(**{**shown, **fields})
        self.calendar.append(item)
        return item

    def availability(self, request: httpx.Request) -> httpx.Response:
        path, params = request.url.path, request.url.params
        if path == "/calendar":
            start = datetime.combine(date.fromisoformat(params["date_from"]), datetime.min.time(), ZONE)
            end = datetime.combine(date.fromisoformat(params["date_to"]), datetime.min.time(), ZONE)
            return _answer(
                CalendarDocument(time_zone=ZONE.key, start=start, end=end + timedelta(days=1), items=self.calendar)
            )
        if path == "/calendar/snapshot":
            requested_start = datetime.fromisoformat(params["start"])
            requested_end = datetime.fromisoformat(params["end"])
            items = [
                SnapshotItemDocument(
                    **item.model_dump(),
                    overlaps_requested_time=item.start < requested_end and requested_start < item.end,
                    requested=False,
                )
                for item in self.calendar
            ]
            return _answer(
                SnapshotDocument(
                    time_zone=ZONE.key,
                    start=requested_start - timedelta(hours=4),
                    end=requested_end + timedelta(hours=4),
                    requested_start=requested_start,
                    requested_end=requested_end,
                    items=items,
                )
            )
        if path == "/slots":
            first = datetime.combine(date.fromisoformat(params["date_from"]), datetime.min.time(), UTC)
            slots = [
                SlotDocument(start=start, end=start + timedelta(minutes=45), local_start=start, local_end=start)
                for start in (first + timedelta(days=day, hours=16) for day in range(14))
            ]
            return _answer(
                SlotsDocument(
                    therapist_id=self.therapist_id,
                    location_id=self.location_id,
                    visit_type_id=self.visit_type_id,
                    duration_minutes=45,
                    time_zone=ZONE.key,
                    slots=slots,
                )
            )
        return _problem(404, "not-found")

    # --- wiring ----------------------------------------------------------------------------------

    def services(self) -> Services:
        """The gateway's clients, each over its fake service, calling as the scheduler."""
        handlers = {
            "settings": (SettingsClient, self.settings),
            "availability": (AvailabilityClient, self.availability),
            "requests": (RequestsClient, self.requests_service),
            "notifications": (NotificationsClient, lambda request: _problem(404, "not-found")),
        }
        clients = {
            name: client(name, f"http://{name}", 5, SIGNER, transport=httpx.MockTransport(self._recorded(name, handle)))
            for name, (client, handle) in handlers.items()
        }
        return Services(**clients, tokens=TokenIssuer(secrets.token_urlsafe(32), timedelta(minutes=5)))

    def _recorded(self, name: str, handle):
        def recorded(request: httpx.Request) -> httpx.Response:
            self.calls.append(f"{name} {request.method} {request.url.path}")
            return handle(request)

        return recorded

    def scheduler_signed_in(self) -> SignedIn:
        return SignedIn(UserKind.STAFF, self.scheduler_id, self.clinic_id)
