"""Columns and column changes the services' Alembic migrations share.

A migration that has run somewhere is history: what a function here returns must stay as it is. A
table that wants other columns gets them from a new migration (and, if shared, a new function).
"""

from typing import Any

from alembic import op
from sqlalchemy import JSON, Column, DateTime, ForeignKey, Integer, String, Uuid
from sqlalchemy.schema import SchemaItem


def uuid_key(name: str) -> Column[Any]:
    """A table's key: one UUID."""
    return Column(name, Uuid, primary_key=True)


def clinic_id(*clinics: ForeignKey, index: bool = False) -> Column[Any]:
    """The clinic a row belongs to; settings, which holds the clinics, passes its foreign key."""
    return Column("clinic_id", Uuid, *clinics, nullable=False, index=index)


def moment(name: str, *, nullable: bool = False) -> Column[Any]:
    """A point in time: every time the system stores is timezone-aware."""
    return Column(name, DateTime(timezone=True), nullable=nullable)


_VISIT_IDS = ("portal_user_id", "patient_id", "case_id", "visit_type_id", "location_id", "therapist_id")


def requested_visit() -> list[Column[Any]]:
    """Who asked for which visit, where, with whom and when: an appointment request's own columns in
    requests, and the copy notifications keeps of them to write about the request."""
    return [
        *(Column(name, Uuid, nullable=False) for name in _VISIT_IDS),
        moment("start"),
        moment("end"),
    ]


def audit_trail(clinic: Column[Any], *subject: SchemaItem) -> list[SchemaItem]:
    """An audit trail's table: one row a change, numbered in order, with the clinic, what was
    changed (`subject`), who changed it, when, and the changes."""
    return [
        Column("change_id", Integer, primary_key=True, autoincrement=True),
        clinic,
        *subject,
        Column("actor", String(80), nullable=False),
        moment("changed_at"),
        Column("changes", JSON, nullable=False),
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
