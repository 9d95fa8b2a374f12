"""A submission is judged by the settings its caller saw, or newer: the request service waits for
its copy of the settings to reach the revisions named in `Settings-Seen` (what the gateway read
from the settings service a moment before), and says 503 when they do not come."""

import pytest

from clinic_contracts.events import PatientCaseChanged
from servicekit.settings_freshness import HEADER, seen_header
from tests.requests.e2e.conftest import RequestsService, in_days

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]


async def test_a_case_closed_a_moment_ago_refuses_the_next_submission(service: RequestsService) -> None:
    world = await service.new_world()
    for _ in range(3):
        closed = await service.admin.state(
            PatientCaseChanged, "PUT", f"/patient-cases/{world.case.case_id}/appointment-requests", {"enabled": False}
        )
        refused = await service.submit(world, in_days(3), headers={HEADER: seen_header(world.portal_user, closed)})
        assert refused.status_code == 422, refused.text
        assert refused.json()["code"] == "case-not-requestable"

        opened = await service.admin.state(
            PatientCaseChanged, "PUT", f"/patient-cases/{world.case.case_id}/appointment-requests", {"enabled": True}
        )
        # A start inside the minimum notice: judged by the open case, refused by the notice alone.
        judged = await service.submit(world, in_days(0.5), headers={HEADER: seen_header(opened)})
        assert judged.status_code == 422, judged.text
        assert judged.json()["code"] == "within-minimum-notice"


async def test_settings_that_never_arrive_answer_503_and_store_nothing(service: RequestsService) -> None:
    world = await service.new_world()
    ahead = world.case.model_copy(update={"revision": world.case.revision + 1000})
    answer = await service.submit(world, in_days(3), headers={HEADER: seen_header(ahead)})
    assert answer.status_code == 503, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert answer.json()["code"] == "settings-catching-up"
    assert answer.headers["Retry-After"] == "1"
    listed = await service.http.get("/requests", auth=service.as_portal_user(world.portal_user.portal_user_id))
    assert listed.json()["total"] == 0


MALFORMED = [
    "PatientCaseChanged",
    "PatientCaseChanged:abc",
    "Patient Case:1:2",
    "PatientCaseChanged:x:-1",
    "A:b:1," * 20,
]


async def test_a_malformed_header_is_a_422_problem(service: RequestsService) -> None:
    world = await service.new_world()
    for header in MALFORMED:
        answer = await service.submit(world, in_days(3), headers={HEADER: header})
        assert answer.status_code == 422, answer.text
        assert answer.json()["code"] == "invalid-settings-seen"
