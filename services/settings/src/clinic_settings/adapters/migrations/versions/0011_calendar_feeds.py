"""calendar feeds: a person's secret subscribe URLs, stored as the secret's SHA-256"""

import sqlalchemy as sa
from alembic import op

from clinic_settings.adapters.table_columns import clinic_table_columns, word
from servicekit.migration_columns import moment

revision = "0011"
down_revision = "0010"


def upgrade() -> None:
    op.create_table(
        "calendar_feeds",
        *clinic_table_columns(
            "feed_id",
            word("owner_kind"),
            sa.Column("owner_id", sa.Uuid, nullable=False, index=True),
            sa.Column("therapist_id", sa.Uuid, sa.ForeignKey("therapists.therapist_id")),
            sa.Column("secret_hash", sa.String(64), nullable=False, unique=True),
            moment("created_at"),
            moment("revoked_at", nullable=True),
        ),
    )


def downgrade() -> None:
    op.drop_table("calendar_feeds")
