"""The demo clinic again, under other ids and emails: a clinic of a suite's own on the shared stack.

What a suite's admin, scheduler and caregiver change there (hours, new locations, cases, users,
requests) stays there, so the demo clinic the other suites share stays as they expect it (its
counts of locations and cases, its time zones). Every id is the demo's id mapped one to one, so an
id from the demo (in the OpenAPI document's examples, in tests.gateway.gateway_api) is mapped to the
same thing in the copy.
"""

from datetime import date
from types import SimpleNamespace
from uuid import UUID, uuid5

import httpx

from clinic_settings import demo_data as demo
from clinic_settings.demo import DemoLoader
from tests.gateway.gateway_api import Api, wait_for

_DEMO_DOMAIN = "@" + demo.EMAIL_DOMAIN
_TABLES = ("LOCATIONS", "VISIT_TYPES", "THERAPISTS", "PATIENTS", "CASES", "PORTAL_USERS", "STAFF_USERS")
WEEKDAYS = [{"weekday": day, "start": "08:00:00", "end": "17:00:00"} for day in range(5)]


def _demo_ids(value, found: set[UUID]) -> set[UUID]:
    if isinstance(value, UUID):
        found.add(value)
    elif isinstance(value, dict):
        for item in value.values():
            _demo_ids(item, found)
    elif isinstance(value, list | tuple):
        for item in value:
            _demo_ids(item, found)
    return found


class DemoCopy:
    """The demo's data under ids made from `namespace` and emails at `<label>.<demo domain>`."""

    def __init__(self, namespace: UUID, label: str) -> None:
        self._namespace = namespace
        self._domain = f"@{label}.{demo.EMAIL_DOMAIN}"
        # What clinic_settings.demo.DemoLoader loads, for this clinic.
        self.data = SimpleNamespace(
            CLINIC_ID=self.id(demo.CLINIC_ID),
            CLINIC={**self.moved(demo.CLINIC), "name": f"Harborview Physical Therapy ({label})"},
            DEMO_PASSWORD=demo.DEMO_PASSWORD,
            **{table: self.moved(getattr(demo, table)) for table in _TABLES},
        )
        # Every demo id as text, and the copy's id for the same thing.
        self.from_demo = {
            str(demo_id): str(self.id(demo_id))
            for demo_id in _demo_ids([demo.CLINIC_ID, *(getattr(demo, table) for table in _TABLES)], set())
        }

    def id(self, demo_id: UUID) -> UUID:
        return uuid5(self._namespace, str(demo_id))

    def email(self, demo_email: str) -> str:
        return demo_email.replace(_DEMO_DOMAIN, self._domain)

    def moved(self, value):
        """The demo's value with every id and email moved to the copy's."""
        if isinstance(value, UUID):
            return self.id(value)
        if isinstance(value, str):
            return self.email(value)
        if isinstance(value, dict):
            return {key: self.moved(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.moved(item) for item in value]
        return value

    def user(self, table: str, demo_email: str) -> dict:
        return next(user for user in getattr(self.data, table) if user["email"] == self.email(demo_email))

    def load(self, stack) -> str:
        """Loads the copy (again: the loader keeps what is there) and gives every therapist the
        weekdays at each of their locations; the gateway's URL."""
        with httpx.Client(base_url=stack.url("settings"), auth=stack.operator_auth("settings"), timeout=30) as http:
            DemoLoader(http, self.data).load()
        admin = Api(stack.url("gateway"), self.email("admin@harborview.example"))
        body = {"periods": [{"effective_from": str(date.today()), "hours": WEEKDAYS}]}
        for therapist in self.data.THERAPISTS:
            for location_id in therapist["location_ids"]:
                path = f"/api/admin/therapists/{therapist['therapist_id']}/working-hours/{location_id}"
                # Until the calendar's copy of the settings knows the therapist.
                wait_for(lambda path=path: admin.call("PUT", path, json=body).status_code == 200, timeout=60)
        admin.close()
        return stack.url("gateway")
