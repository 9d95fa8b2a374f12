"""appointments booked for a case straight in the calendar, counted against its authorization"""

import sqlalchemy as sa
from alembic import op

from servicekit.migration_columns import moment, uuid_key

revision = "0008"
down_revision = "0007"


def upgrade() -> None:
    op.create_table(
        "case_appointments",
        uuid_key("appointment_id"),
        sa.Column("case_id", sa.Uuid, nullable=False),
        moment("start"),
        sa.Column("cancelled", sa.Boolean, nullable=False),
    )
    op.create_index("case_appointments_case", "case_appointments", ["case_id"])


def downgrade() -> None:
    op.drop_index("case_appointments_case", table_name="case_appointments")
    op.drop_table("case_appointments")
