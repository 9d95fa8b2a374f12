"""appointment requests and their history"""

import sqlalchemy as sa
from alembic import op

from servicekit.migration_columns import clinic_owned, moment, requested_visit

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    op.create_table(
        "appointment_requests",
        *clinic_owned(
            "request_id",
            sa.Column("idempotency_key", sa.String(200), nullable=False),
            sa.Column("submission_fingerprint", sa.String(64), nullable=False),
            *requested_visit(),
            sa.Column("note", sa.Text, nullable=False),
            sa.Column("status", sa.String(20), nullable=False),
            sa.Column("hold_id", sa.Uuid, nullable=False),
            sa.Column("holds_slot", sa.Boolean, nullable=False),
            moment("submitted_at"),
            moment("updated_at"),
            sa.Column("correlation_id", sa.Uuid, nullable=False),
            sa.Column("refusal_code", sa.String(100)),
            sa.Column("refusal_reason", sa.Text),
            sa.Column("decline_reason", sa.Text),
            sa.Column("appointment_id", sa.Uuid),
            sa.Column("conflict_code", sa.String(100)),
            sa.Column("conflict_reason", sa.Text),
            sa.Column("proposed_hold_id", sa.Uuid),
            moment("proposed_start", nullable=True),
            moment("proposed_end", nullable=True),
            sa.Column("proposed_location_id", sa.Uuid),
            sa.Column("proposed_visit_type_id", sa.Uuid),
            sa.Column("proposed_therapist_id", sa.Uuid),
            sa.Column("proposed_holds_slot", sa.Boolean),
            sa.Column("proposed_by", sa.Uuid),
            sa.Column("edit_refusal_code", sa.String(100)),
            sa.Column("edit_refusal_reason", sa.Text),
        ),
        sa.UniqueConstraint("portal_user_id", "idempotency_key", name="appointment_requests_idempotency_key"),
    )
    op.create_index(
        "appointment_requests_clinic_status_start", "appointment_requests", ["clinic_id", "status", "start"]
    )
    op.create_index("appointment_requests_case_status", "appointment_requests", ["case_id", "status"])
    op.create_index("appointment_requests_patient", "appointment_requests", ["patient_id"])
    op.create_index("appointment_requests_location", "appointment_requests", ["location_id"])
    op.create_index("appointment_requests_therapist", "appointment_requests", ["therapist_id"])
    op.create_index("appointment_requests_submitted_at", "appointment_requests", ["submitted_at"])

    op.create_table(
        "appointment_request_history",
        sa.Column("entry_id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True),
        sa.Column("request_id", sa.Uuid, sa.ForeignKey("appointment_requests.request_id"), nullable=False),
        moment("at"),
        sa.Column("actor_kind", sa.String(20), nullable=False),
        sa.Column("actor_id", sa.Uuid),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("from_status", sa.String(20)),
        sa.Column("to_status", sa.String(20), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
    )
    op.create_index("ix_appointment_request_history_request_id", "appointment_request_history", ["request_id"])


def downgrade() -> None:
    op.drop_table("appointment_request_history")
    op.drop_table("appointment_requests")
