"""the audit trail of settings changes

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"


def upgrade() -> None:
    op.create_table(
        "settings_changes",
        sa.Column("change_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("clinic_id", sa.Uuid, sa.ForeignKey("clinics.clinic_id"), nullable=False),
        sa.Column("entity_kind", sa.String(40), nullable=False),
        sa.Column("entity_id", sa.Uuid, nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("actor", sa.String(80), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changes", sa.JSON, nullable=False),
    )
    op.create_index("ix_settings_changes_clinic_id", "settings_changes", ["clinic_id"])
    op.create_index("ix_settings_changes_entity_id", "settings_changes", ["entity_id"])


def downgrade() -> None:
    op.drop_table("settings_changes")
