"""weekly series: one ask of a portal user, its visits ordinary requests that name it"""

import sqlalchemy as sa
from alembic import op

from servicekit.migration_columns import add_columns, clinic_owned, drop_columns, moment

revision = "0006"
down_revision = "0005"


def upgrade() -> None:
    op.create_table(
        "request_series",
        *clinic_owned(
            "series_id",
            sa.Column("portal_user_id", sa.Uuid, nullable=False),
            sa.Column("idempotency_key", sa.String(200), nullable=False),
            sa.Column("submission_fingerprint", sa.String(64), nullable=False),
            sa.Column("case_id", sa.Uuid, nullable=False),
            sa.Column("interval_weeks", sa.Integer, nullable=False),
            sa.Column("visits", sa.Integer, nullable=False),
            moment("submitted_at"),
        ),
        sa.UniqueConstraint("portal_user_id", "idempotency_key", name="request_series_idempotency_key"),
    )
    add_columns(
        "appointment_requests",
        # No foreign key: SQLite could then drop the column only by copying the table.
        sa.Column("series_id", sa.Uuid),
        sa.Column("series_occurrence", sa.Integer),
        sa.Column("series_occurrences", sa.Integer),
    )
    op.create_index("appointment_requests_series", "appointment_requests", ["series_id"])


def downgrade() -> None:
    op.drop_index("appointment_requests_series", "appointment_requests")
    drop_columns("appointment_requests", "series_occurrences", "series_occurrence", "series_id")
    op.drop_table("request_series")
