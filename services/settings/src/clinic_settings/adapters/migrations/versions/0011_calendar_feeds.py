"""calendar feeds: a person's secret subscribe URLs, stored as the secret's SHA-256

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"


def upgrade() -> None:
    op.create_table(
        "calendar_feeds",
        sa.Column("feed_id", sa.Uuid, primary_key=True),
        sa.Column("clinic_id", sa.Uuid, sa.ForeignKey("clinics.clinic_id"), nullable=False, index=True),
        sa.Column("owner_kind", sa.String(20), nullable=False),
        sa.Column("owner_id", sa.Uuid, nullable=False, index=True),
        sa.Column("therapist_id", sa.Uuid, sa.ForeignKey("therapists.therapist_id")),
        sa.Column("secret_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True)),
    )


def downgrade() -> None:
    op.drop_table("calendar_feeds")
