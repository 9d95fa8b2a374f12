"""locations, visit types, therapists, patients, patient cases, portal and staff users, credentials"""

import sqlalchemy as sa
from alembic import op

from clinic_settings.adapters.table_columns import (
    clinic_table_columns,
    email,
    entity_columns,
    flag,
    ids,
    name_column,
    reference,
    word,
)

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    op.create_table(
        "locations",
        *entity_columns(
            "location_id",
            name_column(),
            sa.Column("time_zone", sa.String(64), nullable=False),
            sa.Column("address", sa.Text, nullable=False),
            flag("allow_appointment_requests"),
            sa.Column("operating_hours", sa.JSON, nullable=False),
            sa.Column("closures", sa.JSON, nullable=False),
        ),
    )
    op.create_table(
        "visit_types",
        *entity_columns(
            "visit_type_id", name_column(), sa.Column("duration_minutes", sa.Integer, nullable=False), flag("active")
        ),
    )
    op.create_table("therapists", *entity_columns("therapist_id", name_column(), ids("location_ids"), flag("active")))
    op.create_table("patients", *entity_columns("patient_id", name_column()))
    op.create_table(
        "patient_cases",
        *entity_columns(
            "case_id",
            reference("patient_id", "patients.patient_id", index=True),
            sa.Column("title", sa.String(200), nullable=False),
            reference("primary_therapist_id", "therapists.therapist_id", index=True),
            reference("location_id", "locations.location_id"),
            word("status"),
            flag("allow_appointment_requests"),
            ids("requestable_visit_type_ids"),
        ),
    )
    op.create_table(
        "portal_users",
        *entity_columns("portal_user_id", name_column(), email(), word("role"), flag("active"), ids("patient_ids")),
    )
    op.create_table(
        "staff_users",
        *entity_columns(
            "staff_user_id",
            name_column(),
            email(),
            ids("permissions"),
            flag("all_locations"),
            ids("location_ids"),
            flag("active"),
        ),
    )
    op.create_table(
        "credentials",
        *clinic_table_columns(
            "user_id",
            word("kind"),
            sa.Column("email", sa.String(254), nullable=False, index=True),
            sa.Column("password_hash", sa.Text, nullable=False),
            sa.UniqueConstraint("clinic_id", "email", name="credentials_email_unique_in_clinic"),
        ),
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
