"""FULL_TRANSITIVE compatibility of the event contracts, over the history of their published schemas.

As Confluent's Schema Registry means it: a schema is compatible when a consumer of every earlier
published revision of the same event and version reads what producers now write (forward), and
the current model reads every event published under each of them (backward). So no field removed,
no field's type changed (no value a reader refuses: a null where there was none, an enum value
added or removed, a narrower or wider range), no required field added, no field made required or
left optional. Adding an optional field is compatible only because consumers read tolerantly
(clinic_contracts.codec): an older one ignores the field it does not know.

`contracts/schemas/published/<Event>.v<N>/<k>.json` is revision k as it was published (the
envelope's history is `published/EventEnvelope/`). A `<k>.accepted-break.md` beside one says why
revision k was published although it broke the rule; revisions before it are no longer compared,
as when a registry's subject drops its versions older than an agreed break.

    python -m clinic_contracts.compatibility            # check; exit 1 on a breaking change
    python -m clinic_contracts.compatibility --publish  # record changed schemas as new revisions
"""

import json
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clinic_contracts.schema_coverage import unreadable
from clinic_contracts.schemas import SNAPSHOT_DIR, current_schemas, render

PUBLISHED_DIR = SNAPSHOT_DIR / "published"
ACCEPTED_BREAK = ".accepted-break.md"

FORWARD = "forward"
BACKWARD = "backward"


@dataclass(frozen=True)
class Revision:
    number: int
    schema: dict[str, Any]
    accepted_break: bool = False


@dataclass(frozen=True)
class BreakingChange:
    subject: str  # "RequestDeclined.v1", "EventEnvelope"
    field: str
    why: str
    direction: str
    revisions: tuple[int, ...]

    def __str__(self) -> str:
        numbers = ", ".join(str(number) for number in self.revisions)
        if self.direction == FORWARD:
            consequence = f"a consumer reading published revision {numbers} could not read what is written now"
        else:
            consequence = f"the current model could not read events published under revision {numbers}"
        field = f"field {self.field!r}" if self.field else "the event"
        return f"{self.subject}: {field}: {self.why} ({self.direction}: {consequence})"


class Incompatible(Exception):
    def __init__(self, changes: list[BreakingChange]) -> None:
        super().__init__("\n".join(str(change) for change in changes))
        self.changes = changes


def subject_of(snapshot_name: str) -> str:
    """`RequestDeclined.v1.json` -> `RequestDeclined.v1`: one history per event and version."""
    return snapshot_name.removesuffix(".json")


def history(subject: str, directory: Path = PUBLISHED_DIR) -> list[Revision]:
    """The published revisions of `subject`, oldest first; empty if it was never published."""
    folder = directory / subject
    revisions = [
        Revision(int(path.stem), json.loads(path.read_text()), (folder / f"{path.stem}{ACCEPTED_BREAK}").exists())
        for path in folder.glob("*.json")
    ]
    return sorted(revisions, key=lambda revision: revision.number)


def in_force(revisions: list[Revision]) -> list[Revision]:
    """The revisions a new one is compared with: all of them since the last accepted break."""
    breaks = [index for index, revision in enumerate(revisions) if revision.accepted_break]
    return revisions[breaks[-1] :] if breaks else revisions


def breaking_changes(subject: str, schema: dict[str, Any], revisions: list[Revision]) -> list[BreakingChange]:
    """What in `schema` breaks a consumer or the current model against the revisions in force."""
    found: dict[tuple[str, str, str], list[int]] = {}
    for revision in in_force(revisions):
        problems = [(FORWARD, problem) for problem in unreadable(revision.schema, schema, fields_must_remain=True)]
        problems += [(BACKWARD, problem) for problem in unreadable(schema, revision.schema)]
        for direction, problem in problems:
            found.setdefault((problem.path, problem.why, direction), []).append(revision.number)
    return [
        BreakingChange(subject, field, why, direction, tuple(numbers))
        for (field, why, direction), numbers in found.items()
    ]


def check(schemas: Mapping[str, dict[str, Any]] | None = None, directory: Path = PUBLISHED_DIR) -> list[BreakingChange]:
    """Every current schema against its published history; empty when all are compatible."""
    schemas = current_schemas() if schemas is None else schemas
    return [
        change
        for name, schema in sorted(schemas.items())
        for change in breaking_changes(subject_of(name), schema, history(subject_of(name), directory))
    ]


def unpublished(schemas: Mapping[str, dict[str, Any]] | None = None, directory: Path = PUBLISHED_DIR) -> list[str]:
    """The subjects whose current schema is not their latest published revision."""
    schemas = current_schemas() if schemas is None else schemas
    latest = {name: history(subject_of(name), directory) for name in schemas}
    return [
        subject_of(name)
        for name, schema in sorted(schemas.items())
        if not latest[name] or latest[name][-1].schema != schema
    ]


def publish(schemas: Mapping[str, dict[str, Any]] | None = None, directory: Path = PUBLISHED_DIR) -> list[Path]:
    """Record each changed schema as its subject's next revision; all or nothing: a single breaking
    change refuses them all (Incompatible), and a breaking change gets a new `schema_version`."""
    schemas = current_schemas() if schemas is None else schemas
    changes = check(schemas, directory)
    if changes:
        raise Incompatible(changes)
    written = []
    for subject in unpublished(schemas, directory):
        revisions = history(subject, directory)
        path = directory / subject / f"{revisions[-1].number + 1 if revisions else 1}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(schemas[f"{subject}.json"]))
        written.append(path)
    return written


def main(arguments: list[str]) -> int:
    if arguments not in ([], ["--publish"]):
        print("usage: python -m clinic_contracts.compatibility [--publish]", file=sys.stderr)
        return 2
    if arguments == ["--publish"]:
        try:
            written = publish()
        except Incompatible as refused:
            print("Refused, nothing published:", *refused.changes, sep="\n", file=sys.stderr)
            return 1
        print(*(f"published {path.parent.name} revision {path.stem}" for path in written), sep="\n")
        if not written:
            print("every schema is published already")
        return 0
    changes = check()
    for change in changes:
        print(change, file=sys.stderr)
    waiting = unpublished()
    if waiting:
        print("compatible, not yet published:", ", ".join(waiting))
    return 1 if changes else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
