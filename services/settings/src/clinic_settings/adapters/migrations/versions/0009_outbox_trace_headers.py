"""the outbox keeps the trace context of the call that staged each event, for its Kafka headers"""

# alembic runs `upgrade` and `downgrade`: servicekit's, the same in every service
from servicekit.messaging_tables import add_outbox_trace_headers as upgrade  # noqa: F401
from servicekit.messaging_tables import drop_outbox_trace_headers as downgrade  # noqa: F401

revision = "0009"
down_revision = "0008"
