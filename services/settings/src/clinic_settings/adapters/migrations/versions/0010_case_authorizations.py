"""a patient case's insurance authorization: how many visits, between which days, how many a week"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"


def upgrade() -> None:
    op.add_column("patient_cases", sa.Column("authorization", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("patient_cases") as table:
        table.drop_column("authorization")
