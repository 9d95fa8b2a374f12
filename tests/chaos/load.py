"""A steady load through the gateway: portal users submit (and now and then withdraw) requests,
a scheduler approves or declines the pending ones. Every answer is recorded with its time, so the
suite can say what the gateway answered while a fault lasted.

Each call opens a new connection (no keep-alive), as many separate clients would: the kernel
spreads them over the gateway's replicas, and a replica killed mid-call loses only that call.
A submission answered 5xx, or lost with its connection, is sent again with the same idempotency
key, as a client should; a client timeout is a hang, which the suite counts and refuses.
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

import httpx

from clinic_settings import demo_data as demo
from tests.chaos.clinic import CASES, COPY, PortalCase
from tests.gateway.gateway_api import new_key

# Well above the gateway's own timeout for a service (SERVICE_TIMEOUT_SECONDS in the suite's stack).
CLIENT_TIMEOUT_SECONDS = 30
HANG = "hang"
CONNECTION_LOST = "connection-lost"


@dataclass(frozen=True)
class Answer:
    at: float  # time.monotonic()
    call: str
    outcome: str  # the status code, HANG or CONNECTION_LOST
    problem_json: bool


class Client:
    """The gateway as one signed-in user, a new connection per call."""

    def __init__(self, gateway: str, email: str, answers: list[Answer]) -> None:
        self.http = httpx.Client(
            base_url=gateway,
            timeout=CLIENT_TIMEOUT_SECONDS,
            limits=httpx.Limits(max_keepalive_connections=0),
        )
        self.answers = answers
        session = self.http.post("/api/session", json={"email": email, "password": demo.DEMO_PASSWORD})
        assert session.status_code == 200, session.text
        self.http.headers["Authorization"] = f"Bearer {session.json()['token']}"

    def call(self, label: str, method: str, path: str, **kwargs) -> httpx.Response | None:
        """The answer, or None when there was none (recorded as a hang or a lost connection)."""
        try:
            response = self.http.request(method, path, **kwargs)
        except httpx.TimeoutException:
            self.answers.append(Answer(time.monotonic(), label, HANG, False))
            return None
        except httpx.TransportError:
            self.answers.append(Answer(time.monotonic(), label, CONNECTION_LOST, False))
            return None
        problem = response.headers.get("content-type", "").startswith("application/problem+json")
        self.answers.append(Answer(time.monotonic(), label, str(response.status_code), problem))
        return response

    def close(self) -> None:
        self.http.close()


class Load:
    def __init__(self, gateway: str) -> None:
        self.gateway = gateway
        self.answers: list[Answer] = []
        # request id -> when its submission was answered 2xx (time.time(), to compare with the database's)
        self.accepted: dict[str, float] = {}
        self.submissions_sent = 0
        self.decisions_sent = 0
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self._errors: list[BaseException] = []
        self._lock = threading.Lock()

    def start(self) -> None:
        self.started = time.monotonic()
        workers = [(self._portal_user, case) for case in CASES] + [(self._scheduler, None)]
        for work, case in workers:
            thread = threading.Thread(target=self._run, args=(work, case), daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        self._stopping.set()
        for thread in self._threads:
            thread.join(timeout=2 * CLIENT_TIMEOUT_SECONDS)
        self.seconds = time.monotonic() - self.started
        if self._errors:
            raise self._errors[0]

    def answers_between(self, start: float, end: float) -> Counter:
        return Counter(answer.outcome for answer in self.answers if start <= answer.at <= end)

    def _run(self, work, case) -> None:
        try:
            work(case)
        except BaseException as error:
            self._errors.append(error)

    def _portal_user(self, case: PortalCase) -> None:
        client = Client(self.gateway, case.email, self.answers)
        randomly = random.Random(str(case.case_id))
        while not self._stopping.is_set():
            times = self._free_times(client, case)
            if times:
                request_id = self._submit(client, case, randomly.choice(times))
                # Now and then the portal user changes their mind at once.
                if request_id and randomly.random() < 0.2:
                    with self._lock:
                        self.decisions_sent += 1
                    client.call("withdraw", "POST", f"/api/portal/requests/{request_id}/withdraw")
            self._stopping.wait(0.3)
        client.close()

    def _free_times(self, client: Client, case: PortalCase) -> list[str]:
        params = {
            "visit_type_id": str(case.visit_type_id),
            "date_from": str(date.today() + timedelta(days=2)),
            "date_to": str(date.today() + timedelta(days=16)),
        }
        response = client.call("slots", "GET", f"/api/portal/cases/{case.case_id}/slots", params=params)
        if response is None or response.status_code != 200:
            return []
        return [slot["start"] for slot in response.json()["slots"]]

    def _submit(self, client: Client, case: PortalCase, start: str) -> str | None:
        body = {
            "idempotency_key": new_key(),
            "patient_id": str(case.patient_id),
            "case_id": str(case.case_id),
            "visit_type_id": str(case.visit_type_id),
            "location_id": str(case.location_id),
            "start": start,
            "note": "chaos",
        }
        with self._lock:
            self.submissions_sent += 1
        # Sent again, same key, while the answer is a 5xx or none: until it is known either way.
        for _attempt in range(20):
            response = client.call("submit", "POST", "/api/portal/requests", json=body)
            if response is not None and response.status_code < 500:
                if response.status_code in (201, 202):
                    request_id = response.json()["request_id"]
                    self.accepted.setdefault(request_id, time.time())
                    return request_id
                return None
            if self._stopping.wait(1):
                break
        return None

    def _scheduler(self, _case) -> None:
        client = Client(self.gateway, SCHEDULER_EMAIL, self.answers)
        randomly = random.Random(1)
        while not self._stopping.is_set():
            page = client.call("pending", "GET", "/api/scheduler/requests", params={"status": "pending", "limit": 20})
            if page is not None and page.status_code == 200:
                for request in page.json()["items"]:
                    if self._stopping.is_set() or randomly.random() < 0.3:
                        continue  # left pending: some stay so at the end
                    with self._lock:
                        self.decisions_sent += 1
                    path = f"/api/scheduler/requests/{request['request_id']}"
                    if randomly.random() < 0.7:
                        client.call("approve", "POST", f"{path}/approve")
                    else:
                        client.call("decline", "POST", f"{path}/decline", json={"reason": "Not this week, sorry."})
            self._stopping.wait(0.5)
        client.close()


SCHEDULER_EMAIL = COPY.email("scheduler.downtown@harborview.example")
