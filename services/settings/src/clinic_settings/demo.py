"""Load the demo clinic over the settings service's HTTP API.

    INTERNAL_TOKEN_SIGNING_KEY=operator-key:... python -m clinic_settings.demo --url http://127.0.0.1:8001

It calls as the operator (an actor token signed with a key the services trust). Safe to run again: what exists already is kept as it is, nothing is created twice.
"""

import argparse
import json
import sys
from collections import Counter

import httpx
from pydantic_core import to_jsonable_python

from clinic_settings import demo_data as demo
from clinic_settings.operator_client import operator_client


class DemoLoader:
    def __init__(self, http: httpx.Client, data=demo) -> None:
        """`data` is the demo clinic (`clinic_settings.demo_data`), or anything with its names: a
        test's copy of it under other ids and emails, so the demo stays untouched."""
        self.http = http
        self.data = data
        self.created: Counter[str] = Counter()
        self.kept: Counter[str] = Counter()

    def ensure(self, what: str, path: str, body: dict) -> None:
        """Create unless it exists: the service answers an existing id with a `...-exists` problem."""
        response = self.http.post(path, json=to_jsonable_python(body))
        if response.status_code == 201:
            self.created[what] += 1
        elif response.status_code == 409 and response.json().get("code", "").endswith("-exists"):
            self.kept[what] += 1
        else:
            raise SystemExit(f"{what} {path} failed ({response.status_code}): {response.text}")

    def put(self, path: str, body) -> None:
        """A PUT that leaves the state as it is publishes nothing, so repeating it is harmless."""
        response = self.http.put(path, json=to_jsonable_python(body))
        if response.status_code != 200:
            raise SystemExit(f"PUT {path} failed ({response.status_code}): {response.text}")

    def load(self) -> None:
        clinic = f"/clinics/{self.data.CLINIC_ID}"
        self.ensure("clinic", "/clinics", self.data.CLINIC)
        for location in self.data.LOCATIONS:
            self.ensure("locations", f"{clinic}/locations", location)
        for visit_type in self.data.VISIT_TYPES:
            self.ensure("visit types", f"{clinic}/visit-types", visit_type)
        for therapist in self.data.THERAPISTS:
            self.ensure("therapists", f"{clinic}/therapists", therapist)
        for patient in self.data.PATIENTS:
            self.ensure("patients", f"{clinic}/patients", patient)
        for case in self.data.CASES:
            body = {field: value for field, value in case.items() if field != "discharged"}
            self.ensure("patient cases", f"{clinic}/patient-cases", body)
            if case["discharged"]:
                self.put(f"/patient-cases/{case['case_id']}/status", {"status": "discharged"})
        for user in self.data.PORTAL_USERS:
            self.ensure("portal users", f"{clinic}/portal-users", user)
        for user in self.data.STAFF_USERS:
            self.ensure("staff users", f"{clinic}/staff-users", user)
        # Last, as an admin would: the feature goes on once everything is set up.
        self.put(f"{clinic}/appointment-requests", {"enabled": True})

    def summary(self) -> str:
        counts = ", ".join(
            f"{what}: {self.created[what] + self.kept[what]} ({self.created[what]} new)"
            for what in dict.fromkeys([*self.created, *self.kept])
        )
        sign_ins = [
            *(f"  {user['email']:<40} staff: {', '.join(user['permissions'])}" for user in self.data.STAFF_USERS),
            *(f"  {user['email']:<40} portal {user['role']}" for user in self.data.PORTAL_USERS),
        ]
        return "\n".join(
            [
                f"Demo clinic {self.data.CLINIC['name']} ({self.data.CLINIC_ID}), appointment requests on.",
                counts,
                "Sign-in emails:",
                *sign_ins,
                f"Demo password for all of them: {self.data.DEMO_PASSWORD}",
            ]
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:8001", help="the settings service")
    parser.add_argument("--json", action="store_true", help="print the counts as JSON instead")
    args = parser.parse_args(argv)
    with operator_client(args.url, "the demo loader") as http:
        loader = DemoLoader(http)
        loader.load()
    if args.json:
        json.dump({"created": loader.created, "kept": loader.kept}, sys.stdout)
    else:
        print(loader.summary())


if __name__ == "__main__":
    main()
