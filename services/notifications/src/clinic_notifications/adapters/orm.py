"""The notifications service's tables (migration 0002 creates the three of its own)."""

from sqlalchemy import Column, Index, Integer, MetaData, String, Table, Text, UniqueConstraint, Uuid

from servicekit.messaging_tables import add_messaging_tables
from servicekit.table_columns import clinic_id, clinic_owned, moment, requested_visit, uuid_key

metadata = MetaData()
add_messaging_tables(metadata)

# What this service knows of each appointment request, from the request topic: whom to tell about
# it when a later event names only the request (AppointmentCancelled), and what still waits for
# the schedulers' digest.
request_contacts = Table(
    "request_contacts",
    metadata,
    *clinic_owned(
        "request_id",
        *requested_visit(),
        Column("status", String(40), nullable=False),
        Column("appointment_id", Uuid),
        # RFC 5545 SEQUENCE of the appointment's invitation: each update or cancellation counts up.
        Column("invitation_sequence", Integer, nullable=False, default=0),
        moment("submitted_at"),
        moment("updated_at"),
    ),
    Index("ix_request_contacts_waiting", "clinic_id", "status"),
)

# Every email this service decided to send: composed when its event arrived (in the same
# transaction as the inbox record, so one event makes its emails once), then delivered by the
# sender, which keeps its status for people to read.
emails = Table(
    "emails",
    metadata,
    *clinic_owned(
        "email_id",
        # The event it tells of (or the digest's day as a uuid5), and what kind of notice it is.
        Column("cause_id", Uuid, nullable=False),
        Column("kind", String(60), nullable=False),
        Column("recipient_kind", String(20), nullable=False),
        Column("recipient_id", Uuid, nullable=False),
        Column("to_address", String(320), nullable=False),
        Column("subject", String(300), nullable=False),
        Column("text_body", Text, nullable=False),
        Column("html_body", Text, nullable=False),
        Column("calendar", Text),
        Column("calendar_method", String(20)),
        Column("request_id", Uuid),
        Column("status", String(20), nullable=False),
        Column("attempts", Integer, nullable=False),
        moment("next_attempt_at", nullable=True),
        Column("last_error", Text),
        moment("created_at"),
        moment("sent_at", nullable=True),
    ),
    UniqueConstraint("cause_id", "kind", "recipient_id", name="uq_emails_one_per_cause_and_recipient"),
    Index("ix_emails_due", "status", "next_attempt_at"),
    Index("ix_emails_clinic", "clinic_id", "created_at"),
)

delivery_preferences = Table(
    "delivery_preferences",
    metadata,
    Column("user_kind", String(20), primary_key=True),
    uuid_key("user_id"),
    clinic_id(),
    Column("delivery", String(20), nullable=False),
    moment("updated_at"),
)
