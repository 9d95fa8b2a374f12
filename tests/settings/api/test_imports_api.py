"""Importing over real HTTP into the running settings service (PostgreSQL, Kafka): the report, the
refusal as a problem, who may import, the import route's larger body limit, and the command line."""

import os
import subprocess
import sys
from pathlib import Path
from uuid import UUID

import httpx
import pytest

from servicekit.actor_tokens import Actor
from servicekit.http_body_limit import DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_IMPORT_BODY_BYTES
from tests.settings.import_files import csv_set, exported_clinic, fhir_bundle
from tests.settings.settings_api import SettingsApi, assert_problem

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]


def imports(clinic: dict, dry_run: bool = False) -> str:
    return f"/clinics/{clinic['clinic_id']}/imports?dry_run={str(dry_run).lower()}"


async def count(api: SettingsApi, clinic: dict) -> dict[str, int]:
    path = f"/clinics/{clinic['clinic_id']}"
    return {kind: len(await api.ok("GET", f"{path}/{kind}")) for kind in ("locations", "patients", "patient-cases")}


async def test_an_import_answers_with_its_report_and_again_with_nothing_changed(api: SettingsApi) -> None:
    clinic = await api.clinic()
    body = {"csv": csv_set(exported_clinic(patients=3))}
    dry = await api.http.post(imports(clinic, dry_run=True), json=body)
    assert dry.status_code == 200, dry.text
    assert (dry.json()["dry_run"], dry.json()["applied"]) == (True, False)
    assert await count(api, clinic) == {"locations": 0, "patients": 0, "patient-cases": 0}

    first = await api.http.post(imports(clinic), json=body)
    assert first.status_code == 200 and first.json()["applied"] is True
    assert first.json()["counts"]["created"] == 2 + 3 + 3 + 3 + 3
    assert [row["outcome"] for row in dry.json()["rows"]] == [row["outcome"] for row in first.json()["rows"]]
    patient_row = next(row for row in first.json()["rows"] if row["kind"] == "patient")
    assert (patient_row["file"], patient_row["row"], patient_row["external_id"]) == ("patients.csv", 2, "P-00001")
    patient = await api.ok("GET", f"/patients/{patient_row['entity_id']}")
    assert patient["name"] == "Patient 00001" and patient["clinic_id"] == clinic["clinic_id"]

    again = (await api.http.post(imports(clinic), json={"fhir": fhir_bundle(exported_clinic(patients=3))})).json()
    # The same clinic as a bundle: every entity unchanged; its PractitionerRoles have no rows of their own.
    assert again["counts"] == {"created": 0, "changed": 0, "unchanged": 14, "refused": 0, "ignored": 0}
    assert await count(api, clinic) == {"locations": 2, "patients": 3, "patient-cases": 3}


async def test_a_refused_import_is_a_problem_with_every_bad_row_and_applies_nothing(api: SettingsApi) -> None:
    clinic = await api.clinic()
    files = csv_set(exported_clinic(patients=2))
    files["patients.csv"] += "P-9,,1990-01-01\r\nP-10,Ann,01/02/1990\r\n"
    refused = assert_problem(await api.http.post(imports(clinic), json={"csv": files}), 422, "import-refused")
    bad = [(row["row"], row["code"]) for row in refused["rows"] if row["outcome"] == "refused"]
    assert bad == [(4, "name-required"), (5, "invalid-date")]
    assert refused["applied"] is False and "nothing was imported" in refused["detail"]
    assert await count(api, clinic) == {"locations": 0, "patients": 0, "patient-cases": 0}


async def test_a_body_of_neither_or_both_formats_is_invalid(api: SettingsApi) -> None:
    clinic = await api.clinic()
    assert_problem(await api.http.post(imports(clinic), json={}), 422, "invalid-request")
    assert_problem(await api.http.post(imports(clinic), json={"csv": {}, "fhir": {}}), 422, "invalid-request")
    missing = f"/clinics/{UUID(int=7)}/imports"
    assert_problem(await api.http.post(missing, json={"csv": {}}), 404, "clinic-not-found")


