"""Sign-in is throttled per email and per client address (the settings service keeps the counts,
the gateway passes its 429 and Retry-After on), and a burst of attempts cannot slip past the count.

Each test names its own client address in X-Forwarded-For (the test stack trusts 127.0.0.1 as a
proxy), so its failures never count against the 127.0.0.1 the rest of the suite signs in from."""

import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from clinic_settings import demo_data as demo
from tests.demo_clinic import new_caregiver
from tests.gateway.gateway_api import CAREGIVER, Api

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]

PER_ACCOUNT = 5  # the default threshold, which the test stack keeps
PER_ADDRESS = 20
BURST = 50


def new_portal_user(stack) -> str:
    email = f"rae.{uuid.uuid4().hex[:8]}@harborview.example"
    return new_caregiver(stack, "Rae Test", email)["email"]


def sign_in(http: httpx.Client, email: str, password: str, address: str) -> httpx.Response:
    return http.post("/api/session", json={"email": email, "password": password}, headers={"X-Forwarded-For": address})


def peak_memory_mib(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    kib = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:"))
    return kib / 1024


def test_a_burst_of_wrong_passwords_checks_at_most_the_threshold_and_the_user_then_signs_in(stack, gateway) -> None:
    email = new_portal_user(stack)
    address = "203.0.113.10"
    spellings = [email, email.upper(), email.capitalize()]  # one counter, whatever the case
    with httpx.Client(base_url=gateway, timeout=60) as http, ThreadPoolExecutor(BURST) as pool:
        answers = list(pool.map(lambda n: sign_in(http, spellings[n % 3], "not the password", address), range(BURST)))

        statuses = [answer.status_code for answer in answers]
        assert set(statuses) <= {401, 429}, [answer.text for answer in answers if answer.status_code not in (401, 429)]
        # Every 401 is a password checked; the rest were refused before any hashing.
        assert 1 <= statuses.count(401) <= PER_ACCOUNT, statuses
        throttled = [answer for answer in answers if answer.status_code == 429]
        assert len(throttled) >= BURST - PER_ACCOUNT
        for answer in throttled:
            assert answer.headers["content-type"].startswith("application/problem+json")
            assert answer.json()["code"] == "too-many-sign-in-attempts"
            assert int(answer.headers["Retry-After"]) == answer.json()["retry_after_seconds"] >= 1

        # The right password is refused too while the back-off lasts, and accepted after it.
        refused = sign_in(http, email, demo.DEMO_PASSWORD, address)
        assert refused.status_code == 429, refused.text
        for _ in range(3):
            time.sleep(int(refused.headers["Retry-After"]))
            signed_in = sign_in(http, email, demo.DEMO_PASSWORD, address)
            if signed_in.status_code != 429:
                break
            refused = signed_in
        assert signed_in.status_code == 200, signed_in.text
        # The success started the email's count afresh.
        assert sign_in(http, email, "not the password", address).status_code == 401

    # 64 MiB per password hash, at most two at once: far below the pod's 512 MiB.
    assert peak_memory_mib(stack.services["settings"].process.pid) < 400


def test_an_unknown_email_is_throttled_exactly_like_a_known_one(stack, gateway) -> None:
    known, unknown = new_portal_user(stack), f"nobody.{uuid.uuid4().hex[:8]}@harborview.example"
    with httpx.Client(base_url=gateway, timeout=60) as http:

        def answers(email: str, address: str) -> list[tuple[int, str]]:
            tries = [sign_in(http, email, "not the password", address) for _ in range(PER_ACCOUNT + 1)]
            return [(answer.status_code, answer.json()["code"]) for answer in tries]

        expected = [(401, "invalid-credentials")] * PER_ACCOUNT + [(429, "too-many-sign-in-attempts")]
        assert answers(known, "203.0.113.20") == answers(unknown, "203.0.113.21") == expected


def test_many_failures_from_one_address_refuse_it_for_every_email_but_not_other_addresses(stack, gateway) -> None:
    address = "203.0.113.30"
    with httpx.Client(base_url=gateway, timeout=60) as http:
        for _ in range(PER_ADDRESS):
            guess = sign_in(http, f"guess.{uuid.uuid4().hex[:8]}@harborview.example", "a guess", address)
            assert guess.status_code == 401, guess.text
        refused = sign_in(http, CAREGIVER, demo.DEMO_PASSWORD, address)
        assert refused.status_code == 429 and refused.json()["code"] == "too-many-sign-in-attempts"
    Api(gateway, CAREGIVER).close()  # from 127.0.0.1, as every other test: unaffected
