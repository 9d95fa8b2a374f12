"""Importing through the gateway as a clinic's admin: into a clinic of its own, so the demo clinic
the other tests share stays as it is."""

import uuid

import httpx
import pytest

from tests.gateway.gateway_api import Api
from tests.settings.import_files import csv_set, exported_clinic, fhir_bundle
from tests.settings.settings_api import PASSWORD

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]


@pytest.fixture(scope="module")
def new_clinics_admin(gateway, stack) -> Api:
    settings = httpx.Client(base_url=stack.url("settings"), auth=stack.operator_auth(), timeout=20)
    clinic = settings.post("/clinics", json={"name": "Bayside Therapy", "time_zone": "America/Chicago"}).json()
    email = f"admin.{uuid.uuid4().hex[:8]}@bayside.example"
    admin = {"name": "Bay Admin", "email": email, "password": PASSWORD, "permissions": ["admin"]}
    assert settings.post(f"/clinics/{clinic['clinic_id']}/staff-users", json=admin).status_code == 201
    api = Api(gateway, email, PASSWORD)
    yield api
    api.close()


def test_an_admin_imports_the_clinics_data_through_the_gateway(new_clinics_admin: Api) -> None:
    exported = exported_clinic(patients=1500)  # over the 64 KiB every other route takes
    body = {"csv": csv_set(exported)}
    dry = new_clinics_admin.call("POST", "/api/admin/imports", params={"dry_run": "true"}, json=body, timeout=300)
    assert dry.status_code == 200, dry.text[:300]
    assert new_clinics_admin.ok("GET", "/api/admin/patients") == []

    done = new_clinics_admin.call("POST", "/api/admin/imports", json=body, timeout=300)
    assert done.status_code == 200 and done.json()["applied"] is True, done.text[:300]
    assert [row["outcome"] for row in done.json()["rows"]] == [row["outcome"] for row in dry.json()["rows"]]
    assert len(new_clinics_admin.ok("GET", "/api/admin/patients")) == 1500

    again = new_clinics_admin.call("POST", "/api/admin/imports", json={"fhir": fhir_bundle(exported)}, timeout=300)
    assert again.status_code == 200 and set(again.json()["counts"].items()) >= {("unchanged", 3008), ("created", 0)}


def test_a_refused_import_is_relayed_as_the_settings_services_problem(new_clinics_admin: Api) -> None:
    body = {"csv": {"patients.csv": "external_id,name,date_of_birth\r\nP-X,Ann,1990-02-30\r\n"}}
    refused = new_clinics_admin.call("POST", "/api/admin/imports", json=body)
    assert refused.status_code == 422 and refused.headers["content-type"].startswith("application/problem+json")
    problem = refused.json()
    assert problem["code"] == "import-refused"
    assert [(row["row"], row["code"]) for row in problem["rows"]] == [(2, "invalid-date")]
    assert new_clinics_admin.call("POST", "/api/admin/imports", json={"xml": "<Bundle/>"}).status_code == 422
