"""Import a clinic's data from another system into the settings service (docs/import.md).

    INTERNAL_TOKEN_SIGNING_KEY=operator-key:... python -m clinic_settings.importing \\
        --url http://127.0.0.1:8001 --clinic-id CLINIC_ID [--dry-run] FILE...

FILE is any of locations.csv, visit_types.csv, therapists.csv, patients.csv and patient_cases.csv
(read by their names, in any folder), or one FHIR R4 Bundle as a .json file. It calls as the
operator, as the demo loader does. All rows are applied in one transaction or none is; --dry-run
applies nothing and prints what the import would do. Exit status: 0 when imported (or, with
--dry-run, when it would be), 1 when a row was refused, 2 when the files cannot be sent.
"""

import argparse
import json
import os
import sys
from pathlib import Path

import httpx

from servicekit.actor_http import actor_auth
from servicekit.actor_tokens import Actor, SystemActor

# A large clinic takes a while in one transaction; the default of a few seconds is for single calls.
IMPORT_TIMEOUT_SECONDS = 600


class CannotSend(Exception):
    """The files cannot make an import (exit status 2)."""


def import_document(paths: list[Path]) -> dict:
    """The request body: {"csv": {name: text, ...}} or {"fhir": bundle}."""
    bundles = [path for path in paths if path.suffix.lower() == ".json"]
    if bundles and (len(bundles) > 1 or len(paths) > 1):
        raise CannotSend("Give one FHIR Bundle (.json) alone, or CSV files.")
    try:
        if bundles:
            return {"fhir": json.loads(bundles[0].read_text(encoding="utf-8"))}
        names = [path.name for path in paths]
        if len(set(names)) < len(names):
            raise CannotSend("Two files of the same name: each kind of CSV file once.")
        return {"csv": {path.name: path.read_text(encoding="utf-8") for path in paths}}
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CannotSend(f"Cannot read the files: {error}") from None


def summary(report: dict) -> str:
    counts = ", ".join(f"{outcome} {count}" for outcome, count in report["counts"].items() if count)
    if report.get("applied"):
        verdict = "Imported"
    elif report.get("dry_run") and not report["counts"].get("refused"):
        verdict = "Dry run: would import"
    else:
        verdict = "Refused, nothing imported"
    lines = [f"{verdict}: {counts or 'no rows'}."]
    for row in report["rows"]:
        if row["outcome"] in ("refused", "ignored") or row["ignored"]:
            where = row["file"] if row["row"] is None else f"{row['file']} row {row['row']}"
            said = f"{row['code']}: {row['message']}" if row["code"] else ""
            ignored = f" (not kept: {', '.join(row['ignored'])})" if row["ignored"] else ""
            lines.append(f"  {where} {row['external_id'] or ''} {row['outcome']} {said}{ignored}".rstrip())
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:8001", help="the settings service")
    parser.add_argument("--clinic-id", required=True, help="the clinic to import into")
    parser.add_argument("--dry-run", action="store_true", help="apply nothing; report what would happen")
    parser.add_argument("--json", action="store_true", help="print the whole report as JSON")
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    args = parser.parse_args(argv)
    signing_key = os.environ.get("INTERNAL_TOKEN_SIGNING_KEY")
    if not signing_key:
        sys.exit("INTERNAL_TOKEN_SIGNING_KEY is not set: the import signs its call as the operator")
    try:
        body = import_document(args.files)
    except CannotSend as cannot:
        print(cannot, file=sys.stderr)
        sys.exit(2)
    auth = actor_auth(signing_key, Actor.system(SystemActor.OPERATOR), "settings")
    with httpx.Client(base_url=args.url, auth=auth, timeout=IMPORT_TIMEOUT_SECONDS) as http:
        response = http.post(
            f"/clinics/{args.clinic_id}/imports", params={"dry_run": str(args.dry_run).lower()}, json=body
        )
    report = response.json() if response.headers.get("content-type", "").endswith("json") else None
    if report is None or "rows" not in report:
        print(f"The import failed ({response.status_code}): {response.text}", file=sys.stderr)
        sys.exit(2)
    print(json.dumps(report, indent=2) if args.json else summary(report))
    sys.exit(0 if response.status_code == 200 else 1)


if __name__ == "__main__":
    main()