async def test_only_admin_staff_of_the_clinic_or_the_operator_may_import(stack, api: SettingsApi) -> None:
    clinic, other_clinic = await api.clinic(), await api.clinic()
    admin = await api.staff_user(clinic, permissions=["admin"])
    scheduler = await api.staff_user(clinic, permissions=["scheduling"])
    elsewhere = await api.staff_user(other_clinic, permissions=["admin"])
    portal = await api.portal_user(clinic)
    clinic_id = UUID(clinic["clinic_id"])
    callers = {
        "admin": (Actor.staff_user(UUID(admin["staff_user_id"]), clinic_id), 200),
        "scheduler": (Actor.staff_user(UUID(scheduler["staff_user_id"]), clinic_id), 403),
        "admin of another clinic": (
            Actor.staff_user(UUID(elsewhere["staff_user_id"]), UUID(other_clinic["clinic_id"])),
            404,
        ),
        "portal user": (Actor.portal_user(UUID(portal["portal_user_id"]), clinic_id), 403),
    }
    body = {"csv": csv_set(exported_clinic(patients=1))}
    for who, (actor, status) in callers.items():
        async with httpx.AsyncClient(base_url=stack.url("settings"), auth=stack.actor_auth(actor, "settings")) as http:
            answer = await http.post(imports(clinic, dry_run=True), json=body, timeout=30)
        assert answer.status_code == status, f"{who}: {answer.text}"
    assert await count(api, clinic) == {"locations": 0, "patients": 0, "patient-cases": 0}


async def test_the_import_route_alone_takes_bodies_over_the_usual_limit(api: SettingsApi) -> None:
    clinic = await api.clinic()
    body = {"csv": csv_set(exported_clinic(patients=2000))}
    size = len(httpx.Request("POST", "/", json=body).content)
    assert DEFAULT_MAX_BODY_BYTES < size < DEFAULT_MAX_IMPORT_BODY_BYTES
    taken = await api.http.post(imports(clinic, dry_run=True), json=body, timeout=300)
    assert taken.status_code == 200, taken.text[:500]
    assert taken.json()["counts"]["created"] == 2 + 3 + 3 + 2000 + 2000
    elsewhere = await api.http.post(f"/clinics/{clinic['clinic_id']}/patients", json={"name": "x" * size})
    assert_problem(elsewhere, 413, "request-too-large")
    too_large = b"a" * (DEFAULT_MAX_IMPORT_BODY_BYTES + 1)
    refused = await api.http.post(imports(clinic), content=too_large, headers={"content-type": "application/json"})
    problem = assert_problem(refused, 413, "request-too-large")
    assert str(DEFAULT_MAX_IMPORT_BODY_BYTES) in problem["detail"]


def run_import(stack, clinic: dict, *arguments) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "clinic_settings.importing", "--url", stack.url("settings")]
    command += ["--clinic-id", clinic["clinic_id"], *map(str, arguments)]
    env = {**os.environ, **stack.operator_env()}
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)


async def test_the_command_line_imports_files_as_the_operator(stack, api: SettingsApi, tmp_path: Path) -> None:
    clinic = await api.clinic()
    for name, text in csv_set(exported_clinic(patients=2)).items():
        (tmp_path / name).write_text(text, encoding="utf-8", newline="")
    files = sorted(tmp_path.glob("*.csv"))

    dry = run_import(stack, clinic, "--dry-run", *files)
    assert dry.returncode == 0, dry.stdout + dry.stderr
    assert dry.stdout.startswith("Dry run: would import: created 12.")
    assert await count(api, clinic) == {"locations": 0, "patients": 0, "patient-cases": 0}
    done = run_import(stack, clinic, *files)
    assert (done.returncode, done.stdout.strip()) == (0, "Imported: created 12."), done.stderr
    assert (run_import(stack, clinic, *files).stdout.strip()) == "Imported: unchanged 12."

    (tmp_path / "patients.csv").write_text("external_id,name,date_of_birth\nP-00003,Zed,tomorrow\n")
    refused = run_import(stack, clinic, tmp_path / "patients.csv")
    assert refused.returncode == 1
    assert "Refused, nothing imported" in refused.stdout
    assert "patients.csv row 2 P-00003 refused invalid-date" in refused.stdout
    bundle = tmp_path / "clinic.json"
    bundle.write_text("{}")
    assert run_import(stack, clinic, bundle, files[0]).returncode == 2
    unsigned = subprocess.run(
        [sys.executable, "-m", "clinic_settings.importing", "--clinic-id", clinic["clinic_id"], str(files[0])],
        env={name: value for name, value in os.environ.items() if name != "INTERNAL_TOKEN_SIGNING_KEY"},
        capture_output=True,
        text=True,
    )
    assert unsigned.returncode != 0 and "INTERNAL_TOKEN_SIGNING_KEY" in unsigned.stderr
