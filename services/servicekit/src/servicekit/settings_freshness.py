"""Judging a command by the settings as they are now, not as the replica last heard of them.

A service's settings replica follows the settings topics a moment behind the settings service
(outbox relay, broker, consumer). A gate an admin has just switched (a case, a location, the
clinic) must hold for the very next submission, so the caller says which revisions of the
settings it saw (it read them from the settings service itself), and the service waits until
its replica holds at least those before judging. The revisions are only a lower bound: a caller
that names too old a revision gains nothing, since the judgement still reads this service's
replica, which only the settings topics fill.

On the wire: the header `Settings-Seen: ENTITY_TYPE:ENTITY_ID:REVISION, ...`, e.g.
`PatientCaseChanged:2f0c…:7`.
"""

import asyncio
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass

from clinic_contracts.events import StateEvent
from servicekit.problems import Problem

HEADER = "Settings-Seen"
# A submission names five entities; more than this is not a caller of ours.
MAX_SEEN = 16
# How often the replica is looked at again while it catches up: a settings change reaches it in
# tens of milliseconds when all is well.
POLL_SECONDS = 0.02

_ONE = re.compile(r"^([A-Za-z]{1,64}):([0-9A-Za-z-]{1,64}):([0-9]{1,18})$")


@dataclass(frozen=True)
class SeenRevision:
    entity_type: str
    entity_id: str
    revision: int


def seen_header(*states: StateEvent | None) -> str:
    """The header value naming the revisions of these states (None: not read, so not named)."""
    return ", ".join(f"{state.event_type}:{state.entity_id}:{state.revision}" for state in states if state is not None)


def parse_seen(value: str | None) -> tuple[SeenRevision, ...]:
    if not value or not value.strip():
        return ()
    parts = [part.strip() for part in value.split(",")]
    if len(parts) > MAX_SEEN:
        raise _invalid(f"At most {MAX_SEEN} revisions may be named.")
    seen = []
    for part in parts:
        match = _ONE.match(part)
        if match is None:
            raise _invalid(f"'{part[:80]}' is not ENTITY_TYPE:ENTITY_ID:REVISION.")
        seen.append(SeenRevision(match[1], match[2], int(match[3])))
    return tuple(seen)


class SettingsCatchingUp(Problem):
    """The replica did not reach the revisions in time: answer 503, the caller tries again."""

    RETRY_AFTER_SECONDS = 1

    def __init__(self, behind: Iterable[SeenRevision]) -> None:
        names = ", ".join(sorted({seen.entity_type for seen in behind}))
        super().__init__(
            503,
            "settings-catching-up",
            "The settings have not reached this service yet",
            f"A change to the clinic's settings ({names}) is still on its way here; try again in a moment.",
        )


async def wait_until_caught_up(runtime, seen: tuple[SeenRevision, ...], timeout_seconds: float) -> None:
    """Returns once the replica holds each named entity at the revision seen or a newer one;
    raises SettingsCatchingUp after `timeout_seconds`."""
    if not seen or runtime.settings_replica.known_to_hold({(i.entity_type, i.entity_id): i.revision for i in seen}):
        return
    deadline = time.monotonic() + timeout_seconds
    while True:
        async with runtime.reading_sessions() as session:
            held = await runtime.settings_replica.revisions(
                session, [(item.entity_type, item.entity_id) for item in seen]
            )
        behind = [item for item in seen if held.get((item.entity_type, item.entity_id), -1) < item.revision]
        if not behind:
            return
        if time.monotonic() >= deadline:
            raise SettingsCatchingUp(behind)
        await asyncio.sleep(POLL_SECONDS)


def _invalid(detail: str) -> Problem:
    return Problem(422, "invalid-settings-seen", f"The {HEADER} header is not valid", detail)
