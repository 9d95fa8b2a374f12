"""The schedulers' daily digest: once a day, at the clinic's local `digest_hour`, each scheduler
who wants it gets one email listing the requests still waiting that they may see.

One per scheduler and local day: the digest's cause is a uuid5 of the two, and the emails table
keeps one per cause, kind and recipient, so replicas and restarts send it once.
"""

import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

from clinic_contracts.access import scheduler_may_see_patient
from clinic_contracts.events import ClinicSettingsChanged, PatientCaseChanged, StaffUserChanged
from clinic_notifications.adapters import email_store, request_contacts
from clinic_notifications.domain.local_times import LocalVisitTime
from clinic_notifications.domain.notices import NoticeKind
from clinic_notifications.service_layer.composing import Cause, Composer, Recipient
from servicekit.replicated_settings import UnknownSetting

DIGEST_NAMESPACE = uuid.UUID("5b0f7c1e-3f8d-4d0a-9a57-7d6c1c2b9e41")


def digest_cause(staff_user_id: uuid.UUID, local_day: str) -> uuid.UUID:
    return uuid.uuid5(DIGEST_NAMESPACE, f"{staff_user_id}:{local_day}")


async def send_digests(composer: Composer, digest_hour: int, now: datetime) -> int:
    """Compose today's digests that are due and not yet made; how many were stored."""
    runtime, composed = composer.runtime, []
    async with runtime.sessions.begin() as session:
        for clinic_id in await request_contacts.clinics_with_waiting_requests(session):
            clinic = await runtime.settings_replica.get(session, ClinicSettingsChanged, str(clinic_id))
            if clinic is None:
                continue
            local_now = now.astimezone(ZoneInfo(clinic.time_zone))
            if local_now.hour < digest_hour:
                continue
            waiting = await request_contacts.waiting_in_clinic(session, clinic_id)
            cases = await runtime.settings_replica.all_of(session, PatientCaseChanged, clinic_id)
            for staff in await runtime.settings_replica.all_of(session, StaffUserChanged, clinic_id):
                recipient = Recipient.staff_user(staff)
                if not await recipient.wants(session, NoticeKind.WAITING_DIGEST):
                    continue
                theirs = [
                    contact
                    for contact in waiting
                    if scheduler_may_see_patient(
                        staff, [case for case in cases if case.patient_id == contact.patient_id]
                    )
                ]
                if not theirs:
                    continue
                items = []
                for contact in theirs:
                    try:
                        names = await composer.names_of(session, contact)
                    except UnknownSetting:
                        continue
                    when = LocalVisitTime.of(contact.start, contact.end, names.location.time_zone)
                    items.append(
                        {
                            "patient_name": names.patient.name,
                            "visit_type": names.visit_type.name,
                            "therapist": names.therapist.name,
                            "when": str(when),
                            "location_name": names.location.name,
                        }
                    )
                if not items:
                    continue
                context = {
                    "clinic_name": clinic.name,
                    "waiting": items,
                    "scheduler_link": composer.links.scheduler,
                    "preferences_link": None,
                }
                cause = Cause(digest_cause(staff.staff_user_id, local_now.date().isoformat()), now, clinic_id)
                composed.append(
                    composer.compose(cause, NoticeKind.WAITING_DIGEST, recipient, context, language=clinic.language)
                )
        stored = await email_store.store_all(session, composed)
    if stored:
        composer.on_stored()
    return stored
