"""one-time links (invitations and password resets); a user may have no password yet"""

import sqlalchemy as sa
from alembic import op

from clinic_settings.adapters.table_columns import clinic_table_columns, word
from servicekit.migration_columns import moment

revision = "0007"
down_revision = "0006"


def upgrade() -> None:
    with op.batch_alter_table("credentials") as credentials:
        credentials.alter_column("password_hash", existing_type=sa.Text, nullable=True)
    op.create_table(
        "one_time_links",
        *clinic_table_columns(
            "link_id",
            word("purpose"),
            word("user_kind"),
            sa.Column("user_id", sa.Uuid, sa.ForeignKey("credentials.user_id"), nullable=False, index=True),
            sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
            moment("created_at"),
            moment("expires_at"),
            moment("used_at", nullable=True),
            moment("revoked_at", nullable=True),
        ),
    )


def downgrade() -> None:
    # password_hash stays nullable: users invited meanwhile have none, and dropping them would
    # leave their events and requests pointing at nobody.
    op.drop_table("one_time_links")
