"""outbox, inbox and settings replica"""

# alembic runs `upgrade` and `downgrade`: servicekit's, the same in every service
from servicekit.messaging_tables import create_messaging_tables as upgrade  # noqa: F401
from servicekit.messaging_tables import drop_messaging_tables as downgrade  # noqa: F401

revision = "0001"
down_revision = None
