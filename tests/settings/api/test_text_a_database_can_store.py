"""A NUL character (U+0000) in a body is refused with a 422 problem: PostgreSQL's text cannot hold
it, so it used to reach the database and come back a 500 (found by the fuzz, tests/fuzz). Refused
in front of every app (servicekit.valid_unicode), with the lone surrogates."""

import pytest

from tests.settings.settings_api import Practice, SettingsApi

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]


async def test_a_name_with_a_nul_character_is_refused(api: SettingsApi, practice: Practice) -> None:
    response = await api.http.post(f"{practice.clinic_path}/patients", json={"name": "Lily\x00 Chen"})
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert "NUL" in response.text


async def test_so_is_one_deep_inside_the_body(api: SettingsApi, practice: Practice) -> None:
    closures = [{"first_day": "2027-01-01", "last_day": "2027-01-01", "reason": "New\x00 Year"}]
    body = {"name": "Uptown", "time_zone": "America/New_York", "closures": closures}
    response = await api.http.post(f"{practice.clinic_path}/locations", json=body)
    assert response.status_code == 422, response.text
    assert "NUL" in response.text


async def test_and_one_in_a_bare_list_body_or_a_query(api: SettingsApi, practice: Practice) -> None:
    """Bodies that are a list (a location's closures) and query strings pass no model's validator:
    the check stands in front of the app (servicekit.valid_unicode)."""
    closures = [{"first_day": "2027-01-01", "last_day": "2027-01-01", "reason": "New\x00 Year"}]
    response = await api.http.put(f"/locations/{practice.location['location_id']}/closures", json=closures)
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["location"] == ["body", 0, "reason"]
    assert "NUL" in response.text
    response = await api.http.get(f"{practice.clinic_path}/changes", params={"entity_id": "a\x00b"})
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["location"] == ["query", "entity_id"]
