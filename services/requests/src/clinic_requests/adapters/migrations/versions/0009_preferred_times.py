"""a request awaiting a time: the preferred times (weekdays × parts of the day over local dates) it asked for

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"


def upgrade() -> None:
    with op.batch_alter_table("appointment_requests") as requests:
        requests.add_column(sa.Column("preferred_times", sa.JSON))


def downgrade() -> None:
    # Not in a batch: on SQLite a batch copies the table, which the history's foreign key forbids.
    op.drop_column("appointment_requests", "preferred_times")
