"""Columns and column changes the services' Alembic migrations share.

The columns themselves live in `servicekit.table_columns`, which the services' ORM tables use too;
they are named here as well, so that a migration imports all it builds with from one module.
A migration that has run somewhere is history: what a function here returns must stay as it is.
"""

from typing import Any

from alembic import op
from sqlalchemy import Column

from servicekit.table_columns import audit_trail, clinic_id, clinic_owned, moment, requested_visit, uuid_key

__all__ = [
    "add_columns",
    "audit_trail",
    "clinic_id",
    "clinic_owned",
    "drop_columns",
    "moment",
    "requested_visit",
    "uuid_key",
]


def add_columns(table: str, *columns: Column[Any]) -> None:
    """New columns of an existing table, in one batch (SQLite copies the table once, if at all)."""
    with op.batch_alter_table(table) as batch:
        for column in columns:
            batch.add_column(column)


def drop_columns(table: str, *names: str) -> None:
    """Not in a batch: on SQLite a batch copies the table, which a foreign key that points at it
    forbids; SQLite drops a plain column in place."""
    for name in names:
        op.drop_column(table, name)
