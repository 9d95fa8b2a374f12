"""The ids of the facade's resources and how references to them are read and written.

Patients, practitioners (therapists), locations and appointments (appointment requests) keep the
system's own UUIDs. A Schedule is one therapist at one location: its id is both UUIDs' 32 hex
digits, joined (64 characters, the most a FHIR id may have), so it is read back without a lookup.
"""

from datetime import UTC, datetime
from uuid import UUID

from servicekit.problems import Problem

SYSTEM = "urn:clinic-appointment-requests"
VISIT_TYPES = f"{SYSTEM}:visit-type"
SUBMISSION_KEYS = f"{SYSTEM}:submission-key"
WEEKLY_SERIES = f"{SYSTEM}:weekly-series"
CANCELATION_REASONS = f"{SYSTEM}:cancelation-reason"


def reference(kind: str, entity_id: object, display: str | None = None) -> dict:
    found = {"reference": f"{kind}/{entity_id}"}
    return found | {"display": display} if display else found


def schedule_id(therapist_id: UUID | str, location_id: UUID | str) -> str:
    return UUID(str(therapist_id)).hex + UUID(str(location_id)).hex


def schedule_parts(schedule: str) -> tuple[UUID, UUID] | None:
    """(therapist, location) of a Schedule id (or `Schedule/{id}`); None for one we never made."""
    schedule = schedule.removeprefix("Schedule/")
    if len(schedule) != 64:
        return None
    try:
        return UUID(schedule[:32]), UUID(schedule[32:])
    except ValueError:
        return None


def referenced_id(value: str, kind: str, parameter: str) -> UUID:
    """The UUID of `Kind/{id}` or a bare id; else 400 naming the parameter."""
    try:
        return UUID(value.removeprefix(f"{kind}/"))
    except ValueError:
        raise bad_parameter(parameter, f"{value!r} is not a {kind} reference.") from None


def bad_parameter(parameter: str, detail: str) -> Problem:
    return Problem(400, "invalid-search-parameter", "The search is not valid", f"{parameter}: {detail}")


def instant(value: str | datetime) -> str:
    """A FHIR instant in UTC (`Z`), from the services' ISO times."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")
