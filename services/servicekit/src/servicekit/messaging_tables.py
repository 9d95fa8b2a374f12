"""The outbox, inbox and settings-replica tables every back-end service has.

The column lists are version 1 of these tables: services create them in their first migration with
`create_messaging_tables()`. Change them only together with a new migration in every service: the
columns added since are below, each with the function that migration calls.
"""

from alembic import op
from sqlalchemy import JSON, BigInteger, Column, DateTime, Integer, MetaData, String, Table, Text, Uuid


def _outbox() -> list[Column]:
    return [
        Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
        Column("event_id", Uuid, nullable=False, unique=True),
        Column("topic", String(200), nullable=False),
        Column("message_key", String(200), nullable=False),
        Column("envelope", Text, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("published_at", DateTime(timezone=True), index=True),
    ]


def _processed_events() -> list[Column]:
    return [
        Column("consumer", String(100), primary_key=True),
        Column("event_id", Uuid, primary_key=True),
        Column("processed_at", DateTime(timezone=True), nullable=False),
    ]


def _settings_replica() -> list[Column]:
    return [
        Column("entity_type", String(100), primary_key=True),
        Column("entity_id", String(100), primary_key=True),
        Column("clinic_id", Uuid, nullable=False, index=True),
        Column("revision", Integer, nullable=False),
        Column("state", JSON, nullable=False),
        Column("updated_at", DateTime(timezone=True), nullable=False),
    ]


_TABLES = {"outbox": _outbox, "processed_events": _processed_events, "settings_replica": _settings_replica}


def _outbox_trace_headers() -> Column:
    """The trace context of the call that staged an event (servicekit.tracing), sent as its Kafka
    headers; none for an event staged outside a trace, or before the column was added."""
    return Column("headers", JSON)


def add_messaging_tables(metadata: MetaData) -> None:
    for name, columns in _TABLES.items():
        Table(name, metadata, *columns())
    metadata.tables["outbox"].append_column(_outbox_trace_headers())


def messaging_metadata() -> MetaData:
    """A service's table metadata, the messaging tables already in it: its own tables join them."""
    metadata = MetaData()
    add_messaging_tables(metadata)
    return metadata


def create_messaging_tables() -> None:
    """For a service's first Alembic migration: its `upgrade`, or the start of it."""
    for name, columns in _TABLES.items():
        op.create_table(name, *columns())


def drop_messaging_tables() -> None:
    """The first migration's `downgrade`, or the end of it."""
    for name in reversed(_TABLES):
        op.drop_table(name)


def add_outbox_trace_headers() -> None:
    """The `upgrade` of each service's migration that adds the outbox's `headers` column."""
    op.add_column("outbox", _outbox_trace_headers())


def drop_outbox_trace_headers() -> None:
    with op.batch_alter_table("outbox") as table:
        table.drop_column("headers")
