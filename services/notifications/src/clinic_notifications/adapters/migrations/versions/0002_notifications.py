"""request contacts, emails and delivery preferences"""

import sqlalchemy as sa
from alembic import op

from servicekit.migration_columns import clinic_id, clinic_owned, moment, requested_visit, uuid_key

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    op.create_table(
        "request_contacts",
        *clinic_owned(
            "request_id",
            *requested_visit(),
            sa.Column("status", sa.String(40), nullable=False),
            sa.Column("appointment_id", sa.Uuid),
            sa.Column("invitation_sequence", sa.Integer, nullable=False),
            moment("submitted_at"),
            moment("updated_at"),
        ),
    )
    op.create_index("ix_request_contacts_waiting", "request_contacts", ["clinic_id", "status"])
    op.create_table(
        "emails",
        *clinic_owned(
            "email_id",
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
            moment("next_attempt_at", nullable=True),
            sa.Column("last_error", sa.Text),
            moment("created_at"),
            moment("sent_at", nullable=True),
        ),
        sa.UniqueConstraint("cause_id", "kind", "recipient_id", name="uq_emails_one_per_cause_and_recipient"),
    )
    op.create_index("ix_emails_due", "emails", ["status", "next_attempt_at"])
    op.create_index("ix_emails_clinic", "emails", ["clinic_id", "created_at"])
    op.create_table(
        "delivery_preferences",
        sa.Column("user_kind", sa.String(20), primary_key=True),
        uuid_key("user_id"),
        clinic_id(),
        sa.Column("delivery", sa.String(20), nullable=False),
        moment("updated_at"),
    )


def downgrade() -> None:
    for table in ("delivery_preferences", "emails", "request_contacts"):
        op.drop_table(table)
