"""The outbox, inbox and settings replica against both real databases, the relay against real Kafka."""

import asyncio
import os
import uuid
from pathlib import Path

import pytest
from faststream.kafka import KafkaBroker
from sqlalchemy import event, update

from clinic_availability.adapters.orm import metadata
from clinic_availability.bootstrap import MIGRATIONS
from clinic_contracts import EventEnvelope
from clinic_contracts.events import ClinicSettingsChanged, PatientCaseChanged
from clinic_contracts.events.settings import CaseStatus
from clinic_contracts.topics import CLINIC_SETTINGS
from servicekit.db import create_engine, reading_session_factory, session_factory
from servicekit.inbox import Inbox
from servicekit.kafka_security import broker_security
from servicekit.migrations import upgrade_to_head
from servicekit.outbox import Outbox, OutboxRelay
from servicekit.settings_replica import SettingsReplica
from tests.conftest import recreate_database
from tests.examples import REQUEST_POLICY
from tests.kafka_tools import eventually, kafka_settings, read_topic


def clinic(clinic_id: uuid.UUID, revision: int, name: str) -> ClinicSettingsChanged:
    return ClinicSettingsChanged(
        clinic_id=clinic_id,
        name=name,
        time_zone="America/Denver",
        appointment_requests_enabled=True,
        request_policy=REQUEST_POLICY,
        revision=revision,
    )


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def sessions(request, tmp_path: Path):
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'kit.db'}"
    else:
        server = request.getfixturevalue("postgres_url")
        prefix = os.environ.get("TEST_DATABASE_PREFIX", "test")
        url = await recreate_database(server, f"{prefix}_servicekit")
    engine = create_engine(url)
    await upgrade_to_head(engine, MIGRATIONS)
    await upgrade_to_head(engine, MIGRATIONS)  # a second start-up migrates nothing and fails nothing
    yield session_factory(engine)
    await engine.dispose()


async def test_the_inbox_admits_an_event_once_per_consumer(sessions) -> None:
    inbox, event_id = Inbox(metadata), uuid.uuid4()
    async with sessions.begin() as session:
        assert await inbox.first_delivery(session, "replica", event_id)
    async with sessions.begin() as session:
        assert not await inbox.first_delivery(session, "replica", event_id)
        assert await inbox.first_delivery(session, "another-consumer", event_id)


async def test_the_inbox_forgets_an_event_whose_effect_rolled_back(sessions) -> None:
    inbox, event_id = Inbox(metadata), uuid.uuid4()
    with pytest.raises(RuntimeError):
        async with sessions.begin() as session:
            await inbox.first_delivery(session, "replica", event_id)
            raise RuntimeError("the effect failed")
    async with sessions.begin() as session:
        assert await inbox.first_delivery(session, "replica", event_id)


async def test_the_replica_keeps_the_newest_revision(sessions) -> None:
    replica, clinic_id = SettingsReplica(metadata), uuid.uuid4()
    async with sessions.begin() as session:
        assert await replica.apply(session, clinic(clinic_id, 2, "Second"), clinic_id)
        assert not await replica.apply(session, clinic(clinic_id, 1, "First"), clinic_id)
        assert not await replica.apply(session, clinic(clinic_id, 2, "Second again"), clinic_id)
        assert await replica.apply(session, clinic(clinic_id, 3, "Third"), clinic_id)
    async with sessions() as session:
        stored = await replica.get(session, ClinicSettingsChanged, str(clinic_id))
        assert (stored.revision, stored.name) == (3, "Third")
        assert [c.clinic_id for c in await replica.all_of(session, ClinicSettingsChanged, clinic_id)] == [clinic_id]


async def test_the_replica_remembers_the_revisions_it_was_seen_to_hold(sessions) -> None:
    """A submission's `Settings-Seen` check (servicekit.settings_freshness) asks first whether the
    revisions named were already seen held: no query then. Only what a query found counts, and
    only up to the revision found: a newer one is asked of the database again."""
    replica, clinic_id = SettingsReplica(metadata), uuid.uuid4()
    key = ("ClinicSettingsChanged", str(clinic_id))
    async with sessions.begin() as session:
        await replica.apply(session, clinic(clinic_id, 2, "Second"), clinic_id)
    assert not replica.known_to_hold({key: 1})  # applied, but not yet seen by a query
    async with sessions() as session:
        assert await replica.revisions(session, [key]) == {key: 2}
    assert replica.known_to_hold({key: 1}) and replica.known_to_hold({key: 2})
    assert not replica.known_to_hold({key: 3})
    assert not replica.known_to_hold({key: 2, ("ClinicSettingsChanged", str(uuid.uuid4())): 0})
    async with sessions.begin() as session:
        await replica.apply(session, clinic(clinic_id, 3, "Third"), clinic_id)
    async with sessions() as session:
        assert await replica.revisions(session, [key]) == {key: 3}
    assert replica.known_to_hold({key: 3})


