"""A FHIR R4 Bundle (JSON) read as one import; docs/import.md has the whole mapping.

Location → location, HealthcareService → visit type, Practitioner (with the PractitionerRoles in
the bundle for its locations) → therapist, Patient → patient, EpisodeOfCare → patient case. A
resource's external id is its first identifier's value. A reference names a resource in the
bundle (`Patient/p1` or an entry's fullUrl) or, by `identifier`, one imported before.

Nothing is dropped without a word: a resource of another type is reported `ignored`, and every
element or extension the import does not keep is named in its row's `ignored`. What would change
the meaning of the data if it were ignored (an unknown modifierExtension, an inactive patient, a
status this service has no word for) refuses the row instead.
"""

from clinic_contracts.events import CaseStatus, OpeningInterval
from clinic_contracts.wall_clock import parse_wall_clock
from clinic_settings.adapters.imports.values import iso_date
from clinic_settings.domain.errors import SettingsRuleBroken
from clinic_settings.domain.imports import (
    EntityKind,
    ImportRow,
    Outcome,
    ReadRows,
    Reference,
    RowOrigin,
    RowReport,
    checked_external_id,
)

# The standard extension for a Location's IANA zone, with a valueCode such as "America/New_York".
TIME_ZONE = "http://hl7.org/fhir/StructureDefinition/timezone"
# This system's extensions, for what FHIR R4 has no element for.
OURS = "https://clinic-appointment-requests.example/fhir/StructureDefinition/"
VISIT_DURATION = OURS + "visit-duration"  # on HealthcareService: valueDuration in minutes
CASE_LOCATION = OURS + "case-location"  # on EpisodeOfCare: valueReference to a Location
CASE_ALLOWS_REQUESTS = OURS + "allow-appointment-requests"  # on EpisodeOfCare: valueBoolean
CASE_REQUESTABLE_VISIT_TYPE = OURS + "requestable-visit-type"  # on EpisodeOfCare, repeated: valueReference

BUNDLE = "bundle"
FHIR_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
EPISODE_STATUS = {"active": CaseStatus.ACTIVE, "finished": CaseStatus.DISCHARGED}
# Elements no import needs a word about: the resource's own bookkeeping.
_BOOKKEEPING = {"resourceType", "id", "meta", "text", "implicitRules", "language", "contained"}
KIND_OF = {
    "Location": EntityKind.LOCATION,
    "HealthcareService": EntityKind.VISIT_TYPE,
    "Practitioner": EntityKind.THERAPIST,
    "Patient": EntityKind.PATIENT,
    "EpisodeOfCare": EntityKind.PATIENT_CASE,
}


def _unsupported(what: str) -> SettingsRuleBroken:
    return SettingsRuleBroken("unsupported-value", what)


class _Bundle:
    def __init__(self, entries: list) -> None:
        self.entries = entries
        self.by_reference: dict[str, dict] = {}
        for entry in entries:
            resource = entry.get("resource") if isinstance(entry, dict) else None
            if isinstance(resource, dict):
                if isinstance(entry.get("fullUrl"), str):
                    self.by_reference[entry["fullUrl"]] = resource
                if resource.get("id"):
                    self.by_reference[f"{resource.get('resourceType')}/{resource['id']}"] = resource
        # A Practitioner's external id -> the Location references of its active roles.
        self.role_locations: dict[str, list[dict]] = {}

    def resolve(self, reference, *types: str) -> dict | str:
        """The resource a reference names in the bundle, or the external id it names by identifier."""
        if not isinstance(reference, dict):
            raise SettingsRuleBroken("invalid-reference", f"A reference to a {' or '.join(types)} is missing.")
        literal = reference.get("reference")
        if isinstance(literal, str):
            resource = self.by_reference.get(literal)
            if resource is None:
                raise SettingsRuleBroken(
                    "unresolved-reference",
                    f"{literal} is not in the bundle; refer to one imported before by its identifier instead.",
                )
            if resource.get("resourceType") not in types:
                raise SettingsRuleBroken("invalid-reference", f"{literal} is not a {' or '.join(types)}.")
            return resource
        identifier = reference.get("identifier")
        if isinstance(identifier, dict) and isinstance(identifier.get("value"), str):
            return identifier["value"]
        raise SettingsRuleBroken("invalid-reference", f"A reference to a {' or '.join(types)} names nothing.")

    def external_id(self, reference, kind: EntityKind, *types: str) -> str:
        target = self.resolve(reference, *types)
        return checked_external_id(target if isinstance(target, str) else _identifier(target), kind)


