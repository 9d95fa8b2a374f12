"""Columns the services' tables share: one definition for a service's ORM (`adapters/orm.py`) and
for the Alembic migrations that create its tables.

A migration that has run somewhere is history: what a function here returns must stay as it is,
or the migrations would create another schema than they did. A table that wants other columns gets
them from a new migration (and, if shared, a new function).
"""

from typing import Any

from sqlalchemy import JSON, Column, DateTime, ForeignKey, Integer, String, Uuid
from sqlalchemy.schema import SchemaItem


def uuid_key(name: str) -> Column[Any]:
    """A table's key: one UUID."""
    return Column(name, Uuid, primary_key=True)


def clinic_id(*clinics: ForeignKey, index: bool = False) -> Column[Any]:
    """The clinic a row belongs to; settings, which holds the clinics, passes its foreign key."""
    return Column("clinic_id", Uuid, *clinics, nullable=False, index=index)


def clinic_owned(key: str, *columns: SchemaItem, clinic: Column[Any] | None = None) -> list[SchemaItem]:
    """A table of things one clinic owns: their UUID key, their clinic (`clinic_id()` unless the
    table's service passes its own), then their own columns."""
    return [uuid_key(key), clinic_id() if clinic is None else clinic, *columns]


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
