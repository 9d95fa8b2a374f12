"""a case's waitlist, and the requests made to offer its entries a freed time"""

import sqlalchemy as sa
from alembic import op

from servicekit.migration_columns import clinic_owned, moment

revision = "0010"
down_revision = "0009"


def upgrade() -> None:
    op.create_table(
        "waitlist_entries",
        *clinic_owned(
            "entry_id",
            sa.Column("case_id", sa.Uuid, nullable=False),
            sa.Column("patient_id", sa.Uuid, nullable=False),
            sa.Column("portal_user_id", sa.Uuid, nullable=False),
            sa.Column("visit_type_id", sa.Uuid, nullable=False),
            sa.Column("location_id", sa.Uuid, nullable=False),
            sa.Column("therapist_id", sa.Uuid, nullable=False),
            sa.Column("weekdays", sa.JSON, nullable=False),
            sa.Column("parts_of_day", sa.JSON, nullable=False),
            sa.Column("first_day", sa.Date, nullable=False),
            sa.Column("last_day", sa.Date, nullable=False),
            sa.Column("priority", sa.Integer, nullable=False),
            sa.Column("status", sa.String(20), nullable=False),
            moment("joined_at"),
            sa.Column("joined_by_staff", sa.Uuid),
            moment("ended_at", nullable=True),
        ),
    )
    op.create_index(
        "waitlist_entries_clinic_therapist_status", "waitlist_entries", ["clinic_id", "therapist_id", "status"]
    )
    op.create_index("waitlist_entries_case", "waitlist_entries", ["case_id"])
    op.add_column("appointment_requests", sa.Column("waitlist_entry_id", sa.Uuid))
    op.create_index("appointment_requests_waitlist_entry", "appointment_requests", ["waitlist_entry_id"])


def downgrade() -> None:
    op.drop_index("appointment_requests_waitlist_entry", table_name="appointment_requests")
    op.drop_column("appointment_requests", "waitlist_entry_id")
    op.drop_index("waitlist_entries_case", table_name="waitlist_entries")
    op.drop_index("waitlist_entries_clinic_therapist_status", table_name="waitlist_entries")
    op.drop_table("waitlist_entries")
