"""Dead letters: what the consumers gave up on, listed, and replayed once the cause is fixed.

    python -m servicekit.dead_letters list [--topic T] [--group G] [--reason TEXT] [--json]
    python -m servicekit.dead_letters replay --topic T --offset N [--offset M ...]
    python -m servicekit.dead_letters replay --event-id ID [--event-id ID ...]
    python -m servicekit.dead_letters replay --all [--topic T] [--group G] [--reason TEXT]

--topic names the original topic (or its dead-letter topic); without it, every topic's. The broker
and the operator's Kafka user come as for `python -m clinic_contracts.admin`: --bootstrap (default
KAFKA_BOOTSTRAP_SERVERS), KAFKA_USERNAME and KAFKA_PASSWORD, or KAFKA_CREDENTIALS_FILE.

Reading the dead-letter topics joins no consumer group and commits nothing.

A replay publishes the dead letter's bytes again to its original topic and partition under its
original key, with an x-replayed-from header naming the dead-letter record. Every consumer group of
that topic receives the copy; a group that handled the event already drops it (its inbox knows the
event id), so a replay has one effect. The tool then appends a marker to the dead-letter topic (an
empty record with x-replay-of): `list` shows the dead letter as replayed and `replay` skips it from
then on, unless --force.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from aiokafka import AIOKafkaProducer, ConsumerRecord

from clinic_contracts import EventEnvelope
from clinic_contracts.admin import client_options_from_env
from clinic_contracts.topics import ALL_TOPICS, DEAD_LETTER_SUFFIX
from servicekit.kafka_commands import KafkaCommand
from servicekit.topic_reading import read_to_end

REPLAYED_FROM = "x-replayed-from"
REPLAY_OF = "x-replay-of"
REPLAYED_TO = "x-replayed-to"


@dataclass(frozen=True)
class DeadLetter:
    dead_letter_topic: str
    partition: int
    offset: int
    dead_lettered_at: str
    original_topic: str
    original_partition: int | None
    original_offset: int | None
    consumer_group: str
    reason: str
    key: str | None
    event_id: str | None
    event_type: str | None
    # Where a replay of it went ("topic:partition:offset"), if it was replayed.
    replayed_to: str | None

    @property
    def address(self) -> str:
        return record_address(self.dead_letter_topic, self.partition, self.offset)

    @property
    def original_address(self) -> str:
        return record_address(self.original_topic, self.original_partition, self.original_offset)


def record_address(topic: str, partition: int | None, offset: int | None) -> str:
    """A record as an operator names it (and x-replayed-to records it): "topic:partition:offset"."""
    return f"{topic}:{partition}:{offset}"


@dataclass(frozen=True)
class Selection:
    """Which dead letters: all that match every criterion given."""

    topics: tuple[str, ...] = ()
    offsets: tuple[int, ...] = ()
    event_ids: tuple[str, ...] = ()
    consumer_group: str | None = None
    reason: str | None = None

    def matches(self, letter: DeadLetter) -> bool:
        return (
            (not self.topics or letter.original_topic in self.topics)
            and (not self.offsets or letter.offset in self.offsets)
            and (not self.event_ids or letter.event_id in self.event_ids)
            and (self.consumer_group is None or letter.consumer_group == self.consumer_group)
            and (self.reason is None or self.reason.lower() in letter.reason.lower())
        )


def original_topic_name(name: str) -> str:
    """A topic named either way, as the topic whose dead letters are meant; unknown names refused."""
    original = name.removesuffix(DEAD_LETTER_SUFFIX)
    if original not in {topic.name for topic in ALL_TOPICS}:
        raise ValueError(f"no topic {name!r}; the topics are {', '.join(t.name for t in ALL_TOPICS)}")
    return original


async def read_dead_letters(
    bootstrap: str, client_options: Mapping[str, Any], topics: Sequence[str] = ()
) -> list[DeadLetter]:
    """Every dead letter on the dead-letter topics of `topics` (original names; default: all)."""
    names = [f"{name}{DEAD_LETTER_SUFFIX}" for name in (topics or [topic.name for topic in ALL_TOPICS])]
    records = await read_to_end(bootstrap, client_options, names)
    replayed = {
        (record.topic, _header(record, REPLAY_OF)): _header(record, REPLAYED_TO)
        for record in records
        if _header(record, REPLAY_OF) is not None
    }
    return [
        _dead_letter(record, replayed.get((record.topic, f"{record.partition}:{record.offset}")))
        for record in records
        if _header(record, REPLAY_OF) is None
    ]


def _header(record: ConsumerRecord, name: str) -> str | None:
    for key, value in record.headers or ():
        if key == name:
            return value.decode("utf-8", "replace")
    return None


def _dead_letter(record: ConsumerRecord, replayed_to: str | None) -> DeadLetter:
    try:
        envelope = EventEnvelope.from_bytes(record.value)
        event_id, event_type = str(envelope.event_id), f"{envelope.event_type} v{envelope.schema_version}"
    except ValueError:
        event_id = event_type = None
    partition, offset = _header(record, "x-original-partition"), _header(record, "x-original-offset")
    return DeadLetter(
        dead_letter_topic=record.topic,
        partition=record.partition,
        offset=record.offset,
        dead_lettered_at=datetime.fromtimestamp(record.timestamp / 1000, UTC).isoformat(timespec="seconds"),
        original_topic=_header(record, "x-original-topic") or record.topic.removesuffix(DEAD_LETTER_SUFFIX),
        original_partition=int(partition) if partition is not None else None,
        original_offset=int(offset) if offset is not None else None,
        consumer_group=_header(record, "x-consumer-group") or "",
        reason=_header(record, "x-dead-letter-reason") or "",
        key=record.key.decode("utf-8", "replace") if record.key is not None else None,
        event_id=event_id,
        event_type=event_type,
        replayed_to=replayed_to,
    )


@dataclass(frozen=True)
class Replay:
    replayed: list[tuple[DeadLetter, str]]  # each dead letter and where its copy went
    skipped: list[DeadLetter]  # replayed before


async def replay(
    bootstrap: str, client_options: Mapping[str, Any], chosen: Iterable[DeadLetter], *, force: bool = False
) -> Replay:
    """Publish the chosen dead letters again to their original topics, each original record once
    (several consumer groups may have dead-lettered the same one), and mark them replayed."""
    chosen = list(chosen)
    # Values and keys are read again here: DeadLetter keeps what an operator reads, not the bytes.
    records = {
        (r.topic, r.partition, r.offset): r
        for r in await read_to_end(bootstrap, client_options, sorted({d.dead_letter_topic for d in chosen}))
    }
    skipped = [letter for letter in chosen if letter.replayed_to and not force]
    pending = [letter for letter in chosen if letter not in skipped]
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, **client_options, acks="all", enable_idempotence=True)
    await producer.start()
    replayed: list[tuple[DeadLetter, str]] = []
    try:
        copies: dict[str, str] = {}
        for letter in pending:
            if letter.original_address not in copies:
                record = records[(letter.dead_letter_topic, letter.partition, letter.offset)]
                sent = await producer.send_and_wait(
                    letter.original_topic,
                    record.value,
                    key=record.key,
                    partition=letter.original_partition,
                    headers=[(REPLAYED_FROM, letter.address.encode())],
                )
                copies[letter.original_address] = record_address(sent.topic, sent.partition, sent.offset)
            copy = copies[letter.original_address]
            await producer.send_and_wait(
                letter.dead_letter_topic,
                b"",
                partition=letter.partition,
                headers=[(REPLAY_OF, f"{letter.partition}:{letter.offset}".encode()), (REPLAYED_TO, copy.encode())],
            )
            replayed.append((letter, copy))
    finally:
        await producer.stop()
    return Replay(replayed, skipped)


def table(letters: Sequence[DeadLetter]) -> str:
    columns = ("DEAD LETTER", "ORIGINAL", "CONSUMER GROUP", "EVENT", "REASON", "REPLAYED TO")
    rows = [
        (
            letter.address,
            letter.original_address,
            letter.consumer_group,
            f"{letter.event_type} {letter.event_id}" if letter.event_id else "-",
            _shortened(letter.reason, 70),
            letter.replayed_to or "-",
        )
        for letter in letters
    ]
    widths = [max(len(str(cell)) for cell in column) for column in zip(columns, *rows, strict=False)]
    lines = (
        "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=False)) for row in [columns, *rows]
    )
    return "\n".join(line.rstrip() for line in lines)


def _shortened(text: str, length: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


def main(argv: Sequence[str] | None = None) -> int:
    cli = KafkaCommand("servicekit.dead_letters", __doc__)
    listing = cli.command("list", help="the dead letters, oldest first per topic")
    replaying = cli.command("replay", help="publish dead letters again to their original topics")
    for command in (listing, replaying):
        command.add_argument("--topic", action="append", default=[], help="original (or .dlq) topic; repeatable")
        command.add_argument("--group", help="only those this consumer group gave up on")
        command.add_argument("--reason", help="only those whose reason contains this text")
    listing.add_argument("--json", action="store_true", help="one JSON array, every field")
    replaying.add_argument(
        "--offset", type=int, action="append", default=[], help="dead-letter offset (with one --topic)"
    )
    replaying.add_argument("--event-id", action="append", default=[])
    replaying.add_argument("--all", action="store_true", help="every dead letter matching --topic/--group/--reason")
    replaying.add_argument("--force", action="store_true", help="replay dead letters replayed before too")
    args = cli.parse(argv)
    try:
        topics = tuple(original_topic_name(name) for name in args.topic)
    except ValueError as error:
        cli.parser.error(str(error))
    selection = Selection(topics, consumer_group=args.group, reason=args.reason)
    if args.command == "replay":
        if not (args.offset or args.event_id or args.all):
            cli.parser.error("choose what to replay: --offset, --event-id or --all")
        if args.offset and len(topics) != 1:
            cli.parser.error("--offset needs exactly one --topic (offsets are per dead-letter topic)")
        selection = Selection(topics, tuple(args.offset), tuple(args.event_id), args.group, args.reason)
    options = client_options_from_env()
    every = asyncio.run(read_dead_letters(args.bootstrap, options, topics))
    letters = [letter for letter in every if selection.matches(letter)]
    if args.command == "list":
        print(json.dumps([asdict(letter) for letter in letters], indent=2) if args.json else table(letters))
        return 0
    if not letters:
        print("no dead letter matches", file=sys.stderr)
        return 1
    done = asyncio.run(replay(args.bootstrap, options, letters, force=args.force))
    for letter, copy in done.replayed:
        print(f"replayed {letter.address} ({letter.consumer_group}) to {copy}")
    for letter in done.skipped:
        print(f"skipped {letter.address}: replayed before, to {letter.replayed_to} (--force replays it again)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
