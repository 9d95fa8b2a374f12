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
    DateTime,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Uuid,
    text,
)

from servicekit.messaging_tables import add_messaging_tables

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
    Column("item_id", Uuid, primary_key=True),
    Column("clinic_id", Uuid, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("status", String(20), nullable=False),
    Column("therapist_id", Uuid, nullable=False),
    Column("location_id", Uuid),
    Column("start_at", DateTime(timezone=True), nullable=False),
    Column("end_at", DateTime(timezone=True), nullable=False),
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
    Column("created_at", DateTime(timezone=True), nullable=False),
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
    Column("clinic_id", Uuid, nullable=False),
    Column("periods", JSON, nullable=False),
    Column("extra_hours", JSON, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("therapist_id", "location_id"),
)

therapist_time_off = Table(
    "therapist_time_off",
    metadata,
    Column("therapist_id", Uuid, primary_key=True),
    Column("clinic_id", Uuid, nullable=False),
    Column("time_off", JSON, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# Who changed a therapist's working hours (at a location) or time off, when, and how: one row per
# change, written in the change's own transaction (servicekit.audit).
schedule_changes = Table(
    "schedule_changes",
    metadata,
    Column("change_id", Integer, primary_key=True, autoincrement=True),
    Column("clinic_id", Uuid, nullable=False),
    Column("therapist_id", Uuid, nullable=False, index=True),
    # "working-hours" (at `location_id`) or "time-off" (everywhere, no location).
    Column("kind", String(20), nullable=False),
    Column("location_id", Uuid),
    Column("actor", String(80), nullable=False),
    Column("changed_at", DateTime(timezone=True), nullable=False),
    Column("changes", JSON, nullable=False),
)
