"""the audit trail of working hours and time off

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    op.create_table(
        "schedule_changes",
        sa.Column("change_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("clinic_id", sa.Uuid, nullable=False),
        sa.Column("therapist_id", sa.Uuid, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("location_id", sa.Uuid),
        sa.Column("actor", sa.String(80), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changes", sa.JSON, nullable=False),
    )
    op.create_index("ix_schedule_changes_therapist_id", "schedule_changes", ["therapist_id"])


def downgrade() -> None:
    op.drop_table("schedule_changes")
