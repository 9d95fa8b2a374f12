"""From a request's or a calendar's event to the emails it makes, composed and stored once.

The inbox records the event in the same transaction as the emails (and the emails table keeps
one per cause, kind and recipient besides), so a redelivered event makes no second email. The
words are rendered now, with the names as they are now: the sender only delivers.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from clinic_contracts import EventEnvelope
from clinic_contracts.events import (
    AccountLinkIssued,
    AccountLinkPurpose,
    AccountUserKind,
    AppointmentCancelled,
    CancelledBy,
    CounterOfferAccepted,
    CounterOfferDeclined,
    CounterOfferExpired,
    CounterOfferHeld,
    Event,
    OfferedTime,
    PortalUserChanged,
    RequestApproved,
    RequestAwaitingTime,
    RequestCancelled,
    RequestDeclined,
    RequestEditApplied,
    RequestExpired,
    RequestPending,
    RequestRefused,
    RequestSubmitted,
    StaffUserChanged,
)
from clinic_notifications.adapters import email_store, preferences, request_contacts
from clinic_notifications.adapters.notice_texts import NoticeTexts
from clinic_notifications.adapters.request_contacts import RequestContact
from clinic_notifications.domain.invitations import AppointmentInvitation, CalendarMethod
from clinic_notifications.domain.local_times import LocalDates, LocalVisitTime, moment_words, preferred_times_words
from clinic_notifications.domain.notices import NoticeKind, RecipientKind, wants
from clinic_notifications.service_layer.outgoing import OutgoingEmail
from clinic_notifications.service_layer.people import (
    VisitNames,
    schedulers_who_see,
    settings_in,
    visit_names,
    visit_settings,
)
from servicekit.runtime import ServiceRuntime

CONSUMER = "notices"


@dataclass(frozen=True)
class Links:
    public_base_url: str

    @property
    def portal(self) -> str:
        return f"{self.public_base_url.rstrip('/')}/portal"

    @property
    def scheduler(self) -> str:
        return f"{self.public_base_url.rstrip('/')}/scheduler"


@dataclass(frozen=True)
class Recipient:
    """Whom an email goes to: whose delivery choice counts, at which address, greeted by which name."""

    kind: RecipientKind
    user_id: UUID
    address: str
    name: str

    @classmethod
    def portal_user(cls, user: PortalUserChanged) -> "Recipient":
        return cls(RecipientKind.PORTAL, user.portal_user_id, user.email, user.name)

    @classmethod
    def staff_user(cls, staff: StaffUserChanged) -> "Recipient":
        return cls(RecipientKind.STAFF, staff.staff_user_id, staff.email, staff.name)

    async def wants(self, session: AsyncSession, kind: NoticeKind) -> bool:
        return bool(await who_wants(session, [self], kind))


@dataclass(frozen=True)
class Cause:
    """What an email tells of: the event (or the digest's day) and its time, in which clinic, about
    which request if any. The emails table keeps one email per cause, kind and recipient."""

    cause_id: UUID
    created_at: datetime
    clinic_id: UUID
    request_id: UUID | None = None

    @classmethod
    def of_request(cls, envelope: EventEnvelope, contact: RequestContact) -> "Cause":
        return cls(envelope.event_id, envelope.occurred_at, contact.clinic_id, contact.request_id)


# The events that make or prepare a notice (what `_apply` matches on).
READ_EVENTS = (
    AccountLinkIssued,
    RequestSubmitted,
    RequestPending,
    RequestRefused,
    RequestEditApplied,
    RequestApproved,
    RequestDeclined,
    RequestExpired,
    RequestCancelled,
    AppointmentCancelled,
    CounterOfferHeld,
    CounterOfferAccepted,
    CounterOfferDeclined,
    CounterOfferExpired,
    RequestAwaitingTime,
)


@dataclass
class Composer:
    runtime: ServiceRuntime
    texts: NoticeTexts
    links: Links
    organizer_email: str
    # Called once emails are committed: the sender looks at once instead of at its next poll.
    on_stored: Callable[[], None] = lambda: None

    async def apply(self, envelope: EventEnvelope, event: Event, now: datetime) -> int:
        """The emails `event` makes, stored; how many."""
        if not isinstance(event, READ_EVENTS):
            # Most of the calendar's and many of the requests' events tell no one anything: no
            # transaction, no inbox row for them.
            return 0
        async with self.runtime.sessions.begin() as session:
            if not await self.runtime.inbox.first_delivery(session, CONSUMER, envelope.event_id):
                return 0
            # The event's emails in one statement, whoever they go to.
            stored = await email_store.store_all(session, await self._apply(session, envelope, event, now))
        if stored:
            self.on_stored()
        return stored

    async def _apply(
        self, session: AsyncSession, envelope: EventEnvelope, event: Event, now: datetime
    ) -> list[OutgoingEmail]:
        if isinstance(event, AccountLinkIssued):
            return await self._send_link(session, envelope, event)
        if isinstance(event, RequestSubmitted):
            # Nothing to tell yet; remembered in one statement, not read first.
            await request_contacts.remember(session, _contact_of(envelope, event, now))
            return []
        contact = await request_contacts.get(session, _request_id(event)) if _request_id(event) else None
        match event:
            case RequestPending():
                contact = await self._remember(session, contact, envelope, event, now, status="pending")
                told = await self._tell_portal_user(session, contact, NoticeKind.REQUEST_RECEIVED, envelope)
                return told + await self._tell_schedulers(session, contact, envelope)
            case RequestAwaitingTime() if contact is None:
                return await self._preferred_times_asked(session, envelope, event, now)
            case RequestRefused() if contact is not None:
                await self._move(session, contact, now, status="refused")
                return await self._tell_portal_user(
                    session, contact, NoticeKind.REQUEST_REFUSED, envelope, reason=event.reason
                )
            case RequestEditApplied() if contact is not None:
                previous = contact
                contact = contact.at(event)
                await self._move(session, contact, now, status="pending")
                names = await self.names_of(session, previous)
                previous_when = LocalVisitTime.of(previous.start, previous.end, names.location.time_zone)
                return await self._tell_portal_user(
                    session, contact, NoticeKind.REQUEST_MOVED, envelope, previous_when=str(previous_when)
                )
            case RequestApproved() if contact is not None:
                # `approved` here too: a request that awaited a time has one now, which the notice shows.
                contact = contact.but(
                    appointment_id=event.appointment_id, start=event.start, end=event.end, status="approved"
                )
                await self._move(session, contact, now, status="approved")
                return await self._tell_portal_user(
                    session, contact, NoticeKind.REQUEST_APPROVED, envelope, calendar=CalendarMethod.REQUEST
                )
            case RequestDeclined() if contact is not None:
                await self._move(session, contact, now, status="declined")
                return await self._tell_portal_user(
                    session, contact, NoticeKind.REQUEST_DECLINED, envelope, reason=event.reason
                )
            case RequestExpired() if contact is not None:
                await self._move(session, contact, now, status="expired")
                reason = event.reason or "The clinic did not answer it in time."
                return await self._tell_portal_user(
                    session, contact, NoticeKind.REQUEST_EXPIRED, envelope, reason=reason
                )
            case RequestCancelled() if contact is not None:
                # The portal user withdrew it themselves: nothing to tell them.
                await self._move(session, contact, now, status="cancelled")
                return []
            case CounterOfferHeld(waitlist_entry_id=UUID()):
                # A request made for the offer: nothing was submitted, so it is remembered from here.
                known = contact is not None
                contact = _contact_of_waitlist_offer(envelope, event, now)
                await request_contacts.save(session, contact, new=not known)
                return await self._offer_freed_time(session, contact, envelope, event)
            case CounterOfferHeld() if contact is not None:
                await self._move(session, contact, now, status="offered")
                return await self._offer_other_times(session, contact, envelope, event)
            case CounterOfferAccepted() if contact is not None:
                # The approval follows (RequestApproved tells the portal user), at the accepted time.
                contact = contact.at(event)
                await self._move(session, contact, now, status="approving")
                return []
            case CounterOfferDeclined() if contact is not None:
                # The portal user declined themselves: nothing to tell them.
                await self._move(session, contact, now, status="offer-declined")
                return []
            case CounterOfferExpired() if contact is not None:
                await self._move(session, contact, now, status="expired")
                # A freed time from the waitlist goes to the next in line; the family waits on.
                lapsed = NoticeKind.WAITLIST_OFFER_LAPSED if event.waitlist_entry_id else NoticeKind.OFFER_EXPIRED
                return await self._tell_portal_user(session, contact, lapsed, envelope)
            case AppointmentCancelled() if contact is not None and contact.appointment_id == event.appointment_id:
                contact = contact.but(invitation_sequence=contact.invitation_sequence + 1)
                await self._move(session, contact, now, status="appointment-cancelled")
                return await self._tell_portal_user(
                    session,
                    contact,
                    NoticeKind.APPOINTMENT_CANCELLED,
                    envelope,
                    calendar=CalendarMethod.CANCEL,
                    cancelled_by_portal=event.cancelled_by is CancelledBy.PORTAL,
                )
        return []

    async def _preferred_times_asked(
        self, session: AsyncSession, envelope: EventEnvelope, event: RequestAwaitingTime, now: datetime
    ) -> list[OutgoingEmail]:
        """Remembered spanning the windows' dates (until the approval names the time); the portal
        user and the schedulers who see the patient are told the days and times asked for."""
        names = await self._names(session, envelope.clinic_id, event)
        zone = ZoneInfo(names.location.time_zone)
        windows = event.preferred_times
        start, end = windows.first_moment(zone), windows.last_moment(zone)
        contact = _contact(envelope, event, event, start, end, "awaiting-time", now)
        await request_contacts.save(session, contact, new=True)
        words = {"preferred": preferred_times_words(windows, names.location.time_zone)}
        told = await self._tell_portal_user(session, contact, NoticeKind.PREFERRED_TIMES_RECEIVED, envelope, **words)
        return told + await self._tell_schedulers(
            session, contact, envelope, kind=NoticeKind.NEW_PREFERRED_TIMES_REQUEST, **words
        )

    async def _offer_other_times(
        self, session: AsyncSession, contact: RequestContact, envelope: EventEnvelope, event: CounterOfferHeld
    ) -> list[OutgoingEmail]:
        """Each offered time in its own location's zone; the deadline in the request's."""
        offered_times = []
        for offered in event.offered_times:
            names = await self.names_of(session, contact.at(offered))
            offered_times.append(
                {
                    "visit_type": names.visit_type.name,
                    "therapist": names.therapist.name,
                    "when": LocalVisitTime.of(offered.start, offered.end, names.location.time_zone),
                    "location_name": names.location.name,
                    "location_address": names.location.address,
                }
            )
        zone = (await self.names_of(session, contact)).location.time_zone
        return await self._tell_portal_user(
            session,
            contact,
            NoticeKind.OTHER_TIMES_OFFERED,
            envelope,
            offered_times=offered_times,
            requested_when=str(LocalVisitTime.of(contact.start, contact.end, zone)),
            answer_by=moment_words(event.answer_by, zone),
        )

    async def _offer_freed_time(
        self, session: AsyncSession, contact: RequestContact, envelope: EventEnvelope, event: CounterOfferHeld
    ) -> list[OutgoingEmail]:
        """The one time freed for them, and until when it is held, in the location's zone."""
        zone = (await self.names_of(session, contact)).location.time_zone
        answer_by = moment_words(event.answer_by, zone)
        return await self._tell_portal_user(
            session, contact, NoticeKind.WAITLIST_TIME_OFFERED, envelope, answer_by=answer_by
        )

    async def _send_link(
        self, session: AsyncSession, envelope: EventEnvelope, event: AccountLinkIssued
    ) -> list[OutgoingEmail]:
        """The link to the address the account has, and nowhere else. The event names the clinic:
        no wait for the settings replica (the clinic may be a moment old)."""
        kind = (
            NoticeKind.ACCOUNT_INVITATION
            if event.purpose is AccountLinkPurpose.INVITATION
            else NoticeKind.PASSWORD_RESET
        )
        context = {
            "clinic_name": event.clinic_name,
            "link": event.url,
            "expires": moment_words(event.expires_at, event.clinic_time_zone),
            "staff": event.user_kind is AccountUserKind.STAFF,
            "preferences_link": None,
        }
        recipient = Recipient(RecipientKind(event.user_kind.value), event.user_id, event.email, event.name)
        cause = Cause(envelope.event_id, envelope.occurred_at, event.clinic_id)
        return [self.compose(cause, kind, recipient, context, language=event.clinic_language)]

    async def _remember(
        self,
        session: AsyncSession,
        contact: RequestContact | None,
        envelope: EventEnvelope,
        event: RequestPending,
        now: datetime,
        *,
        status: str,
    ) -> RequestContact:
        """RequestPending carries the whole visit, so a request this service never saw submitted
        (it started later than the request) is remembered from here on."""
        if contact is None:
            contact = _contact_of(envelope, event, now).but(status=status)
            await request_contacts.save(session, contact, new=True)
            return contact
        contact = contact.but(start=event.start, end=event.end, status=status, updated_at=now)
        await request_contacts.save(session, contact, new=False)
        return contact

    async def _move(self, session: AsyncSession, contact: RequestContact, now: datetime, *, status: str) -> None:
        await request_contacts.save(session, contact.but(status=status, updated_at=now), new=False)

    async def names_of(self, session: AsyncSession, contact: RequestContact) -> VisitNames:
        return await self._names(session, contact.clinic_id, contact)

    async def _names(
        self, session: AsyncSession, clinic_id: UUID, visit: RequestContact | RequestAwaitingTime
    ) -> VisitNames:
        return await visit_names(
            settings_in(session, self.runtime.settings_replica),
            clinic_id=clinic_id,
            location_id=visit.location_id,
            therapist_id=visit.therapist_id,
            visit_type_id=visit.visit_type_id,
            patient_id=visit.patient_id,
        )

    def _visit_context(self, names: VisitNames, contact: RequestContact) -> dict[str, Any]:
        return {
            "clinic_name": names.clinic.name,
            "patient_name": names.patient.name,
            "visit_type": names.visit_type.name,
            "therapist": names.therapist.name,
            "location_name": names.location.name,
            "location_address": names.location.address,
            "when": LocalVisitTime.of(contact.start, contact.end, names.location.time_zone),
            # A request still awaiting a time has no visit time: its notices show the dates it spans.
            "dates": LocalDates.of(contact.start, contact.end, names.location.time_zone)
            if contact.status == "awaiting-time"
            else None,
            "portal_link": self.links.portal,
            "scheduler_link": self.links.scheduler,
            "preferences_link": None,
        }

    async def _tell_portal_user(
        self,
        session: AsyncSession,
        contact: RequestContact,
        kind: NoticeKind,
        envelope: EventEnvelope,
        *,
        calendar: CalendarMethod | None = None,
        **words: Any,
    ) -> list[OutgoingEmail]:
        settings = settings_in(session, self.runtime.settings_replica)
        # The user and the visit's names in one query (a missing name matters only if the user is told).
        await settings.load(("portal_user", contact.portal_user_id), *_visit_settings(contact.clinic_id, contact))
        user = await settings.portal_user(contact.portal_user_id)
        if not user.active:
            return []
        recipient = Recipient.portal_user(user)
        if not await recipient.wants(session, kind):
            return []
        names = await self.names_of(session, contact)
        context = {**self._visit_context(names, contact), **words}
        ics = None
        if calendar is not None and contact.appointment_id is not None:
            ics = AppointmentInvitation(
                appointment_id=contact.appointment_id,
                sequence=contact.invitation_sequence,
                start=contact.start,
                end=contact.end,
                time_zone=names.location.time_zone,
                # The visit type and therapist, never the case's title or a diagnosis.
                summary=f"{names.visit_type.name} with {names.therapist.name} ({names.clinic.name})",
                location=", ".join(part for part in (names.location.name, names.location.address) if part),
                organizer_email=self.organizer_email,
                attendee_email=user.email,
                attendee_name=user.name,
            ).to_ics(calendar, envelope.occurred_at)
        email = self.compose(
            Cause.of_request(envelope, contact),
            kind,
            recipient,
            context,
            language=names.clinic.language,
            calendar=ics,
            calendar_method=calendar.value if ics else None,
        )
        return [email]

    async def _tell_schedulers(
        self,
        session: AsyncSession,
        contact: RequestContact,
        envelope: EventEnvelope,
        *,
        kind: NoticeKind = NoticeKind.NEW_PENDING_REQUEST,
        **words: Any,
    ) -> list[OutgoingEmail]:
        settings = settings_in(session, self.runtime.settings_replica)
        schedulers = [
            Recipient.staff_user(staff)
            for staff in await schedulers_who_see(settings, contact.clinic_id, contact.patient_id)
        ]
        told = await who_wants(session, schedulers, kind)
        if not told:
            return []
        names = await self.names_of(session, contact)
        context = {**self._visit_context(names, contact), **words}
        cause = Cause.of_request(envelope, contact)
        return [self.compose(cause, kind, recipient, context, language=names.clinic.language) for recipient in told]

    def compose(
        self,
        cause: Cause,
        kind: NoticeKind,
        recipient: Recipient,
        context: dict[str, Any],
        *,
        language: str,
        calendar: str | None = None,
        calendar_method: str | None = None,
    ) -> OutgoingEmail:
        """Written in the clinic's language (English while there are no texts in it), greeting the
        recipient by name."""
        text = self.texts.render(kind, {**context, "recipient_name": recipient.name}, language)
        return OutgoingEmail.queued(
            clinic_id=cause.clinic_id,
            cause_id=cause.cause_id,
            kind=kind.value,
            recipient_kind=recipient.kind.value,
            recipient_id=recipient.user_id,
            to_address=recipient.address,
            subject=text.subject,
            text_body=text.text,
            html_body=text.html,
            calendar=calendar,
            calendar_method=calendar_method,
            request_id=cause.request_id,
            created_at=cause.created_at,
        )


async def who_wants(session: AsyncSession, recipients: list[Recipient], kind: NoticeKind) -> list[Recipient]:
    """Those of `recipients` whose delivery choice lets a notice of `kind` reach them, their
    choices read in one query."""
    chosen = await preferences.deliveries_of(session, [(recipient.kind, recipient.user_id) for recipient in recipients])
    return [recipient for recipient in recipients if wants(chosen[recipient.kind, recipient.user_id], kind)]


def _visit_settings(clinic_id: UUID, visit: "RequestContact | RequestAwaitingTime") -> tuple[tuple[str, UUID], ...]:
    return visit_settings(clinic_id, visit.location_id, visit.therapist_id, visit.visit_type_id, visit.patient_id)


def _request_id(event: Event) -> uuid.UUID | None:
    return getattr(event, "request_id", None)


def _contact_of_waitlist_offer(envelope: EventEnvelope, event: CounterOfferHeld, now: datetime) -> RequestContact:
    [offered] = event.offered_times[:1]
    return _contact(envelope, event, offered, offered.start, offered.end, "offered", now)


def _contact_of(envelope: EventEnvelope, event: RequestSubmitted | RequestPending, now: datetime) -> RequestContact:
    return _contact(envelope, event, event, event.start, event.end, "submitted", now)


def _contact(
    envelope: EventEnvelope,
    event: RequestSubmitted | RequestPending | RequestAwaitingTime | CounterOfferHeld,
    visit: RequestSubmitted | RequestPending | RequestAwaitingTime | OfferedTime,
    start: datetime,
    end: datetime,
    status: str,
    now: datetime,
) -> RequestContact:
    """The request `event` names, for the visit (visit type, location, therapist) asked for or
    offered, from `start` to `end`."""
    return RequestContact(
        request_id=event.request_id,
        clinic_id=envelope.clinic_id,
        portal_user_id=event.portal_user_id,
        patient_id=event.patient_id,
        case_id=event.case_id,
        visit_type_id=visit.visit_type_id,
        location_id=visit.location_id,
        therapist_id=visit.therapist_id,
        start=start,
        end=end,
        status=status,
        submitted_at=envelope.occurred_at,
        updated_at=now,
    )
