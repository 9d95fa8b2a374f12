"""Start a clinic on an empty system: the clinic, and an invitation for its first admin.

    INTERNAL_TOKEN_SIGNING_KEY=operator-key:... python -m clinic_settings.bootstrap \\
        --url http://127.0.0.1:8001 --clinic-name "Harborview Physical Therapy" \\
        --time-zone Europe/London --admin-name "Dana Whitfield" --admin-email dana@harborview.example

It calls as the operator, as the demo loader does. The admin gets the Admin and Scheduling
permissions at every location; they choose their password through the printed link (also in
the settings service's log), then add the clinic's locations and invite everyone else.
"""

import argparse
from datetime import UTC, datetime

import httpx

from clinic_settings.domain.emails import normalised_email
from clinic_settings.domain.errors import SettingsRuleBroken
from clinic_settings.domain.names import required_name
from clinic_settings.operator_client import operator_client

FIRST_ADMIN_PERMISSIONS = ["admin", "scheduling"]


def _created(http: httpx.Client, path: str, body: dict) -> dict:
    response = http.post(path, json=body)
    if response.status_code != 201:
        raise SystemExit(f"POST {path} failed ({response.status_code}): {response.text}")
    return response.json()


def start_clinic(http: httpx.Client, *, clinic_name: str, time_zone: str, admin_name: str, admin_email: str) -> str:
    """The clinic and its first admin's invitation; the summary to print."""
    try:
        # Checked before the clinic is made, so a typo does not leave a clinic without an admin.
        required_name(admin_name, "admin's name")
        normalised_email(admin_email)
    except SettingsRuleBroken as broken:
        raise SystemExit(broken.message) from None
    clinic = _created(http, "/clinics", {"name": clinic_name, "time_zone": time_zone})
    invitation = _created(
        http,
        f"/clinics/{clinic['clinic_id']}/invitations",
        {
            "kind": "staff",
            "name": admin_name,
            "email": admin_email,
            "permissions": FIRST_ADMIN_PERMISSIONS,
            "all_locations": True,
        },
    )
    until = datetime.fromisoformat(invitation["expires_at"]).astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return "\n".join(
        [
            f"Clinic {clinic['name']} ({clinic['clinic_id']}), time zone {clinic['time_zone']}.",
            f"Its first admin, {invitation['name']} <{invitation['email']}>, is invited until {until}.",
            "Send them this link to choose their password:",
            f"  {invitation['link']}",
        ]
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m clinic_settings.bootstrap",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--url", default="http://127.0.0.1:8001", help="the settings service")
    parser.add_argument("--clinic-name", required=True)
    parser.add_argument("--time-zone", required=True, help="an IANA time zone, such as Europe/London")
    parser.add_argument("--admin-name", required=True)
    parser.add_argument("--admin-email", required=True)
    args = parser.parse_args(argv)
    with operator_client(args.url, "the command") as http:
        print(
            start_clinic(
                http,
                clinic_name=args.clinic_name,
                time_zone=args.time_zone,
                admin_name=args.admin_name,
                admin_email=args.admin_email,
            )
        )
