"""The availability service's tables.

`calendar_items` holds appointments, blocks and holds in one table, so one query draws a calendar
and one constraint keeps a therapist's appointments and blocks apart. On PostgreSQL two exclusion
constraints (migration 0002) make overlaps impossible whatever the code does: no two active
appointments or blocks of one therapist overlap, and no two active blocking holds do. SQLite has
no such constraint; there every writing transaction takes the database's write lock first
(`BEGIN IMMEDIATE`), so the check inside it cannot race another writer.

Times are stored in UTC. Working schedules and time off are small documents read whole, so they
are JSON columns.
"""

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Index,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Uuid,
    text,
)

from servicekit.messaging_tables import add_messaging_tables
from servicekit.table_columns import audit_trail, clinic_id, clinic_owned, moment

metadata = MetaData()
add_messaging_tables(metadata)

# Names the unit of work recognises when PostgreSQL refuses an overlap.
NO_OVERLAPPING_BOOKINGS = "calendar_items_no_overlapping_bookings"
NO_OVERLAPPING_BLOCKING_HOLDS = "calendar_items_no_overlapping_blocking_holds"
ONE_APPOINTMENT_PER_REQUEST = "calendar_items_one_appointment_per_request"

_APPOINTMENTS = text("kind = 'appointment'")

calendar_items = Table(
    "calendar_items",
    metadata,
    *clinic_owned(
        "item_id",
        Column("kind", String(20), nullable=False),
        Column("status", String(20), nullable=False),
        Column("therapist_id", Uuid, nullable=False),
        Column("location_id", Uuid),
        moment("start_at"),
        moment("end_at"),
        Column("blocking", Boolean, nullable=False),
        Column("request_id", Uuid, index=True),
        Column("patient_id", Uuid),
        Column("case_id", Uuid),
        Column("visit_type_id", Uuid),
        Column("title", String(200), nullable=False),
        Column("booked_by", String(20)),
        Column("created_by", Uuid),
        Column("cancelled_by", Uuid),
        Column("refusal", String(40)),
        moment("created_at"),
    ),
    CheckConstraint("start_at < end_at", name="calendar_items_end_after_start"),
    Index("ix_calendar_items_therapist_start", "therapist_id", "start_at"),
    Index("ix_calendar_items_location_start", "location_id", "start_at"),
    Index(
        ONE_APPOINTMENT_PER_REQUEST,
        "request_id",
        unique=True,
        postgresql_where=_APPOINTMENTS,
        sqlite_where=_APPOINTMENTS,
    ),
)

working_schedules = Table(
    "working_schedules",
    metadata,
    Column("therapist_id", Uuid, nullable=False),
    Column("location_id", Uuid, nullable=False),
    clinic_id(),
    Column("periods", JSON, nullable=False),
    Column("extra_hours", JSON, nullable=False),
    moment("updated_at"),
    PrimaryKeyConstraint("therapist_id", "location_id"),
)

therapist_time_off = Table(
    "therapist_time_off",
    metadata,
    *clinic_owned("therapist_id", Column("time_off", JSON, nullable=False), moment("updated_at")),
)

# Who changed a therapist's working hours (at a location) or time off, when, and how: one row per
# change, written in the change's own transaction (servicekit.audit).
schedule_changes = Table(
    "schedule_changes",
    metadata,
    *audit_trail(
        clinic_id(),
        Column("therapist_id", Uuid, nullable=False, index=True),
        # "working-hours" (at `location_id`) or "time-off" (everywhere, no location).
        Column("kind", String(20), nullable=False),
        Column("location_id", Uuid),
    ),
)
