"""calendar feeds: a person's secret subscribe URLs, stored as the secret's SHA-256"""

import sqlalchemy as sa
from alembic import op

from servicekit.migration_columns import clinic_id, moment, uuid_key

revision = "0011"
down_revision = "0010"


def upgrade() -> None:
    op.create_table(
        "calendar_feeds",
        uuid_key("feed_id"),
        clinic_id(sa.ForeignKey("clinics.clinic_id"), index=True),
        sa.Column("owner_kind", sa.String(20), nullable=False),
        sa.Column("owner_id", sa.Uuid, nullable=False, index=True),
        sa.Column("therapist_id", sa.Uuid, sa.ForeignKey("therapists.therapist_id")),
        sa.Column("secret_hash", sa.String(64), nullable=False, unique=True),
        moment("created_at"),
        moment("revoked_at", nullable=True),
    )


def downgrade() -> None:
    op.drop_table("calendar_feeds")
