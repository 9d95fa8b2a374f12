"""a request awaiting a time: the preferred times (weekdays × parts of the day over local dates) it asked for"""

import sqlalchemy as sa

from servicekit.migration_columns import add_columns, drop_columns

revision = "0009"
down_revision = "0008"


def upgrade() -> None:
    add_columns("appointment_requests", sa.Column("preferred_times", sa.JSON))


def downgrade() -> None:
    # The history's foreign key points at the table.
    drop_columns("appointment_requests", "preferred_times")