async def test_the_replica_reads_several_states_in_one_call_leaving_out_what_it_does_not_hold(sessions) -> None:
    replica, first, second, absent = SettingsReplica(metadata), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    async with sessions.begin() as session:
        await replica.apply(session, clinic(first, 1, "First"), first)
        await replica.apply(session, clinic(second, 4, "Second"), second)
    wanted = [(ClinicSettingsChanged, str(key)) for key in (first, second, absent)]
    async with sessions() as session:
        found = await replica.get_many(session, wanted)
    assert {key: (state.name, state.revision) for key, state in found.items()} == {
        (ClinicSettingsChanged, str(first)): ("First", 1),
        (ClinicSettingsChanged, str(second)): ("Second", 4),
    }


def case_of(clinic_id: uuid.UUID, patient_id: uuid.UUID, title: str) -> PatientCaseChanged:
    return PatientCaseChanged(
        case_id=uuid.uuid4(),
        clinic_id=clinic_id,
        patient_id=patient_id,
        title=title,
        primary_therapist_id=uuid.uuid4(),
        location_id=uuid.uuid4(),
        status=CaseStatus.ACTIVE,
        allow_appointment_requests=True,
        requestable_visit_type_ids=(),
        revision=1,
    )


async def test_the_replica_reads_only_the_entities_whose_fields_match_in_the_database(sessions) -> None:
    """`where` filters in SQL (a JSON field of the stored state), on SQLite and PostgreSQL alike."""
    replica, clinic_id, other_clinic = SettingsReplica(metadata), uuid.uuid4(), uuid.uuid4()
    lily, noah = uuid.uuid4(), uuid.uuid4()
    cases = [
        case_of(clinic_id, lily, "Gait"),
        case_of(clinic_id, noah, "Toe walking"),
        case_of(clinic_id, lily, "Balance"),
    ]
    async with sessions.begin() as session:
        for case in [*cases, case_of(other_clinic, lily, "Elsewhere")]:
            await replica.apply(session, case, case.clinic_id)
    async with sessions() as session:
        lilys = await replica.all_of(session, PatientCaseChanged, clinic_id, where={"patient_id": str(lily)})
        everyone = await replica.all_of(session, PatientCaseChanged, clinic_id)
        nobody = await replica.all_of(session, PatientCaseChanged, clinic_id, where={"patient_id": str(uuid.uuid4())})
    assert sorted(case.title for case in lilys) == ["Balance", "Gait"]
    assert len(everyone) == 3 and nobody == []


async def test_the_replica_reads_a_state_a_newer_release_stored_before_a_rollback(sessions) -> None:
    """Read as events are read (clinic_contracts.codec): a field this model does not know is ignored."""
    replica, clinic_id = SettingsReplica(metadata), uuid.uuid4()
    async with sessions.begin() as session:
        await replica.apply(session, clinic(clinic_id, 1, "First"), clinic_id)
        newer = {**clinic(clinic_id, 1, "First").model_dump(mode="json"), "brand_colour": "#2b6cb0"}
        await session.execute(update(replica.table).values(state=newer))
    async with sessions() as session:
        assert (await replica.get(session, ClinicSettingsChanged, str(clinic_id))).name == "First"
        assert len(await replica.get_many(session, [(ClinicSettingsChanged, str(clinic_id))])) == 1
        assert len(await replica.all_of(session, ClinicSettingsChanged, clinic_id)) == 1


async def test_a_rolled_back_change_leaves_nothing_in_the_outbox(sessions) -> None:
    outbox, clinic_id = Outbox(metadata), uuid.uuid4()
    with pytest.raises(RuntimeError):
        async with sessions.begin() as session:
            await outbox.add_event(session, clinic(clinic_id, 1, "Never"), key=str(clinic_id), clinic_id=clinic_id)
            raise RuntimeError("the state change failed")
    async with sessions() as session:
        rows = (await session.execute(outbox.table.select().where(outbox.table.c.message_key == str(clinic_id)))).all()
    assert rows == []


async def test_the_relay_is_woken_when_the_event_is_committed_not_when_it_is_staged(sessions) -> None:
    """Woken at staging, the relay would look before the commit, see nothing, and sleep a whole
    poll interval with the event waiting (issue 13)."""
    outbox, clinic_id = Outbox(metadata), uuid.uuid4()
    async with sessions.begin() as session:
        await outbox.add_event(session, clinic(clinic_id, 1, "Staged"), key=str(clinic_id), clinic_id=clinic_id)
        assert not outbox.wake.is_set()
    assert outbox.wake.is_set()
    outbox.wake.clear()
    with pytest.raises(RuntimeError):
        async with sessions.begin() as session:
            await outbox.add_event(
                session, clinic(clinic_id, 2, "Rolled back"), key=str(clinic_id), clinic_id=clinic_id
            )
            raise RuntimeError("the state change failed")
    assert not outbox.wake.is_set()


