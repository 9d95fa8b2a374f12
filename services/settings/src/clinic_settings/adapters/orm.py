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

from servicekit.messaging_tables import add_messaging_tables

metadata = MetaData()
add_messaging_tables(metadata)


def _clinic_column() -> Column:
    return Column("clinic_id", Uuid, ForeignKey("clinics.clinic_id"), nullable=False, index=True)


clinics = Table(
    "clinics",
    metadata,
    Column("clinic_id", Uuid, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("time_zone", String(64), nullable=False),
    Column("appointment_requests_enabled", Boolean, nullable=False),
    Column("request_policy", JSON, nullable=False),
    Column("language", String(6), nullable=False, server_default="en"),
    Column("revision", Integer, nullable=False),
)

locations = Table(
    "locations",
    metadata,
    Column("location_id", Uuid, primary_key=True),
    _clinic_column(),
    Column("name", String(200), nullable=False),
    Column("time_zone", String(64), nullable=False),
    Column("address", Text, nullable=False),
    Column("allow_appointment_requests", Boolean, nullable=False),
    Column("operating_hours", JSON, nullable=False),
    Column("closures", JSON, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("revision", Integer, nullable=False),
)

visit_types = Table(
    "visit_types",
    metadata,
    Column("visit_type_id", Uuid, primary_key=True),
    _clinic_column(),
    Column("name", String(200), nullable=False),
    Column("duration_minutes", Integer, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("revision", Integer, nullable=False),
)

therapists = Table(
    "therapists",
    metadata,
    Column("therapist_id", Uuid, primary_key=True),
    _clinic_column(),
    Column("name", String(200), nullable=False),
    Column("location_ids", JSON, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("revision", Integer, nullable=False),
)

patients = Table(
    "patients",
    metadata,
    Column("patient_id", Uuid, primary_key=True),
    _clinic_column(),
    Column("name", String(200), nullable=False),
    Column("date_of_birth", Date),
    Column("active", Boolean, nullable=False),
    Column("revision", Integer, nullable=False),
)

patient_cases = Table(
    "patient_cases",
    metadata,
    Column("case_id", Uuid, primary_key=True),
    _clinic_column(),
    Column("patient_id", Uuid, ForeignKey("patients.patient_id"), nullable=False, index=True),
    Column("title", String(200), nullable=False),
    Column("primary_therapist_id", Uuid, ForeignKey("therapists.therapist_id"), nullable=False, index=True),
    Column("location_id", Uuid, ForeignKey("locations.location_id"), nullable=False),
    Column("status", String(20), nullable=False),
    Column("allow_appointment_requests", Boolean, nullable=False),
    Column("requestable_visit_type_ids", JSON, nullable=False),
    Column("revision", Integer, nullable=False),
    # Migration 0010: the insurer's authorization of visits (null: none tracked).
    Column("authorization", JSON),
)

portal_users = Table(
    "portal_users",
    metadata,
    Column("portal_user_id", Uuid, primary_key=True),
    _clinic_column(),
    Column("name", String(200), nullable=False),
    Column("email", String(254), nullable=False),
    Column("role", String(20), nullable=False),
    Column("active", Boolean, nullable=False),
    Column("patient_ids", JSON, nullable=False),
    Column("revision", Integer, nullable=False),
)

staff_users = Table(
    "staff_users",
    metadata,
    Column("staff_user_id", Uuid, primary_key=True),
    _clinic_column(),
    Column("name", String(200), nullable=False),
    Column("email", String(254), nullable=False),
    Column("permissions", JSON, nullable=False),
    Column("all_locations", Boolean, nullable=False),
    Column("location_ids", JSON, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("revision", Integer, nullable=False),
)

# One table for both kinds of user, so an email is unique in its clinic across staff and portal.
credentials = Table(
    "credentials",
    metadata,
    Column("user_id", Uuid, primary_key=True),
    _clinic_column(),
    Column("kind", String(20), nullable=False),
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
one_time_links = Table(
    "one_time_links",
    metadata,
    Column("link_id", Uuid, primary_key=True),
    _clinic_column(),
    Column("purpose", String(20), nullable=False),
    Column("user_kind", String(20), nullable=False),
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
    Column("change_id", Integer, primary_key=True, autoincrement=True),
    _clinic_column(),
    Column("entity_kind", String(40), nullable=False),
    Column("entity_id", Uuid, nullable=False, index=True),
    Column("revision", Integer, nullable=False),
    Column("actor", String(80), nullable=False),
    Column("changed_at", DateTime(timezone=True), nullable=False),
    # {"field": {"from": old, "to": new}}; a creation has every field, each "from" null.
    Column("changes", JSON, nullable=False),
)

# Calendar feeds (clinic_settings.domain.calendar_feeds): the SHA-256 of each feed's secret, never
# the secret. The owner is a staff or portal user (a person, as a one-time link's user is).
calendar_feeds = Table(
    "calendar_feeds",
    metadata,
    Column("feed_id", Uuid, primary_key=True),
    _clinic_column(),
    Column("owner_kind", String(20), nullable=False),
    Column("owner_id", Uuid, nullable=False, index=True),
    Column("therapist_id", Uuid, ForeignKey("therapists.therapist_id")),
    Column("secret_hash", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
)
