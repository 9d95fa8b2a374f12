"""The requests service's tables (migration 0002 creates the two of its own, 0003 adds to them, 0006 adds the series)."""

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
)

from servicekit.messaging_tables import messaging_metadata
from servicekit.table_columns import clinic_owned, moment, requested_visit, uuid_key

metadata = messaging_metadata()

# A weekly series a portal user asked for at once (migration 0006): its visits are requests.
request_series = Table(
    "request_series",
    metadata,
    *clinic_owned(
        "series_id",
        Column("portal_user_id", Uuid, nullable=False),
        Column("idempotency_key", String(200), nullable=False),
        Column("submission_fingerprint", String(64), nullable=False),
        Column("case_id", Uuid, nullable=False),
        Column("interval_weeks", Integer, nullable=False),
        Column("visits", Integer, nullable=False),
        moment("submitted_at"),
    ),
    UniqueConstraint("portal_user_id", "idempotency_key", name="request_series_idempotency_key"),
)

appointment_requests = Table(
    "appointment_requests",
    metadata,
    *clinic_owned(
        "request_id",
        Column("idempotency_key", String(200), nullable=False),
        Column("submission_fingerprint", String(64), nullable=False),
        *requested_visit(),
        Column("note", Text, nullable=False),
        Column("status", String(40), nullable=False),
        Column("hold_id", Uuid, nullable=False),
        Column("holds_slot", Boolean, nullable=False),
        moment("submitted_at"),
        moment("updated_at"),
        Column("correlation_id", Uuid, nullable=False),
        Column("refusal_code", String(100)),
        Column("refusal_reason", Text),
        Column("decline_reason", Text),
        Column("appointment_id", Uuid),
        Column("conflict_code", String(100)),
        Column("conflict_reason", Text),
        # An edit waiting for availability to hold its time.
        Column("proposed_hold_id", Uuid),
        moment("proposed_start", nullable=True),
        moment("proposed_end", nullable=True),
        Column("proposed_location_id", Uuid),
        Column("proposed_visit_type_id", Uuid),
        Column("proposed_therapist_id", Uuid),
        Column("proposed_holds_slot", Boolean),
        Column("proposed_by", Uuid),
        Column("edit_refusal_code", String(100)),
        Column("edit_refusal_reason", Text),
        # Migration 0003: why it expired, and who cancelled its approved appointment when.
        Column("expiry_code", String(100)),
        Column("expiry_reason", Text),
        moment("appointment_cancelled_at", nullable=True),
        Column("appointment_cancelled_by_kind", String(20)),
        Column("appointment_cancelled_by_id", Uuid),
        # Migration 0006: one visit of a weekly series.
        Column("series_id", Uuid),
        Column("series_occurrence", Integer),
        Column("series_occurrences", Integer),
        # Migration 0007: the latest counter-offer (`repository.counter_offer_document`), and its
        # deadline as a column of its own for the expiry sweep.
        Column("counter_offer", JSON),
        moment("offer_answer_by", nullable=True),
        # Migration 0009: the preferred times a request awaiting a time asked for
        # (clinic_contracts.preferred_times.PreferredTimes as JSON).
        Column("preferred_times", JSON),
        # Migration 0010: the waitlist entry a request was made to offer a freed time to.
        Column("waitlist_entry_id", Uuid),
    ),
    UniqueConstraint("portal_user_id", "idempotency_key", name="appointment_requests_idempotency_key"),
    Index("appointment_requests_clinic_status_start", "clinic_id", "status", "start"),
    Index("appointment_requests_case_status", "case_id", "status"),
    Index("appointment_requests_patient", "patient_id"),
    Index("appointment_requests_location", "location_id"),
    Index("appointment_requests_therapist", "therapist_id"),
    Index("appointment_requests_submitted_at", "submitted_at"),
    Index("appointment_requests_series", "series_id"),
    Index("appointment_requests_waitlist_entry", "waitlist_entry_id"),
)

request_history = Table(
    "appointment_request_history",
    metadata,
    Column("entry_id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("request_id", Uuid, ForeignKey("appointment_requests.request_id"), nullable=False, index=True),
    moment("at"),
    Column("actor_kind", String(20), nullable=False),
    Column("actor_id", Uuid),
    Column("action", String(40), nullable=False),
    Column("from_status", String(40)),
    Column("to_status", String(40), nullable=False),
    Column("detail", Text, nullable=False),
)


# Migration 0008: appointments a scheduler booked for a case straight in the calendar (no request).
# They use the case's insurance authorization as booked requests do, so the one count
# (domain.authorization) sees them; availability's AppointmentBooked/Cancelled feed it.
case_appointments = Table(
    "case_appointments",
    metadata,
    uuid_key("appointment_id"),
    Column("case_id", Uuid, nullable=False),
    moment("start"),
    Column("cancelled", Boolean, nullable=False),
    Index("case_appointments_case", "case_id"),
)


# Migration 0010: a case's waitlist (domain.waitlist). Its windows are stored as given: ISO
# weekdays and parts of the day (JSON lists), and the first and last local day.
waitlist_entries = Table(
    "waitlist_entries",
    metadata,
    *clinic_owned(
        "entry_id",
        Column("case_id", Uuid, nullable=False),
        Column("patient_id", Uuid, nullable=False),
        Column("portal_user_id", Uuid, nullable=False),
        Column("visit_type_id", Uuid, nullable=False),
        Column("location_id", Uuid, nullable=False),
        Column("therapist_id", Uuid, nullable=False),
        Column("weekdays", JSON, nullable=False),
        Column("parts_of_day", JSON, nullable=False),
        Column("first_day", Date, nullable=False),
        Column("last_day", Date, nullable=False),
        Column("priority", Integer, nullable=False),
        Column("status", String(20), nullable=False),
        moment("joined_at"),
        Column("joined_by_staff", Uuid),
        moment("ended_at", nullable=True),
    ),
    Index("waitlist_entries_clinic_therapist_status", "clinic_id", "therapist_id", "status"),
    Index("waitlist_entries_case", "case_id"),
)
