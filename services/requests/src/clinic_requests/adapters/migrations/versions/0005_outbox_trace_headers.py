"""the outbox keeps the trace context of the call that staged each event, for its Kafka headers

Revision ID: 0005
Revises: 0004
"""

from servicekit.messaging_tables import add_outbox_trace_headers, drop_outbox_trace_headers

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    add_outbox_trace_headers()


def downgrade() -> None:
    drop_outbox_trace_headers()
