"""The gateway's OpenAPI document is complete: every error answer is a documented problem with
examples, every request body has an example, every rule of the request workflow has its stable
`type` documented, and the documents the gateway restates are in step with the services'."""

import inspect
import pkgutil
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from pydantic import BaseModel

import clinic_requests.domain
import clinic_settings
from clinic_availability.entrypoints.http import documents as availability_documents
from clinic_gateway import demo_ids, documents
from clinic_gateway.routes import imports
from clinic_requests.domain.rules import BusinessRule
from clinic_requests.entrypoints import documents as request_documents
from clinic_settings import demo_data as demo
from clinic_settings.entrypoints.http import imports as settings_imports
from servicekit.problems import PROBLEM_BASE, PROBLEM_MEDIA_TYPE
from tests.gateway.gateway_api import offline_gateway_app

# What anyone may call without signing in, so nobody is refused as a caller.
PUBLIC = {
    "POST /api/session",
    "POST /api/invitations/lookup",
    "POST /api/invitations/accept",
    "POST /api/password-resets",
    "POST /api/password-resets/complete",
}


@pytest.fixture(scope="module")
def openapi() -> dict:
    return offline_gateway_app().openapi()


def operations(openapi: dict):
    for path, by_method in openapi["paths"].items():
        if path.startswith("/api/"):
            for method, operation in by_method.items():
                yield f"{method.upper()} {path}", operation


def test_every_error_answer_is_a_problem_with_examples(openapi) -> None:
    assert "Problem" in openapi["components"]["schemas"]
    for name, operation in operations(openapi):
        responses = operation["responses"]
        assert {"422", "503"} <= set(responses), name
        if name not in PUBLIC:
            # One's own account (/api/me...) is never another's: nothing there answers 403 or 404.
            assert {"401", "403", "404"} <= set(responses) or name.split()[1].startswith("/api/me"), name
        for status, response in responses.items():
            if int(status) < 400:
                continue
            content = response["content"]
            assert list(content) == [PROBLEM_MEDIA_TYPE], (name, status)
            examples = content[PROBLEM_MEDIA_TYPE]["examples"]
            assert examples, (name, status)
            for code, example in examples.items():
                assert example["value"]["type"] == PROBLEM_BASE + code and example["value"]["status"] == int(status)


def test_every_request_body_and_success_has_a_schema_and_examples(openapi) -> None:
    for name, operation in operations(openapi):
        if body := operation.get("requestBody"):
            assert body["content"]["application/json"].get("examples"), f"{name} has no body example"
        success = [response for status, response in operation["responses"].items() if int(status) < 300]
        assert success and all(
            response.get("content", {}).get("application/json", {}).get("schema") for response in success
        ), name


def _rule_codes() -> set[str]:
    codes = set()
    for module in pkgutil.iter_modules(clinic_requests.domain.__path__, "clinic_requests.domain."):
        for _, member in inspect.getmembers(__import__(module.name, fromlist=["_"]), inspect.isclass):
            if issubclass(member, BusinessRule) and member is not BusinessRule:
                codes.add(member.code)
    return codes


def test_every_rule_of_the_request_workflow_has_its_type_documented(openapi) -> None:
    documented = _documented_codes(openapi)
    transitions = {"request-not-pending", "request-not-approved", "edit-in-progress", "idempotency-key-reused"}
    workflow = _rule_codes() | transitions
    assert len(workflow) > 20
    assert workflow - documented == set()


def _documented_codes(openapi: dict, prefix: str = "/api/") -> set[str]:
    return {
        code
        for name, operation in operations(openapi)
        if name.split(" ")[1].startswith(prefix)
        for response in operation["responses"].values()
        for code in response.get("content", {}).get(PROBLEM_MEDIA_TYPE, {}).get("examples", {})
    }


# Rules of the settings service that no call of the admin API's settings routes breaks: passwords
# are set by their owner, signing in names a clinic only when one email has accounts in several, and
# an overlong name is refused by the request body's own limit first (`invalid-request`).
NOT_ADMINS_TO_BREAK = {
    "password-too-short",
    "password-too-long",
    "clinic-required",
    "concurrent-change",
    "name-too-long",
    # A person's own calendar feeds (/api/me/calendar-feeds), not the clinic's settings.
    "calendar-feed-therapist-required",
    "calendar-feed-therapist-not-allowed",
    "too-many-calendar-feeds",
}


