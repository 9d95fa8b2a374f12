"""The settings service's tables.

Lists of ids and of hours are JSON columns: entities are never deleted, and every reference is
checked in the same transaction that stores it, so the lists cannot dangle.
"""

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.schema import SchemaItem

from clinic_settings.adapters.table_columns import (
    clinic,
    clinic_table_columns,
    email,
    entity_columns,
    flag,
    ids,
    name_column,
    reference,
    word,
)
from servicekit.messaging_tables import add_messaging_tables
from servicekit.table_columns import audit_trail, uuid_key

metadata = MetaData()
add_messaging_tables(metadata)


clinics = Table(
    "clinics",
    metadata,
    uuid_key("clinic_id"),
    name_column(),
    Column("time_zone", String(64), nullable=False),
    Column("appointment_requests_enabled", Boolean, nullable=False),
    Column("request_policy", JSON, nullable=False),
    Column("language", String(6), nullable=False, server_default="en"),
    Column("revision", Integer, nullable=False),
)


def _clinic_table(name: str, key: str, *columns: SchemaItem) -> Table:
    return Table(name, metadata, *clinic_table_columns(key, *columns))


def _entity_table(name: str, key: str, *columns: SchemaItem) -> Table:
    return Table(name, metadata, *entity_columns(key, *columns))


locations = _entity_table(
    "locations",
    "location_id",
    name_column(),
    Column("time_zone", String(64), nullable=False),
    Column("address", Text, nullable=False),
    flag("allow_appointment_requests"),
    Column("operating_hours", JSON, nullable=False),
    Column("closures", JSON, nullable=False),
    flag("active"),
)
visit_types = _entity_table(
    "visit_types", "visit_type_id", name_column(), Column("duration_minutes", Integer, nullable=False), flag("active")
)
therapists = _entity_table("therapists", "therapist_id", name_column(), ids("location_ids"), flag("active"))
patients = _entity_table("patients", "patient_id", name_column(), Column("date_of_birth", Date), flag("active"))
patient_cases = _entity_table(
    "patient_cases",
    "case_id",
    reference("patient_id", "patients.patient_id", index=True),
    Column("title", String(200), nullable=False),
    reference("primary_therapist_id", "therapists.therapist_id", index=True),
    reference("location_id", "locations.location_id"),
    word("status"),
    flag("allow_appointment_requests"),
    ids("requestable_visit_type_ids"),
    # Migration 0010: the insurer's authorization of visits (null: none tracked).
    Column("authorization", JSON),
)
portal_users = _entity_table(
    "portal_users",
    "portal_user_id",
    name_column(),
    email(),
    word("role"),
    flag("active"),
    ids("patient_ids"),
)
staff_users = _entity_table(
    "staff_users",
    "staff_user_id",
    name_column(),
    email(),
    ids("permissions"),
    flag("all_locations"),
    ids("location_ids"),
    flag("active"),
)

# One table for both kinds of user, so an email is unique in its clinic across staff and portal.
credentials = _clinic_table(
    "credentials",
    "user_id",
    word("kind"),
    Column("email", String(254), nullable=False, index=True),
    # Null while the user's invitation is not accepted yet: they cannot sign in.
    Column("password_hash", Text),
    UniqueConstraint("clinic_id", "email", name="credentials_email_unique_in_clinic"),
)

# The id an imported entity has in the system the clinic came from (service_layer.importing): a
# second import of the same rows finds what the first made. Unique per kind in a clinic, and one
# per entity.
external_ids = Table(
    "external_ids",
    metadata,
    Column("clinic_id", Uuid, ForeignKey("clinics.clinic_id"), primary_key=True),
    Column("entity_kind", String(20), primary_key=True),
    Column("external_id", String(200), primary_key=True),
    Column("entity_id", Uuid, nullable=False),
    UniqueConstraint("entity_id", name="external_ids_one_per_entity"),
)

# Invitations and password resets (clinic_settings.domain.one_time_links): the SHA-256 of each
# link's token, never the token.
one_time_links = _clinic_table(
    "one_time_links",
    "link_id",
    word("purpose"),
    word("user_kind"),
    Column("user_id", Uuid, ForeignKey("credentials.user_id"), nullable=False, index=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("used_at", DateTime(timezone=True)),
    Column("revoked_at", DateTime(timezone=True)),
)

# Failed sign-ins per email and per client address (clinic_settings.domain.sign_in_limits). Kept
# here rather than in a gateway's memory, so every gateway replica sees the same counters.
sign_in_failures = Table(
    "sign_in_failures",
    metadata,
    Column("counter_key", String(80), primary_key=True),
    # Attempts that failed or are being checked right now (counted before the password is).
    Column("failures", Integer, nullable=False),
    Column("blocked_until", DateTime(timezone=True)),
    Column("last_attempt_at", DateTime(timezone=True), nullable=False, index=True),
)

# The audit trail: one row per stored change of a settings entity, written in the transaction of
# the change itself (so there is no change without its row), with who made it and what differed.
settings_changes = Table(
    "settings_changes",
    metadata,
    # Its changes: {"field": {"from": old, "to": new}}; a creation has every field, each "from" null.
    *audit_trail(
        clinic(),
        Column("entity_kind", String(40), nullable=False),
        Column("entity_id", Uuid, nullable=False, index=True),
        Column("revision", Integer, nullable=False),
    ),
)

# Calendar feeds (clinic_settings.domain.calendar_feeds): the SHA-256 of each feed's secret, never
# the secret. The owner is a staff or portal user (a person, as a one-time link's user is).
calendar_feeds = _clinic_table(
    "calendar_feeds",
    "feed_id",
    word("owner_kind"),
    Column("owner_id", Uuid, nullable=False, index=True),
    Column("therapist_id", Uuid, ForeignKey("therapists.therapist_id")),
    Column("secret_hash", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
)
