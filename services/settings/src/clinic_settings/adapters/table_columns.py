"""The settings service's columns: one definition for its ORM (`orm.py`) and its migrations.

A migration that has run somewhere is history: what a function here returns must stay as it is,
or the migrations would create another schema than they did. A column that changes gets a new
migration (and, if shared, a new function).
"""

from typing import Any

from sqlalchemy import JSON, Boolean, Column, ForeignKey, Integer, String, Uuid
from sqlalchemy.schema import SchemaItem

from servicekit.table_columns import clinic_id, clinic_owned


def clinic() -> Column[Any]:
    """The clinic a row belongs to: settings holds the clinics, so it is a foreign key."""
    return clinic_id(ForeignKey("clinics.clinic_id"), index=True)


def clinic_table_columns(key: str, *columns: SchemaItem) -> list[SchemaItem]:
    """A table of things that belong to one clinic: their id, their clinic, their own columns."""
    return clinic_owned(key, *columns, clinic=clinic())


def entity_columns(key: str, *columns: SchemaItem) -> list[SchemaItem]:
    """A settings entity's table: a clinic's things, with the revision the replicas compare last."""
    return clinic_table_columns(key, *columns, Column("revision", Integer, nullable=False))


def word(name: str) -> Column[Any]:
    """A kind, role, status or purpose: one of an enumeration's values."""
    return Column(name, String(20), nullable=False)


def name_column() -> Column[Any]:
    return Column("name", String(200), nullable=False)


def flag(name: str) -> Column[Any]:
    return Column(name, Boolean, nullable=False)


def ids(name: str) -> Column[Any]:
    """A list of ids, as JSON."""
    return Column(name, JSON, nullable=False)


def email() -> Column[Any]:
    return Column("email", String(254), nullable=False)


def reference(name: str, to: str, *, index: bool = False) -> Column[Any]:
    return Column(name, Uuid, ForeignKey(to), nullable=False, index=index)
