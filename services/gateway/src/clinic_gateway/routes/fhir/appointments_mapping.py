"""An appointment request, as a FHIR Appointment, and the clinic's answers to it as
AppointmentResponses. The mapping of every request status is the table in the README ("FHIR
scheduling API"); it is written once, here.

Only the times the portal user could choose from are offered times: one the calendar refused was
never offered, and one still `asked` has not been held yet.
"""

from dataclasses import dataclass

from clinic_gateway.routes.fhir.references import CANCELATION_REASONS, VISIT_TYPES, WEEKLY_SERIES, instant, reference


@dataclass(frozen=True)
class Mapped:
    """A request status as an Appointment: its status, and for a cancelled one, why."""

    status: str
    reason: str | None = None
    reason_text: str | None = None


STATUS_OF_REQUEST: dict[str, Mapped] = {
    "submitted": Mapped("proposed"),
    # Preferred times: asked for, no time yet (FHIR lets a proposed Appointment have no start).
    "awaiting-time": Mapped("proposed"),
    "pending": Mapped("pending"),
    "approving": Mapped("pending"),
    "offering": Mapped("pending"),
    "offered": Mapped("pending"),
    "approved": Mapped("booked"),
    "cancelling": Mapped("cancelled", "patient-cancelled", "The patient cancelled the appointment."),
    "appointment-cancelled": Mapped("cancelled", "patient-cancelled", "The patient cancelled the appointment."),
    "declined": Mapped("cancelled", "declined", "The clinic declined the request."),
    "cancelled": Mapped("cancelled", "withdrawn", "The patient withdrew the request."),
    "expired": Mapped("cancelled", "expired", "The request expired."),
    "refused": Mapped("cancelled", "time-taken", "The time was taken before it could be held."),
    "offer-declined": Mapped("cancelled", "offer-declined", "The patient declined the times the clinic offered."),
}
# An appointment the clinic cancelled in its calendar.
CLINIC_CANCELLED = Mapped("cancelled", "clinic-cancelled", "The clinic cancelled the appointment.")


def request_statuses(appointment_status: str) -> list[str]:
    """The request statuses shown as this Appointment status (for `status=` searches)."""
    return [status for status, mapped in STATUS_OF_REQUEST.items() if mapped.status == appointment_status]


def _mapped(request: dict) -> Mapped:
    cancellation = request.get("appointment_cancellation")
    if request["status"] == "appointment-cancelled" and cancellation and cancellation["actor_kind"] == "staff":
        return CLINIC_CANCELLED
    mapped = STATUS_OF_REQUEST[request["status"]]
    if request["status"] == "expired" and request.get("expiry"):
        return Mapped(mapped.status, mapped.reason, request["expiry"]["reason"])
    if request["status"] == "refused" and request.get("refusal"):
        return Mapped(mapped.status, mapped.reason, request["refusal"]["reason"])
    if request["status"] == "declined" and request.get("decline_reason"):
        return Mapped(mapped.status, mapped.reason, f"The clinic declined the request: {request['decline_reason']}")
    return mapped


def _name(names: dict[str, dict[str, dict]], kind: str, entity_id: str) -> str | None:
    entity = names.get(kind, {}).get(entity_id)
    return entity["name"] if entity else None


def offered_times(request: dict) -> list[tuple[int, dict]]:
    """(number from 1, time) of the times the clinic offered the portal user."""
    offer = request.get("counter_offer")
    if not offer:
        return []
    return [
        (number, time)
        for number, time in enumerate(offer["times"], start=1)
        if time["state"] in ("held", "accepted", "released")
    ]


