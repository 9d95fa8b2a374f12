"""a request's counter-offer: the offered times with their holds and states, and its deadline

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"


def upgrade() -> None:
    with op.batch_alter_table("appointment_requests") as requests:
        requests.add_column(sa.Column("counter_offer", sa.JSON))
        requests.add_column(sa.Column("offer_answer_by", sa.DateTime(timezone=True)))


def downgrade() -> None:
    # Not in a batch: on SQLite a batch copies the table, which the history's foreign key forbids;
    # SQLite drops a plain column in place.
    for column in ("offer_answer_by", "counter_offer"):
        op.drop_column("appointment_requests", column)
