"""the audit trail of settings changes"""

import sqlalchemy as sa
from alembic import op

from servicekit.migration_columns import audit_trail, clinic_id

revision = "0005"
down_revision = "0004"


def upgrade() -> None:
    op.create_table(
        "settings_changes",
        *audit_trail(
            clinic_id(sa.ForeignKey("clinics.clinic_id")),
            sa.Column("entity_kind", sa.String(40), nullable=False),
            sa.Column("entity_id", sa.Uuid, nullable=False),
            sa.Column("revision", sa.Integer, nullable=False),
        ),
    )
    op.create_index("ix_settings_changes_clinic_id", "settings_changes", ["clinic_id"])
    op.create_index("ix_settings_changes_entity_id", "settings_changes", ["entity_id"])


def downgrade() -> None:
    op.drop_table("settings_changes")
