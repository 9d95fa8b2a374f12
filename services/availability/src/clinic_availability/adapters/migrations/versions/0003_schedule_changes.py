"""the audit trail of working hours and time off"""

import sqlalchemy as sa
from alembic import op

from servicekit.migration_columns import audit_trail, clinic_id

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    op.create_table(
        "schedule_changes",
        *audit_trail(
            clinic_id(),
            sa.Column("therapist_id", sa.Uuid, nullable=False),
            sa.Column("kind", sa.String(20), nullable=False),
            sa.Column("location_id", sa.Uuid),
        ),
    )
    op.create_index("ix_schedule_changes_therapist_id", "schedule_changes", ["therapist_id"])


def downgrade() -> None:
    op.drop_table("schedule_changes")
