"""How long a series may be: the clinic's `max_series_visits` (2..52), checked by one named rule."""

import pytest
from pydantic import ValidationError

from clinic_requests.domain.request_series import SeriesMustStayWithinClinicLength
from tests.requests.clinic_world import POLICY


@pytest.mark.parametrize(
    ("bound", "visits", "broken"), [(12, 12, False), (12, 13, True), (12, 1, True), (4, 2, False), (4, 5, True)]
)
def test_a_series_is_at_most_as_long_as_the_clinic_allows(bound: int, visits: int, broken: bool) -> None:
    policy = POLICY.model_copy(update={"max_series_visits": bound})
    assert SeriesMustStayWithinClinicLength(policy, visits).is_broken() is broken


def test_a_policy_stored_before_series_reads_as_twelve_visits() -> None:
    stored = POLICY.model_dump(exclude={"max_series_visits"})
    assert type(POLICY).model_validate(stored).max_series_visits == 12


@pytest.mark.parametrize("bound", [1, 53])
def test_the_clinic_bound_itself_is_between_2_and_52(bound: int) -> None:
    with pytest.raises(ValidationError):
        type(POLICY).model_validate({**POLICY.model_dump(), "max_series_visits": bound})
