"""The settings service's tables."""

from sqlalchemy import JSON, Boolean, Column, Integer, MetaData, String, Table, Uuid

from servicekit.messaging_tables import add_messaging_tables

metadata = MetaData()
add_messaging_tables(metadata)

clinics = Table(
    "clinics",
    metadata,
    Column("clinic_id", Uuid, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("time_zone", String(64), nullable=False),
    Column("appointment_requests_enabled", Boolean, nullable=False),
    Column("request_policy", JSON, nullable=False),
    Column("revision", Integer, nullable=False),
)
