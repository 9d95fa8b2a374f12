from datetime import timedelta

from clinic_settings.domain.sign_in_limits import BackOff, account_key, address_key

BACK_OFF = BackOff(threshold=5, first=timedelta(seconds=1), longest=timedelta(minutes=15))


def test_no_wait_below_the_threshold() -> None:
    assert [BACK_OFF.wait_after(failures) for failures in range(5)] == [None] * 5


def test_the_wait_doubles_from_the_threshold_up_to_the_longest() -> None:
    waits = [BACK_OFF.wait_after(failures).total_seconds() for failures in range(5, 16)]
    assert waits == [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900]
    assert BACK_OFF.wait_after(10_000) == timedelta(minutes=15)


def test_an_email_has_one_counter_whatever_its_case() -> None:
    assert account_key(" Wei.Chen@Example.ORG") == account_key("wei.chen@example.org")
    assert account_key("wei.chen@example.org") != address_key("wei.chen@example.org")
    assert "wei" not in account_key("wei.chen@example.org")
