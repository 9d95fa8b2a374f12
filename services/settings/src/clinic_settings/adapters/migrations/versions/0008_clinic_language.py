"""the clinic's language: what its emails are written in (English until an admin chooses)"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"


def upgrade() -> None:
    op.add_column("clinics", sa.Column("language", sa.String(6), nullable=False, server_default="en"))


def downgrade() -> None:
    with op.batch_alter_table("clinics") as table:
        table.drop_column("language")
