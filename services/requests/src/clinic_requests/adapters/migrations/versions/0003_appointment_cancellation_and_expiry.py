"""an approved request's appointment cancelled (who, when), and why a request expired"""

import sqlalchemy as sa
from alembic import op

from servicekit.migration_columns import moment

revision = "0003"
down_revision = "0002"

# `appointment-cancelled` is longer than the 20 characters a status had.
STATUS_LENGTH = 40


def upgrade() -> None:
    with op.batch_alter_table("appointment_requests") as requests:
        requests.alter_column("status", type_=sa.String(STATUS_LENGTH), existing_nullable=False)
        requests.add_column(sa.Column("expiry_code", sa.String(100)))
        requests.add_column(sa.Column("expiry_reason", sa.Text))
        requests.add_column(moment("appointment_cancelled_at", nullable=True))
        requests.add_column(sa.Column("appointment_cancelled_by_kind", sa.String(20)))
        requests.add_column(sa.Column("appointment_cancelled_by_id", sa.Uuid))
    with op.batch_alter_table("appointment_request_history") as history:
        history.alter_column("from_status", type_=sa.String(STATUS_LENGTH))
        history.alter_column("to_status", type_=sa.String(STATUS_LENGTH), existing_nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("appointment_request_history") as history:
        history.alter_column("to_status", type_=sa.String(20), existing_nullable=False)
        history.alter_column("from_status", type_=sa.String(20))
    with op.batch_alter_table("appointment_requests") as requests:
        for column in (
            "appointment_cancelled_by_id",
            "appointment_cancelled_by_kind",
            "appointment_cancelled_at",
            "expiry_reason",
            "expiry_code",
        ):
            requests.drop_column(column)
        requests.alter_column("status", type_=sa.String(20), existing_nullable=False)