@pytest.mark.kafka
async def test_the_relay_publishes_staged_events_in_order_exactly_once(sessions, kafka) -> None:
    outbox, clinic_id = Outbox(metadata), uuid.uuid4()
    async with sessions.begin() as session:
        for revision in (1, 2, 3):
            await outbox.add_event(
                session, clinic(clinic_id, revision, f"r{revision}"), key=str(clinic_id), clinic_id=clinic_id
            )
    broker = KafkaBroker(
        kafka.bootstrap, security=broker_security(kafka_settings(kafka)), acks="all", enable_idempotence=True
    )
    await broker.start()
    try:
        relay = OutboxRelay(outbox, sessions, broker)
        assert await relay.relay_once() == 3
        assert await relay.relay_once() == 0  # sent rows are never sent again
    finally:
        await broker.stop()
    records = [r for r in await read_topic(kafka, CLINIC_SETTINGS.name) if r.key == str(clinic_id).encode()]
    revisions = [EventEnvelope.from_bytes(r.value).payload["revision"] for r in records]
    assert revisions == [1, 2, 3]


@pytest.mark.kafka
async def test_an_idle_relay_looks_with_one_query_and_relays_what_another_replica_staged(sessions, kafka) -> None:
    """Not woken by a commit of its own, the relay looks outside a transaction (one query, no
    BEGIN, no relays' lock) and relays only when something is unsent: here a row another
    replica's outbox staged, which wakes only that replica."""
    engine = sessions.kw["bind"]
    ours, another_replicas = Outbox(metadata), Outbox(metadata)
    broker = KafkaBroker(
        kafka.bootstrap, security=broker_security(kafka_settings(kafka)), acks="all", enable_idempotence=True
    )
    relay = OutboxRelay(ours, sessions, broker, poll_seconds=0.05, reading_sessions=reading_session_factory(engine))
    statements: list[str] = []

    def note(connection, cursor, statement, *rest) -> None:
        statements.append(" ".join(statement.split()))

    await broker.start()
    relay.start()
    try:
        await asyncio.sleep(0.3)  # its first round (a relay at start) is over
        event.listen(engine.sync_engine, "before_cursor_execute", note)
        await asyncio.sleep(0.5)
        idle = list(statements)
        assert len(idle) >= 3, idle  # it did look, every poll
        assert all(s.startswith("SELECT outbox.id FROM outbox WHERE outbox.published_at IS NULL") for s in idle), idle

        clinic_id = uuid.uuid4()
        async with sessions.begin() as session:
            await another_replicas.add_event(
                session, clinic(clinic_id, 1, "Staged elsewhere"), key=str(clinic_id), clinic_id=clinic_id
            )

        async def sent() -> bool:
            async with sessions() as session:
                table = ours.table
                unsent = (await session.execute(table.select().where(table.c.published_at.is_(None)))).first()
            return unsent is None

        await eventually(sent, timeout=10)
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", note)
        await relay.stop()
        await broker.stop()
    records = [r for r in await read_topic(kafka, CLINIC_SETTINGS.name) if r.key == str(clinic_id).encode()]
    assert len(records) == 1


async def test_the_replica_reads_the_clinics_of_what_it_finds_in_the_same_query(sessions) -> None:
    """`their_clinics` (a submission names a case, and is judged by the case's clinic): the clinic
    of each entity found comes too, by the rows' clinic_id on SQLite and PostgreSQL alike; another
    clinic does not, nor the clinic of an entity the replica does not hold."""
    replica = SettingsReplica(metadata)
    ours, theirs, unrelated = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    our_case, their_case = case_of(ours, uuid.uuid4(), "Toe walking"), case_of(theirs, uuid.uuid4(), "Speech")
    async with sessions.begin() as session:
        for clinic_id in (ours, theirs, unrelated):
            await replica.apply(session, clinic(clinic_id, 2, f"Clinic {clinic_id}"), clinic_id)
        await replica.apply(session, our_case, ours)
        await replica.apply(session, their_case, theirs)
    statements: list[str] = []

    def note(connection, cursor, statement, *rest) -> None:
        statements.append(statement)

    engine = sessions.kw["bind"].sync_engine
    event.listen(engine, "before_cursor_execute", note)
    try:
        async with sessions() as session:
            wanted = [(PatientCaseChanged, str(our_case.case_id)), (PatientCaseChanged, str(uuid.uuid4()))]
            found = await replica.get_many(session, wanted, their_clinics=True)
            both = [(PatientCaseChanged, str(our_case.case_id)), (PatientCaseChanged, str(their_case.case_id))]
            found_both = await replica.get_many(session, both, their_clinics=True)
    finally:
        event.remove(engine, "before_cursor_execute", note)
    assert len([statement for statement in statements if "settings_replica" in statement]) == 2
    assert set(found) == {(PatientCaseChanged, str(our_case.case_id)), (ClinicSettingsChanged, str(ours))}
    assert found[ClinicSettingsChanged, str(ours)].revision == 2
    assert {key for key in found_both if key[0] is ClinicSettingsChanged} == {
        (ClinicSettingsChanged, str(ours)),
        (ClinicSettingsChanged, str(theirs)),
    }
