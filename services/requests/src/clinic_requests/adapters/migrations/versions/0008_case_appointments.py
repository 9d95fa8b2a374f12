"""appointments booked for a case straight in the calendar, counted against its authorization

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"


def upgrade() -> None:
    op.create_table(
        "case_appointments",
        sa.Column("appointment_id", sa.Uuid, primary_key=True),
        sa.Column("case_id", sa.Uuid, nullable=False),
        sa.Column("start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cancelled", sa.Boolean, nullable=False),
    )
    op.create_index("case_appointments_case", "case_appointments", ["case_id"])


def downgrade() -> None:
    op.drop_index("case_appointments_case", table_name="case_appointments")
    op.drop_table("case_appointments")
