"""Two replicas of every service under a steady load through the gateway, while, in turn, one
replica of each service is SIGKILLed (and started again), the Kafka broker is restarted and the
PostgreSQL server is restarted. Once the load stops and the system has converged: every request
the gateway accepted has settled and the calendar agrees with it (lost = 0), no event was applied
twice (duplicates = 0), no therapist's time is held twice (overlaps = 0), and the gateway answered
every call, with problem+json 502/503/504 while a dependency was down, never a hang.

The figures (load, faults, time to converge after each) are printed at the end of the run
(tests/chaos/conftest.py) and written to build/chaos/figures.json.
"""

import time
from collections import Counter
from collections.abc import Callable

import pytest
from stack import LocalStack

from tests.chaos import ledger
from tests.chaos.clinic import COPY
from tests.chaos.conftest import REPLICAS
from tests.chaos.figures import FIGURES, Fault
from tests.chaos.load import CONNECTION_LOST, HANG, Load
from tests.infrastructure import DedicatedPostgres, LocalKafka

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]

# After each repair, every request accepted before it settles within this (the broker's consumer
# groups rebalance after a member is lost: their session timeout, then the rejoin, dominate).
CONVERGENCE_BOUND_SECONDS = 180
# How long each fault lasts before it is repaired, with the load running.
DOWNTIME_SECONDS = 5
GATEWAY_DOWN_ANSWERS = {"502", "503", "504"}


def test_replica_kills_and_broker_and_database_restarts_lose_nothing_and_double_nothing(
    chaos_stack: LocalStack, chaos_kafka: LocalKafka, chaos_postgres: DedicatedPostgres
) -> None:
    gateway = COPY.load(chaos_stack)
    requests_db = chaos_stack.database_urls["requests"]
    availability_db = chaos_stack.database_urls["availability"]
    load = Load(gateway)
    FIGURES.replicas = REPLICAS
    FIGURES.convergence_bound_seconds = CONVERGENCE_BOUND_SECONDS

    # When each fault began and when it was repaired (time.monotonic()).
    windows: dict[str, tuple[float, float]] = {}

    def inject(name: str, break_it: Callable[[], None], repair: Callable[[], None]) -> None:
        began = time.monotonic()
        break_it()
        time.sleep(DOWNTIME_SECONDS)
        repair()
        repaired_at, repaired = time.time(), time.monotonic()
        windows[name] = (began, repaired)
        fault = Fault(name, seconds_down=repaired - began)
        FIGURES.faults.append(fault)
        fault.seconds_to_converge = converge(requests_db, repaired_at, repaired)
        fault.answers = dict(load.answers_between(began, time.monotonic()))
        assert fault.seconds_to_converge is not None, f"{name}: not converged in {CONVERGENCE_BOUND_SECONDS} s"

    load.start()
    time.sleep(10)  # the load under way before the first fault
    try:
        for number, service in enumerate(("settings", "availability", "requests", "notifications", "gateway")):
            replica = number % REPLICAS + 1
            inject(
                f"SIGKILL {service}-{replica}",
                lambda service=service, replica=replica: chaos_stack.kill_replica(service, replica),
                lambda service=service, replica=replica: chaos_stack.restart_replica(service, replica),
            )
        inject("restart Kafka broker", chaos_kafka.stop, chaos_kafka.start)
        inject("restart PostgreSQL", chaos_postgres.stop, chaos_postgres.start)
        time.sleep(5)  # the load goes on a moment on the repaired system
    finally:
        load.stop()
        FIGURES.seconds = load.seconds
        FIGURES.submissions_sent = load.submissions_sent
        FIGURES.accepted = len(load.accepted)
        FIGURES.decisions_sent = load.decisions_sent
    stopped_at = time.time()
    assert converge(requests_db, stopped_at, time.monotonic()) is not None, "not converged after the load"

    # Every request the gateway accepted is there, settled, and the calendar agrees with it.
    statuses = ledger.statuses(requests_db)
    missing = [request_id for request_id in load.accepted if request_id not in statuses]
    unsettled = [request_id for request_id in load.accepted if statuses.get(request_id) in ledger.UNSETTLED]
    disagreements = ledger.calendar_disagreements(requests_db, availability_db)
    FIGURES.final_statuses = dict(
        Counter(statuses[request_id] for request_id in load.accepted if request_id in statuses)
    )
    FIGURES.lost = len(missing) + len(unsettled) + len(disagreements)
    # Nothing applied twice: one request per idempotency key, one hold and one appointment per request.
    twice = ledger.duplicate_submissions(requests_db) + ledger.requests_held_or_booked_twice(availability_db)
    FIGURES.duplicates = len(twice)
    overlaps = ledger.overlapping_items(availability_db)
    FIGURES.overlaps = len(overlaps)
    answers = Counter(answer.outcome for answer in load.answers)
    FIGURES.hangs = answers[HANG]

    assert load.accepted, "the load had no request accepted"
    assert not missing and not unsettled, f"lost: missing {missing[:5]}, unsettled {unsettled[:5]}"
    assert not disagreements, f"the calendar disagrees with {len(disagreements)} requests: {disagreements[:5]}"
    assert not twice, f"applied twice: {twice[:5]}"
    assert not overlaps, f"overlapping calendar items: {overlaps[:5]}"
    assert answers[HANG] == 0, f"{answers[HANG]} calls got no answer within the client's timeout"
    # A failure is a problem+json 502/503/504 from the gateway, never a 500 or a bare error page.
    failures = [answer for answer in load.answers if answer.outcome.startswith("5")]
    assert all(answer.outcome in GATEWAY_DOWN_ANSWERS and answer.problem_json for answer in failures), Counter(
        (answer.call, answer.outcome, answer.problem_json) for answer in failures
    )
    # While the database was down the gateway said so (its services could not answer).
    down_from, down_until = windows["restart PostgreSQL"]
    assert any(a.outcome in GATEWAY_DOWN_ANSWERS for a in load.answers if down_from <= a.at <= down_until), (
        "no 5xx while PostgreSQL was down"
    )
    # A call is lost with its connection only when the gateway replica it reached was killed.
    gateway_killed = [window for name, window in windows.items() if name.startswith("SIGKILL gateway")]
    lost_connections = [a for a in load.answers if a.outcome == CONNECTION_LOST]
    assert all(any(began <= a.at <= ended for began, ended in gateway_killed) for a in lost_connections), [
        (a.call, round(a.at - load.started, 1)) for a in lost_connections
    ]
    chaos_stack.wait_ready(timeout=60)


def converge(requests_db: str, since: float, started: float) -> float | None:
    """Seconds until no request last changed before `since` awaits the calendar; None past the bound."""
    while time.monotonic() - started < CONVERGENCE_BOUND_SECONDS:
        try:
            if ledger.unsettled_since(requests_db, since) == 0:
                return time.monotonic() - started
        except Exception:
            pass
        time.sleep(0.5)
    return None
