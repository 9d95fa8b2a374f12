"""sign-in failures per email and per client address"""

import sqlalchemy as sa
from alembic import op

from servicekit.migration_columns import moment

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    op.create_table(
        "sign_in_failures",
        sa.Column("counter_key", sa.String(80), primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False),
        moment("blocked_until", nullable=True),
        moment("last_attempt_at"),
    )
    op.create_index("ix_sign_in_failures_last_attempt_at", "sign_in_failures", ["last_attempt_at"])


def downgrade() -> None:
    op.drop_table("sign_in_failures")
