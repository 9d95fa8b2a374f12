"""Lists, the scheduler's badge and one request, as each kind of viewer sees them."""

import uuid

import httpx
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

    async def listed(auth: httpx.Auth | None = None, **params) -> tuple[list[str], int]:
        response = await service.http.get("/requests", params=params, auth=auth or service.http.auth)
        assert response.status_code == 200, response.text
        page = response.json()
        return [item["request_id"] for item in page["items"]], page["total"]

    ours = {"auth": service.as_staff(world.scheduler.staff_user_id)}
    assert await listed(**ours, order="soonest") == ([soonest["request_id"], later["request_id"]], 2)
    assert await listed(**ours, status="pending") == ([soonest["request_id"]], 1)
    assert await listed(**ours, order="soonest", limit=1, offset=1) == ([later["request_id"]], 2)
    assert await listed(**ours, starts_from=later["start"]) == ([later["request_id"]], 1)
    branch = {"auth": service.as_staff(world.branch_scheduler.staff_user_id)}
    assert await listed(**branch) == ([at_branch["request_id"]], 1)
    family = service.as_portal_user(branch_family.portal_user.portal_user_id)
    assert await listed(auth=family) == ([at_branch["request_id"]], 1)
    assert (await listed(location_id=str(world.branch.location_id)))[1] == 1
    assert (await listed(therapist_id=str(world.therapist.therapist_id), **ours))[1] == 2
    assert (await listed(patient_id=str(branch_family.patient.patient_id)))[0] == [at_branch["request_id"]]

    badge = await service.http.get("/requests/pending-count", **ours)
    assert badge.json() == {"pending": 1}
    assert (await service.http.get("/requests/pending-count", **branch)).json() == {"pending": 1}

    hidden = await service.http.get(f"/requests/{at_branch['request_id']}", **ours)
    assert hidden.status_code == 404
    shown = await service.http.get(f"/requests/{at_branch['request_id']}", **branch)
    assert shown.status_code == 200 and shown.json()["history"][0]["action"] == "submitted"

    not_a_scheduler = await service.http.get("/requests", auth=service.as_staff(admin.staff_user_id))
    assert not_a_scheduler.status_code == 403 and not_a_scheduler.json()["code"] == "staff-may-not-schedule"
    unknown = await service.http.get("/requests", auth=service.as_staff(uuid.uuid4()))
    assert unknown.status_code == 422 and unknown.json()["code"] == "unknown-staff-user"
    bad_status = await service.http.get("/requests", params={"status": "thinking"})
    assert bad_status.status_code == 422 and bad_status.json()["code"] == "invalid-request"


async def test_another_familys_request_answers_as_if_it_did_not_exist(service: RequestsService) -> None:
    """The actor token says who asks; a valid token of another family gets exactly the answer
    an id that exists nowhere gets (the ids aside)."""
    world = await service.new_world()
    request = await service.pending(world, (await service.mornings(world))[0])
    stranger = service.as_portal_user((await service.another_family(world)).portal_user.portal_user_id)
    owner = service.as_portal_user(world.portal_user.portal_user_id)
    theirs, missing = request["request_id"], str(uuid.uuid4())

    assert (await service.http.get(f"/requests/{theirs}", auth=owner)).status_code == 200
    for path in ("/requests/{}", "/requests/{}/cancel"):
        method = "POST" if path.endswith("cancel") else "GET"
        hidden = await service.http.request(method, path.format(theirs), auth=stranger)
        absent = await service.http.request(method, path.format(missing), auth=stranger)
        assert hidden.status_code == absent.status_code == 404
        assert hidden.text.replace(theirs, "<id>") == absent.text.replace(missing, "<id>")
    listed = await service.http.get("/requests", auth=stranger)
    assert listed.json()["total"] == 0


async def test_a_schedulers_step_on_a_request_they_may_not_see_answers_as_reading_it_does(
    service: RequestsService,
) -> None:
    """The service takes a scheduler's step only on a request they may see (the gateway does not
    ask first): for one they may not, the very refusal reading it gives (the ids aside), and the
    request is left as it was."""
    world = await service.new_world()
    admin = await service.admin.staff(world.clinic_id, "Ari", permissions=("admin",))
    await service.settle(admin)
    request = await service.pending(world, (await service.mornings(world))[0])
    theirs, missing = request["request_id"], str(uuid.uuid4())
    actors = {
        "another location's scheduler": service.as_staff(world.branch_scheduler.staff_user_id),
        "not a scheduler": service.as_staff(admin.staff_user_id),
    }
    for name, auth in actors.items():
        for request_id in (theirs, missing):
            read = await service.http.get(f"/requests/{request_id}", auth=auth)
            step = await service.http.post(f"/requests/{request_id}/decline", json={"reason": "Away"}, auth=auth)
            assert read.status_code in (403, 404), name
            assert step.status_code == read.status_code, name
            assert _without_instance(step.json()) == _without_instance(read.json()), name
    kept = await service.http.get(f"/requests/{theirs}")
    assert kept.json()["status"] == "pending"
    declined = await service.http.post(
        f"/requests/{theirs}/decline", json={"reason": "Away"}, auth=service.as_staff(world.scheduler.staff_user_id)
    )
    assert declined.status_code == 200 and declined.json()["status"] == "declined", declined.text


def _without_instance(problem: dict) -> dict:
    """A problem as it reads whatever path it answered (its `instance`)."""
    return {key: value for key, value in problem.items() if key != "instance"}