def _identifier(resource: dict) -> str:
    identifiers = _list(resource, "identifier") or [{}]
    value = identifiers[0].get("value") if isinstance(identifiers[0], dict) else None
    if not isinstance(value, str):
        raise SettingsRuleBroken(
            "external-id-required", f"The {resource.get('resourceType')} needs an identifier: its external id."
        )
    return value


def _text(value, what: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise SettingsRuleBroken("invalid-value", f"The {what} is not text.")
    return value


def _list(resource: dict, element: str) -> list:
    value = resource.get(element) or []
    if not isinstance(value, list):
        raise SettingsRuleBroken("invalid-resource", f"The {resource.get('resourceType')}'s {element} is not a list.")
    return value


def _human_name(resource: dict) -> str:
    names = [name for name in _list(resource, "name") if isinstance(name, dict)]
    if not names:
        return ""
    name = next((name for name in names if name.get("use") == "official"), names[0])
    if name.get("text"):
        return _text(name["text"], "name")
    return " ".join([*name.get("given", []), *([name["family"]] if name.get("family") else [])])


def _address(address) -> str:
    if not isinstance(address, dict):
        return ""
    if address.get("text"):
        return _text(address["text"], "address")
    region = " ".join(part for part in (address.get("state"), address.get("postalCode")) if part)
    parts = [*address.get("line", []), address.get("city"), region, address.get("country")]
    return ", ".join(part for part in parts if part)


def _hours(resource: dict) -> tuple[OpeningInterval, ...]:
    intervals = []
    for available in resource.get("hoursOfOperation") or []:
        if available.get("allDay"):
            raise _unsupported("hoursOfOperation with allDay: give openingTime and closingTime.")
        try:
            # FHIR's `time` is a local time of day without offset, as the location's hours are.
            start = parse_wall_clock(available["openingTime"])
            end = parse_wall_clock(available["closingTime"])
        except (KeyError, TypeError, ValueError):
            raise SettingsRuleBroken(
                "invalid-opening-hours",
                "Each hoursOfOperation needs an openingTime and a closingTime (hh:mm:ss, local time without offset).",
            ) from None
        for day in available.get("daysOfWeek") or []:
            if day not in FHIR_DAYS:
                raise SettingsRuleBroken("invalid-opening-hours", f"{day!r} is not a FHIR day of week (mon ... sun).")
            intervals.append(OpeningInterval(weekday=FHIR_DAYS.index(day), start=start, end=end))
    return tuple(intervals)


class _Resource:
    """One resource being read: it notes which elements and extensions it used, so the rest can
    be reported."""

    def __init__(self, resource: dict) -> None:
        self.resource = resource
        self.used = set(_BOOKKEEPING) | {"identifier", "extension"}
        self.used_extensions: set[str] = set()

    def get(self, element: str, default=None):
        self.used.add(element)
        return self.resource.get(element, default)

    def extensions(self, url: str) -> list[dict]:
        self.used_extensions.add(url)
        return [e for e in self.resource.get("extension") or [] if isinstance(e, dict) and e.get("url") == url]

    def extension(self, url: str) -> dict | None:
        found = self.extensions(url)
        if len(found) > 1:
            raise SettingsRuleBroken("invalid-extension", f"The extension {url} is given more than once.")
        return found[0] if found else None

    def ignored(self) -> tuple[str, ...]:
        identifiers = self.resource.get("identifier") or []
        return (
            *(element for element in self.resource if element not in self.used),
            *([f"identifier[1:{len(identifiers)}]"] if isinstance(identifiers, list) and len(identifiers) > 1 else []),
            *(
                f"extension({extension.get('url')})"
                for extension in self.resource.get("extension") or []
                if isinstance(extension, dict) and extension.get("url") not in self.used_extensions
            ),
        )


def _active(read: _Resource, what: str) -> bool:
    active = read.get("active", True)
    if not isinstance(active, bool):
        raise SettingsRuleBroken("invalid-value", f"The {what}'s active is not true or false.")
    return active


def _location(bundle: _Bundle, read: _Resource) -> tuple[dict, dict]:
    if read.get("status") == "inactive":
        raise _unsupported("An inactive Location is not imported; deactivate it in the admin pages instead.")
    zone = read.extension(TIME_ZONE)
    if zone is None or not isinstance(zone.get("valueCode"), str):
        raise SettingsRuleBroken(
            "time-zone-required", f"A Location needs its IANA time zone in the extension {TIME_ZONE} (valueCode)."
        )
    fields = {
        "name": _text(read.get("name"), "name"),
        "time_zone": zone["valueCode"],
        "address": _address(read.get("address")),
        "operating_hours": _hours(read.resource) if read.get("hoursOfOperation") else (),
    }
    return fields, {}


def _visit_type(bundle: _Bundle, read: _Resource) -> tuple[dict, dict]:
    duration = read.extension(VISIT_DURATION)
    value = (duration or {}).get("valueDuration") or {}
    if value.get("code") != "min" or not isinstance(value.get("value"), int):
        raise SettingsRuleBroken(
            "duration-required",
            f"A HealthcareService needs its visit's length in the extension {VISIT_DURATION}"
            ' (valueDuration in whole minutes, code "min").',
        )
    fields = {
        "name": _text(read.get("name"), "name"),
        "duration_minutes": value["value"],
        "active": _active(read, "service"),
    }
    return fields, {}


def _therapist(bundle: _Bundle, read: _Resource) -> tuple[dict, dict]:
    locations = tuple(
        dict.fromkeys(
            bundle.external_id(reference, EntityKind.LOCATION, "Location")
            for reference in bundle.role_locations.get(_identifier(read.resource), [])
        )
    )
    fields = {"name": _human_name(read.resource), "active": _active(read, "practitioner")}
    read.used.add("name")
    return fields, {"location_ids": Reference(EntityKind.LOCATION, locations, many=True)}


def _patient(bundle: _Bundle, read: _Resource) -> tuple[dict, dict]:
    if not _active(read, "patient"):
        raise _unsupported("An inactive Patient is not imported; deactivate the patient in the admin pages instead.")
    born = read.get("birthDate")
    read.used.add("name")
    return {"name": _human_name(read.resource), "date_of_birth": iso_date(born, "birthDate") if born else None}, {}


def _case_title(read: _Resource) -> str:
    types = [kind for kind in read.get("type") or [] if isinstance(kind, dict)]
    if not types:
        return ""
    codings = [coding for coding in types[0].get("coding") or [] if isinstance(coding, dict)]
    return _text(types[0].get("text") or (codings[0].get("display") if codings else None), "type")


def _patient_case(bundle: _Bundle, read: _Resource) -> tuple[dict, dict]:
    status = read.get("status")
    if status not in EPISODE_STATUS:
        raise _unsupported(f"An EpisodeOfCare of status {status!r} is not imported; only active or finished.")
    patient = bundle.external_id(read.get("patient"), EntityKind.PATIENT, "Patient")
    manager = bundle.resolve(read.get("careManager"), "Practitioner", "PractitionerRole")
    if isinstance(manager, dict) and manager["resourceType"] == "PractitionerRole":
        manager = bundle.resolve(manager.get("practitioner"), "Practitioner")
    therapist = checked_external_id(manager if isinstance(manager, str) else _identifier(manager), EntityKind.THERAPIST)
    location = read.extension(CASE_LOCATION)
    if location is None:
        raise SettingsRuleBroken(
            "location-required", f"An EpisodeOfCare names its location in the extension {CASE_LOCATION}."
        )
    allows = (read.extension(CASE_ALLOWS_REQUESTS) or {}).get("valueBoolean", False)
    visit_types = tuple(
        bundle.external_id(extension.get("valueReference"), EntityKind.VISIT_TYPE, "HealthcareService")
        for extension in read.extensions(CASE_REQUESTABLE_VISIT_TYPE)
    )
    fields = {
        "title": _case_title(read),
        "status": EPISODE_STATUS[status],
        "allow_appointment_requests": allows is True,
    }
    references = {
        "patient_id": Reference(EntityKind.PATIENT, (patient,)),
        "primary_therapist_id": Reference(EntityKind.THERAPIST, (therapist,)),
        "location_id": Reference(
            EntityKind.LOCATION,
            (bundle.external_id(location.get("valueReference"), EntityKind.LOCATION, "Location"),),
        ),
        "requestable_visit_type_ids": Reference(EntityKind.VISIT_TYPE, visit_types, many=True),
    }
    return fields, references


READERS = {
    EntityKind.LOCATION: _location,
    EntityKind.VISIT_TYPE: _visit_type,
    EntityKind.THERAPIST: _therapist,
    EntityKind.PATIENT: _patient,
    EntityKind.PATIENT_CASE: _patient_case,
}


def read_fhir_bundle(bundle) -> ReadRows:
    if not isinstance(bundle, dict) or bundle.get("resourceType") != "Bundle":
        problem = SettingsRuleBroken("invalid-bundle", 'The document is not a FHIR Bundle (resourceType "Bundle").')
        return [RowReport.refused(RowOrigin(BUNDLE), problem)]
    entries = bundle.get("entry") or []
    if not isinstance(entries, list):
        return [RowReport.refused(RowOrigin(BUNDLE), SettingsRuleBroken("invalid-bundle", "entry is not a list."))]
    indexed = _Bundle(entries)
    read: ReadRows = []
    roles = [
        (number, entry["resource"])
        for number, entry in enumerate(entries)
        if isinstance(entry, dict)
        and isinstance(entry.get("resource"), dict)
        and entry["resource"].get("resourceType") == "PractitionerRole"
    ]
    role_reports = {number: _fold_role(indexed, RowOrigin(BUNDLE, number), role) for number, role in roles}
    for number, entry in enumerate(entries):
        origin = RowOrigin(BUNDLE, number)
        if number in role_reports:
            if role_reports[number] is not None:
                read.append(role_reports[number])
            continue
        read.append(_entry(indexed, origin, entry))
    return read


def _fold_role(bundle: _Bundle, origin: RowOrigin, role: dict) -> RowReport | None:
    """A PractitionerRole gives its locations to its Practitioner's row, and has none of its own
    unless it is refused (or, inactive, ignored)."""
    read = _Resource(role)
    try:
        if read.get("modifierExtension"):
            raise _unsupported("A modifierExtension this import does not know changes what the resource means.")
        practitioner = bundle.resolve(read.get("practitioner"), "Practitioner")
        if isinstance(practitioner, str):
            raise SettingsRuleBroken(
                "unresolved-reference", "A PractitionerRole's practitioner must be in the bundle, as a reference."
            )
        if not _active(read, "role"):
            message = "An inactive PractitionerRole gives its practitioner no locations."
            return RowReport(origin, EntityKind.THERAPIST, None, Outcome.IGNORED, code="inactive-role", message=message)
        locations = read.get("location") or []
        bundle.role_locations.setdefault(_identifier(practitioner), []).extend(locations)
    except SettingsRuleBroken as broken:
        return RowReport.refused(origin, broken, EntityKind.THERAPIST)
    if not read.ignored():
        return None
    message = "The role's practitioner and locations were taken; these elements were not."
    return RowReport(
        origin,
        EntityKind.THERAPIST,
        None,
        Outcome.IGNORED,
        code="role-elements-ignored",
        message=message,
        ignored=read.ignored(),
    )


def _entry(bundle: _Bundle, origin: RowOrigin, entry) -> ImportRow | RowReport:
    resource = entry.get("resource") if isinstance(entry, dict) else None
    if not isinstance(resource, dict):
        return RowReport.refused(origin, SettingsRuleBroken("invalid-bundle", "The entry has no resource."))
    resource_type = resource.get("resourceType")
    kind = KIND_OF.get(resource_type)
    if kind is None:
        message = f"A {resource_type} is nothing this import keeps."
        return RowReport(origin, None, None, Outcome.IGNORED, code="unsupported-resource-type", message=message)
    read = _Resource(resource)
    external_id = None
    try:
        external_id = checked_external_id(_identifier(resource), kind)
        if read.get("modifierExtension"):
            raise _unsupported("A modifierExtension this import does not know changes what the resource means.")
        fields, references = READERS[kind](bundle, read)
    except SettingsRuleBroken as broken:
        return RowReport.refused(origin, broken, kind, external_id, read.ignored())
    except (AttributeError, KeyError, TypeError, ValueError) as error:
        # JSON of another shape than R4 gives the elements read (a string where a list belongs...).
        broken = SettingsRuleBroken("invalid-resource", f"The {resource_type} is not valid FHIR R4 JSON ({error}).")
        return RowReport.refused(origin, broken, kind, external_id)
    entry_extras = tuple(f"entry.{element}" for element in entry if element not in ("fullUrl", "resource"))
    return ImportRow(origin, kind, external_id, fields, references, (*read.ignored(), *entry_extras))
