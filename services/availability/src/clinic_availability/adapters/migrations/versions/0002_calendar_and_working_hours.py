"""calendar items, working schedules, time off; on PostgreSQL, no overlapping bookings"""

import sqlalchemy as sa
from alembic import op

from servicekit.migration_columns import clinic_id, clinic_owned, moment

revision = "0002"
down_revision = "0001"

_APPOINTMENTS = sa.text("kind = 'appointment'")

# tstzrange's default bounds are [start, end), so back-to-back items do not overlap.
_EXCLUSIONS = {
    "calendar_items_no_overlapping_bookings": "status = 'active' AND kind IN ('appointment', 'block')",
    "calendar_items_no_overlapping_blocking_holds": "status = 'active' AND kind = 'hold' AND blocking",
}


def upgrade() -> None:
    op.create_table(
        "calendar_items",
        *clinic_owned(
            "item_id",
            sa.Column("kind", sa.String(20), nullable=False),
            sa.Column("status", sa.String(20), nullable=False),
            sa.Column("therapist_id", sa.Uuid, nullable=False),
            sa.Column("location_id", sa.Uuid),
            moment("start_at"),
            moment("end_at"),
            sa.Column("blocking", sa.Boolean, nullable=False),
            sa.Column("request_id", sa.Uuid),
            sa.Column("patient_id", sa.Uuid),
            sa.Column("case_id", sa.Uuid),
            sa.Column("visit_type_id", sa.Uuid),
            sa.Column("title", sa.String(200), nullable=False),
            sa.Column("booked_by", sa.String(20)),
            sa.Column("created_by", sa.Uuid),
            sa.Column("cancelled_by", sa.Uuid),
            sa.Column("refusal", sa.String(40)),
            moment("created_at"),
        ),
        sa.CheckConstraint("start_at < end_at", name="calendar_items_end_after_start"),
    )
    op.create_index("ix_calendar_items_request_id", "calendar_items", ["request_id"])
    op.create_index("ix_calendar_items_therapist_start", "calendar_items", ["therapist_id", "start_at"])
    op.create_index("ix_calendar_items_location_start", "calendar_items", ["location_id", "start_at"])
    op.create_index(
        "calendar_items_one_appointment_per_request",
        "calendar_items",
        ["request_id"],
        unique=True,
        postgresql_where=_APPOINTMENTS,
        sqlite_where=_APPOINTMENTS,
    )
    op.create_table(
        "working_schedules",
        sa.Column("therapist_id", sa.Uuid, nullable=False),
        sa.Column("location_id", sa.Uuid, nullable=False),
        clinic_id(),
        sa.Column("periods", sa.JSON, nullable=False),
        sa.Column("extra_hours", sa.JSON, nullable=False),
        moment("updated_at"),
        sa.PrimaryKeyConstraint("therapist_id", "location_id"),
    )
    op.create_table(
        "therapist_time_off",
        *clinic_owned("therapist_id", sa.Column("time_off", sa.JSON, nullable=False), moment("updated_at")),
    )
    if op.get_bind().dialect.name == "postgresql":
        # btree_gist lets one GiST index compare the therapist id (=) and the time range (&&).
        # It is a trusted extension (PostgreSQL 13+): the database's owner may create it.
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        for name, where in _EXCLUSIONS.items():
            op.execute(
                f"ALTER TABLE calendar_items ADD CONSTRAINT {name} EXCLUDE USING gist "
                f"(therapist_id WITH =, tstzrange(start_at, end_at) WITH &&) WHERE ({where})"
            )


def downgrade() -> None:
    for table in ("therapist_time_off", "working_schedules", "calendar_items"):
        op.drop_table(table)
