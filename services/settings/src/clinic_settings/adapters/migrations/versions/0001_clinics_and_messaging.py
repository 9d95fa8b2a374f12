"""clinics, outbox, inbox and settings replica"""

import sqlalchemy as sa
from alembic import op

from servicekit.messaging_tables import create_messaging_tables, drop_messaging_tables
from servicekit.migration_columns import uuid_key

revision = "0001"
down_revision = None


def upgrade() -> None:
    create_messaging_tables()
    op.create_table(
        "clinics",
        uuid_key("clinic_id"),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("time_zone", sa.String(64), nullable=False),
        sa.Column("appointment_requests_enabled", sa.Boolean, nullable=False),
        sa.Column("request_policy", sa.JSON, nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("clinics")
    drop_messaging_tables()
