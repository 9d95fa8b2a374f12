"""request contacts, emails and delivery preferences

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    op.create_table(
        "request_contacts",
        sa.Column("request_id", sa.Uuid, primary_key=True),
        sa.Column("clinic_id", sa.Uuid, nullable=False),
        sa.Column("portal_user_id", sa.Uuid, nullable=False),
        sa.Column("patient_id", sa.Uuid, nullable=False),
        sa.Column("case_id", sa.Uuid, nullable=False),
        sa.Column("visit_type_id", sa.Uuid, nullable=False),
        sa.Column("location_id", sa.Uuid, nullable=False),
        sa.Column("therapist_id", sa.Uuid, nullable=False),
        sa.Column("start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("end", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(40), nullable=False),
        sa.Column("appointment_id", sa.Uuid),
        sa.Column("invitation_sequence", sa.Integer, nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_request_contacts_waiting", "request_contacts", ["clinic_id", "status"])
    op.create_table(
        "emails",
        sa.Column("email_id", sa.Uuid, primary_key=True),
        sa.Column("clinic_id", sa.Uuid, nullable=False),
        sa.Column("cause_id", sa.Uuid, nullable=False),
        sa.Column("kind", sa.String(60), nullable=False),
        sa.Column("recipient_kind", sa.String(20), nullable=False),
        sa.Column("recipient_id", sa.Uuid, nullable=False),
        sa.Column("to_address", sa.String(320), nullable=False),
        sa.Column("subject", sa.String(300), nullable=False),
        sa.Column("text_body", sa.Text, nullable=False),
        sa.Column("html_body", sa.Text, nullable=False),
        sa.Column("calendar", sa.Text),
        sa.Column("calendar_method", sa.String(20)),
        sa.Column("request_id", sa.Uuid),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True)),
        sa.Column("last_error", sa.Text),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True)),
        sa.UniqueConstraint("cause_id", "kind", "recipient_id", name="uq_emails_one_per_cause_and_recipient"),
    )
    op.create_index("ix_emails_due", "emails", ["status", "next_attempt_at"])
    op.create_index("ix_emails_clinic", "emails", ["clinic_id", "created_at"])
    op.create_table(
        "delivery_preferences",
        sa.Column("user_kind", sa.String(20), primary_key=True),
        sa.Column("user_id", sa.Uuid, primary_key=True),
        sa.Column("clinic_id", sa.Uuid, nullable=False),
        sa.Column("delivery", sa.String(20), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    for table in ("delivery_preferences", "emails", "request_contacts"):
        op.drop_table(table)
