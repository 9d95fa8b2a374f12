"""the outbox keeps the trace context of the call that staged each event, for its Kafka headers

Revision ID: 0009
Revises: 0008
"""

from servicekit.messaging_tables import add_outbox_trace_headers, drop_outbox_trace_headers

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    add_outbox_trace_headers()


def downgrade() -> None:
    drop_outbox_trace_headers()
