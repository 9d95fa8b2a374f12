"""outbox, inbox and settings replica

Revision ID: 0001
Revises:
"""

from alembic import op

from servicekit.messaging_tables import create_messaging_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_messaging_tables()


def downgrade() -> None:
    for table in ("settings_replica", "processed_events", "outbox"):
        op.drop_table(table)