def test_every_settings_rule_an_admin_can_break_is_documented_in_the_admin_api(openapi) -> None:
    """The rules of the settings themselves; an import's rules about its files are its report's."""
    package = Path(clinic_settings.__file__).parent
    sources = [*package.joinpath("domain").glob("*.py"), *package.joinpath("service_layer").glob("*.py")]
    source = "\n".join(path.read_text() for path in sources if "import" not in path.name)
    codes = set(re.findall(r'Settings(?:RuleBroken|Conflict)\(\s*"([a-z-]+)"', source))
    assert {"unknown-time-zone", "email-taken", "date-of-birth-out-of-range", "last-admin"} <= codes
    assert codes - NOT_ADMINS_TO_BREAK - _documented_codes(openapi, "/api/admin/") == set()


@pytest.mark.parametrize(
    ("gateway_document", "service_document"),
    [
        (documents.AppointmentRequestWithHistory, request_documents.RequestWithHistoryDocument),
        (documents.RequestPage, request_documents.RequestPage),
        (documents.HistoryEntry, request_documents.HistoryDocument),
        (documents.ProposedEdit, request_documents.ProposedEditDocument),
        (documents.Slots, availability_documents.SlotsDocument),
        (documents.Slot, availability_documents.SlotDocument),
        (documents.Appointment, availability_documents.AppointmentDocument),
        (documents.WorkingHours, availability_documents.WorkingHoursDocument),
        (documents.WorkingPeriod, availability_documents.WorkingPeriodDocument),
        (documents.TimeOff, availability_documents.TimeOffDocument),
        (imports.ImportReport, settings_imports.ImportReportDocument),
        (imports.ImportedRow, settings_imports.ImportedRow),
        (imports.ImportBody, settings_imports.ImportDocument),
        (documents.WaitlistEntry, request_documents.WaitlistEntryDocument),
        (documents.Waitlist, request_documents.WaitlistDocument),
    ],
)
def test_restated_documents_match_the_services(
    gateway_document: type[BaseModel], service_document: type[BaseModel]
) -> None:
    assert set(gateway_document.model_fields) == set(service_document.model_fields)


def test_calendar_items_are_the_services_plus_names() -> None:
    names = set(documents.Names.model_fields)
    assert set(documents.CalendarItem.model_fields) - names == set(
        availability_documents.CalendarItemDocument.model_fields
    )
    assert set(documents.SnapshotItem.model_fields) - names == set(
        availability_documents.SnapshotItemDocument.model_fields
    )
    assert set(documents.Snapshot.model_fields) == set(availability_documents.SnapshotDocument.model_fields)
    calendar = set(availability_documents.CalendarDocument.model_fields) | {"date_from", "date_to"}
    assert set(documents.Calendar.model_fields) == calendar


def test_the_examples_ids_are_the_demo_clinics() -> None:
    assert demo_ids.DOWNTOWN == str(demo.DOWNTOWN)
    assert (demo_ids.TREATMENT, demo_ids.RE_EVALUATION) == (str(demo.TREATMENT), str(demo.RE_EVALUATION))
    assert demo_ids.DANA == str(demo.demo_id("therapist/Dana Whitfield"))
    assert (demo_ids.LILY, demo_ids.OWEN) == (
        str(demo.demo_id("patient/Lily Chen")),
        str(demo.demo_id("patient/Owen Chen")),
    )
    assert demo_ids.LILYS_CASE == str(demo.demo_id("case/Lily Chen/Toe walking"))
    assert demo_ids.WEI == str(
        next(user["portal_user_id"] for user in demo.PORTAL_USERS if user["email"].startswith("wei."))
    )


def test_every_example_is_valid_by_its_schema(openapi) -> None:
    components = {"components": openapi["components"]}
    checked = 0
    for name, operation in operations(openapi):
        contents = [operation["requestBody"]["content"]] if "requestBody" in operation else []
        contents += [response["content"] for response in operation["responses"].values() if "content" in response]
        for content in contents:
            for media in content.values():
                validator = Draft202012Validator({**media["schema"], **components})
                for example_name, example in media.get("examples", {}).items():
                    errors = list(validator.iter_errors(example["value"]))
                    assert not errors, f"{name}, example {example_name}: {errors[0].message}"
                    checked += 1
    assert checked > 100