def appointment(request: dict, names: dict[str, dict[str, dict]]) -> dict:
    mapped = _mapped(request)
    clinic_answer = {"booked": "accepted", "cancelled": "declined"}.get(mapped.status, "needs-action")
    visit_type = request["visit_type_id"]

    def participant(kind: str, names_of: str, entity_id: str, status: str) -> dict:
        actor = reference(kind, entity_id, _name(names, names_of, entity_id))
        return {"actor": actor, "required": "required", "status": status}

    resource = {
        "resourceType": "Appointment",
        "id": request["request_id"],
        "status": mapped.status,
        "serviceType": [
            {
                "coding": [
                    {"system": VISIT_TYPES, "code": visit_type} | _display(_name(names, "visit-types", visit_type))
                ]
            }
        ],
        "start": instant(request["start"]),
        "end": instant(request["end"]),
        "created": instant(request["submitted_at"]),
        "supportingInformation": [reference("EpisodeOfCare", request["case_id"])],
        "participant": [
            participant("Patient", "patients", request["patient_id"], "accepted"),  # they asked
            participant("Practitioner", "therapists", request["therapist_id"], clinic_answer),
            participant("Location", "locations", request["location_id"], clinic_answer),
        ],
    }
    if request["status"] == "awaiting-time":
        # No time chosen yet: the dates the preferred times span are the period asked for.
        del resource["start"], resource["end"]
        resource["requestedPeriod"] = [{"start": instant(request["start"]), "end": instant(request["end"])}]
        resource["description"] = "Preferred times: the clinic chooses a time within them"
    if request.get("note"):
        resource["comment"] = request["note"]
    if mapped.reason:
        resource["cancelationReason"] = {
            "coding": [{"system": CANCELATION_REASONS, "code": mapped.reason}],
            "text": mapped.reason_text,
        }
    if request["status"] == "offered" and request.get("counter_offer"):
        # The times the clinic offers instead, for the patient to choose from (in the portal).
        resource["requestedPeriod"] = [
            {"start": instant(time["start"]), "end": instant(time["end"])}
            for _, time in offered_times(request)
            if time["state"] == "held"
        ]
        answer_by = instant(request["counter_offer"]["answer_by"])
        resource["description"] = f"The clinic offered other times; answer by {answer_by}"
    if series := request.get("series"):
        resource["identifier"] = [{"system": WEEKLY_SERIES, "value": series["series_id"]}]
        resource["description"] = f"Visit {series['occurrence']} of {series['occurrences']} of a weekly series" + (
            f". {resource['description']}" if "description" in resource else ""
        )
    return resource


def _display(name: str | None) -> dict:
    return {"display": name} if name else {}


def appointment_responses(request: dict, names: dict[str, dict[str, dict]]) -> list[dict]:
    """The clinic's answers, oldest first: each offered time (`tentative`, with the time), then
    its decision (`accepted` when approved, `declined` when declined or when it cancelled the
    appointment). A request the clinic has not answered has none."""
    request_id, location = request["request_id"], request["location_id"]
    clinic = reference("Location", location, _name(names, "locations", location))

    def answer(suffix: str, status: str, comment: str, start: str | None = None, end: str | None = None) -> dict:
        found = {
            "resourceType": "AppointmentResponse",
            "id": f"{request_id}-{suffix}",
            "appointment": reference("Appointment", request_id),
            "actor": clinic,
            "participantStatus": status,
            "comment": comment,
        }
        return found | ({"start": instant(start), "end": instant(end)} if start and end else {})

    answers = []
    offer = request.get("counter_offer")
    for number, time in offered_times(request):
        answers.append(
            answer(
                f"offer-{number}",
                "tentative",
                f"Offered instead of the asked-for time; answer by {instant(offer['answer_by'])}.",
                time["start"],
                time["end"],
            )
        )
    mapped = _mapped(request)
    if request["appointment_id"] and request["status"] in ("approved", "cancelling", "appointment-cancelled"):
        approved = "The clinic approved the request."
        answers.append(answer("approved", "accepted", approved, request["start"], request["end"]))
    if mapped is CLINIC_CANCELLED:
        answers.append(answer("cancelled", "declined", mapped.reason_text))
    if request["status"] == "declined":
        answers.append(answer("declined", "declined", mapped.reason_text))
    return answers
