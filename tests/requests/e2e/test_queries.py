"""Lists, the scheduler's badge and one request, as each kind of viewer sees them."""

import uuid

import pytest

from tests.requests.e2e.conftest import RequestsService, before_hours

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]


async def test_lists_and_the_badge_show_each_viewer_their_own(service: RequestsService) -> None:
    world = await service.new_world()
    branch_family = await service.another_family(world, location=world.branch)
    admin = await service.admin.staff(world.clinic_id, "Ari", permissions=("admin",))
    await service.settle(admin)
    mornings = await service.mornings(world)

    soonest = await service.pending(world, mornings[0])
    at_branch = await service.pending(
        world, (await service.mornings(world, case=branch_family.case))[1], **branch_family.asking()
    )
    # Refused by availability (the therapist starts at nine): listed, but not pending.
    later = await service.submitted(world, before_hours(mornings[3]))
    await service.until_status(later["request_id"], "refused")

    async def listed(**params) -> tuple[list[str], int]:
        response = await service.http.get("/requests", params=params)
        assert response.status_code == 200, response.text
        page = response.json()
        return [item["request_id"] for item in page["items"]], page["total"]

    ours = {"visible_to_staff": str(world.scheduler.staff_user_id)}
    assert await listed(**ours, order="soonest") == ([soonest["request_id"], later["request_id"]], 2)
    assert await listed(**ours, status="pending") == ([soonest["request_id"]], 1)
    assert await listed(**ours, order="soonest", limit=1, offset=1) == ([later["request_id"]], 2)
    assert await listed(**ours, starts_from=later["start"]) == ([later["request_id"]], 1)
    branch = {"visible_to_staff": str(world.branch_scheduler.staff_user_id)}
    assert await listed(**branch) == ([at_branch["request_id"]], 1)
    assert await listed(portal_user_id=str(branch_family.portal_user.portal_user_id)) == ([at_branch["request_id"]], 1)
    assert (await listed(location_id=str(world.branch.location_id)))[1] == 1
    assert (await listed(therapist_id=str(world.therapist.therapist_id), **ours))[1] == 2
    assert (await listed(patient_id=str(branch_family.patient.patient_id)))[0] == [at_branch["request_id"]]

    badge = await service.http.get("/requests/pending-count", params=ours)
    assert badge.json() == {"pending": 1}
    assert (await service.http.get("/requests/pending-count", params=branch)).json() == {"pending": 1}

    hidden = await service.http.get(f"/requests/{at_branch['request_id']}", params=ours)
    assert hidden.status_code == 404
    shown = await service.http.get(f"/requests/{at_branch['request_id']}", params=branch)
    assert shown.status_code == 200 and shown.json()["history"][0]["action"] == "submitted"

    not_a_scheduler = await service.http.get("/requests", params={"visible_to_staff": str(admin.staff_user_id)})
    assert not_a_scheduler.status_code == 403 and not_a_scheduler.json()["code"] == "staff-may-not-schedule"
    unknown = await service.http.get("/requests", params={"visible_to_staff": str(uuid.uuid4())})
    assert unknown.status_code == 422 and unknown.json()["code"] == "unknown-staff-user"
    bad_status = await service.http.get("/requests", params={"status": "thinking"})
    assert bad_status.status_code == 422 and bad_status.json()["code"] == "invalid-request"
