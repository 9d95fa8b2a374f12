"""locations and patients can be deactivated; patients have a date of birth"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    op.add_column("locations", sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()))
    op.add_column("patients", sa.Column("date_of_birth", sa.Date))
    op.add_column("patients", sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()))


def downgrade() -> None:
    op.drop_column("patients", "active")
    op.drop_column("patients", "date_of_birth")
    op.drop_column("locations", "active")
