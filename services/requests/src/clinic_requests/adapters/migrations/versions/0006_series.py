"""weekly series: one ask of a portal user, its visits ordinary requests that name it

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"


def upgrade() -> None:
    op.create_table(
        "request_series",
        sa.Column("series_id", sa.Uuid, primary_key=True),
        sa.Column("clinic_id", sa.Uuid, nullable=False),
        sa.Column("portal_user_id", sa.Uuid, nullable=False),
        sa.Column("idempotency_key", sa.String(200), nullable=False),
        sa.Column("submission_fingerprint", sa.String(64), nullable=False),
        sa.Column("case_id", sa.Uuid, nullable=False),
        sa.Column("interval_weeks", sa.Integer, nullable=False),
        sa.Column("visits", sa.Integer, nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("portal_user_id", "idempotency_key", name="request_series_idempotency_key"),
    )
    with op.batch_alter_table("appointment_requests") as table:
        # No foreign key: SQLite could then drop the column only by copying the table.
        table.add_column(sa.Column("series_id", sa.Uuid))
        table.add_column(sa.Column("series_occurrence", sa.Integer))
        table.add_column(sa.Column("series_occurrences", sa.Integer))
    op.create_index("appointment_requests_series", "appointment_requests", ["series_id"])


def downgrade() -> None:
    op.drop_index("appointment_requests_series", "appointment_requests")
    for column in ("series_occurrences", "series_occurrence", "series_id"):
        op.drop_column("appointment_requests", column)
    op.drop_table("request_series")
