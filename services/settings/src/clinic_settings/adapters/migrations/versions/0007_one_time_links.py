"""one-time links (invitations and password resets); a user may have no password yet

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"


def upgrade() -> None:
    with op.batch_alter_table("credentials") as credentials:
        credentials.alter_column("password_hash", existing_type=sa.Text, nullable=True)
    op.create_table(
        "one_time_links",
        sa.Column("link_id", sa.Uuid, primary_key=True),
        sa.Column("clinic_id", sa.Uuid, sa.ForeignKey("clinics.clinic_id"), nullable=False, index=True),
        sa.Column("purpose", sa.String(20), nullable=False),
        sa.Column("user_kind", sa.String(20), nullable=False),
        sa.Column("user_id", sa.Uuid, sa.ForeignKey("credentials.user_id"), nullable=False, index=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True)),
        sa.Column("revoked_at", sa.DateTime(timezone=True)),
    )


def downgrade() -> None:
    # password_hash stays nullable: users invited meanwhile have none, and dropping them would
    # leave their events and requests pointing at nobody.
    op.drop_table("one_time_links")
