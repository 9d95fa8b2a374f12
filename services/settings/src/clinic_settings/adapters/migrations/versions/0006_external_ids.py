"""external ids: which entity an imported row of another system's data became"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"


def upgrade() -> None:
    op.create_table(
        "external_ids",
        sa.Column("clinic_id", sa.Uuid, sa.ForeignKey("clinics.clinic_id"), primary_key=True),
        sa.Column("entity_kind", sa.String(20), primary_key=True),
        sa.Column("external_id", sa.String(200), primary_key=True),
        sa.Column("entity_id", sa.Uuid, nullable=False),
        sa.UniqueConstraint("entity_id", name="external_ids_one_per_entity"),
    )


def downgrade() -> None:
    op.drop_table("external_ids")
