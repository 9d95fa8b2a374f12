"""a request's counter-offer: the offered times with their holds and states, and its deadline"""

import sqlalchemy as sa

from servicekit.migration_columns import add_columns, drop_columns, moment

revision = "0007"
down_revision = "0006"


def upgrade() -> None:
    add_columns("appointment_requests", sa.Column("counter_offer", sa.JSON), moment("offer_answer_by", nullable=True))


def downgrade() -> None:
    # The history's foreign key points at the table.
    drop_columns("appointment_requests", "offer_answer_by", "counter_offer")
