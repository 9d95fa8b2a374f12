"""locations, visit types, therapists, patients, patient cases, portal and staff users, credentials"""

import sqlalchemy as sa
from alembic import op

from servicekit.migration_columns import clinic_id, uuid_key

revision = "0002"
down_revision = "0001"


def _clinic_id() -> sa.Column:
    return clinic_id(sa.ForeignKey("clinics.clinic_id"), index=True)


def _create_entity_table(name: str, key: str, *columns: sa.Column) -> None:
    """A clinic's setting: its id, its clinic, its own columns, and the revision the replicas compare."""
    op.create_table(name, uuid_key(key), _clinic_id(), *columns, sa.Column("revision", sa.Integer, nullable=False))


def upgrade() -> None:
    _create_entity_table(
        "locations",
        "location_id",
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("time_zone", sa.String(64), nullable=False),
        sa.Column("address", sa.Text, nullable=False),
        sa.Column("allow_appointment_requests", sa.Boolean, nullable=False),
        sa.Column("operating_hours", sa.JSON, nullable=False),
        sa.Column("closures", sa.JSON, nullable=False),
    )
    _create_entity_table(
        "visit_types",
        "visit_type_id",
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("duration_minutes", sa.Integer, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
    )
    _create_entity_table(
        "therapists",
        "therapist_id",
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("location_ids", sa.JSON, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
    )
    _create_entity_table(
        "patients",
        "patient_id",
        sa.Column("name", sa.String(200), nullable=False),
    )
    _create_entity_table(
        "patient_cases",
        "case_id",
        sa.Column("patient_id", sa.Uuid, sa.ForeignKey("patients.patient_id"), nullable=False, index=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column(
            "primary_therapist_id", sa.Uuid, sa.ForeignKey("therapists.therapist_id"), nullable=False, index=True
        ),
        sa.Column("location_id", sa.Uuid, sa.ForeignKey("locations.location_id"), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("allow_appointment_requests", sa.Boolean, nullable=False),
        sa.Column("requestable_visit_type_ids", sa.JSON, nullable=False),
    )
    _create_entity_table(
        "portal_users",
        "portal_user_id",
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("patient_ids", sa.JSON, nullable=False),
    )
    _create_entity_table(
        "staff_users",
        "staff_user_id",
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("permissions", sa.JSON, nullable=False),
        sa.Column("all_locations", sa.Boolean, nullable=False),
        sa.Column("location_ids", sa.JSON, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
    )
    op.create_table(
        "credentials",
        uuid_key("user_id"),
        _clinic_id(),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("email", sa.String(254), nullable=False, index=True),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.UniqueConstraint("clinic_id", "email", name="credentials_email_unique_in_clinic"),
    )


def downgrade() -> None:
    for table in (
        "credentials",
        "staff_users",
        "portal_users",
        "patient_cases",
        "patients",
        "therapists",
        "visit_types",
        "locations",
    ):
        op.drop_table(table)
