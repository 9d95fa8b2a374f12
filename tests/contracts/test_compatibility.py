"""FULL_TRANSITIVE compatibility: each current schema against every published revision of its event
and version, and the refusals a breaking change meets."""

import copy
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from clinic_contracts.compatibility import (
    BACKWARD,
    FORWARD,
    PUBLISHED_DIR,
    Incompatible,
    breaking_changes,
    check,
    history,
    publish,
    subject_of,
    unpublished,
)
from clinic_contracts.schemas import current_schemas


def assert_compatible(schemas: dict | None = None, directory: Path = PUBLISHED_DIR) -> None:
    changes = check(schemas, directory)
    assert not changes, "\n".join(str(change) for change in changes) + (
        "\nA breaking change needs a new schema_version (a new event model), not a new revision."
    )


def test_the_current_schemas_are_compatible_with_every_published_revision() -> None:
    assert_compatible()


def test_every_current_schema_is_published() -> None:
    """A contract change is published in the commit that makes it, so main's schemas are the
    history's latest revisions and the next change is judged against them."""
    assert unpublished() == [], "run python -m clinic_contracts.compatibility --publish and commit the new revisions"


@pytest.mark.parametrize("subject", sorted(subject_of(name) for name in current_schemas()))
def test_the_published_history_obeys_the_rule_but_at_its_accepted_breaks(subject: str) -> None:
    revisions = history(subject)
    assert [revision.number for revision in revisions] == list(range(1, len(revisions) + 1))
    for index, revision in enumerate(revisions):
        changes = breaking_changes(subject, revision.schema, revisions[:index])
        if revision.accepted_break:
            assert changes, f"{subject} revision {revision.number} breaks nothing: its accepted-break note is stale"
        else:
            assert not changes, "\n".join(str(change) for change in changes)


def test_the_kebab_case_refusal_codes_are_refused_but_for_their_accepted_break() -> None:
    """The checker finds the one real forward break in the history (revision 2 of HoldRefused)."""
    revisions = [replace(revision, accepted_break=False) for revision in history("HoldRefused.v1")]
    [change] = breaking_changes("HoldRefused.v1", current_schemas()["HoldRefused.v1.json"], revisions)
    assert (change.field, change.direction, change.revisions) == ("reason_code", FORWARD, (1,))
    assert "'conflicts-with-calendar'" in str(change)


def changed(name: str, edit) -> dict[str, dict]:
    """The current schemas with `edit` applied to a copy of one."""
    schemas = copy.deepcopy(current_schemas())
    edit(schemas[f"{name}.json"])
    return schemas


def refusals(schemas: dict[str, dict]) -> list[str]:
    return [str(change) for change in check(schemas)]


def without(field: str):
    def edit(schema: dict) -> None:
        del schema["properties"][field]
        if field in schema.get("required", []):
            schema["required"].remove(field)

    return edit


def test_a_removed_field_is_refused_and_fails_the_ci_test() -> None:
    schemas = changed("RequestDeclined.v1", without("reason"))
    with pytest.raises(AssertionError, match=r"RequestDeclined\.v1: field 'reason': removed"):
        assert_compatible(schemas)


def test_an_optional_field_removed_is_refused_too() -> None:
    """A consumer may read it; a removed field is data lost, whatever its schema said."""
    [refusal] = refusals(changed("RequestDeclined.v1", without("portal_user_id")))
    assert refusal.startswith("RequestDeclined.v1: field 'portal_user_id': removed (forward")


def test_a_changed_type_is_refused_both_ways() -> None:
    def start_as_a_number(schema: dict) -> None:
        schema["properties"]["start"] = {"type": "integer"}

    changes = check(changed("RequestApproved.v1", start_as_a_number))
    assert {(change.subject, change.field, change.direction) for change in changes} == {
        ("RequestApproved.v1", "start", FORWARD),
        ("RequestApproved.v1", "start", BACKWARD),
    }
    assert "may be an integer; the reader accepts a string" in str(changes[0])


def test_a_required_field_added_is_refused() -> None:
    def with_a_required_note(schema: dict) -> None:
        schema["properties"]["note"] = {"type": "string"}
        schema["required"].append("note")

    [refusal] = refusals(changed("RequestDeclined.v1", with_a_required_note))
    assert refusal.startswith("RequestDeclined.v1: field 'note': required by the reader, never written (backward")


def test_a_field_made_required_is_refused() -> None:
    def portal_user_required(schema: dict) -> None:
        schema["required"].append("portal_user_id")

    changes = check(changed("RequestDeclined.v1", portal_user_required))
    # Revision 1 had no such field; the later ones had it optional.
    assert [(change.field, change.why, change.direction, change.revisions[0]) for change in changes] == [
        ("portal_user_id", "required by the reader, never written", BACKWARD, 1),
        ("portal_user_id", "required by the reader, but the writer may leave it out", BACKWARD, 2),
    ]


def test_a_field_made_optional_is_refused() -> None:
    """A reader of the published revisions requires it."""

    def reason_optional(schema: dict) -> None:
        schema["required"].remove("reason")

    [refusal] = refusals(changed("RequestDeclined.v1", reason_optional))
    assert "field 'reason': required by the reader, but the writer may leave it out (forward" in refusal


def test_null_allowed_or_no_longer_allowed_is_refused() -> None:
    def reason_nullable(schema: dict) -> None:
        schema["properties"]["reason"] = {"anyOf": [{"type": "string"}, {"type": "null"}]}

    def reason_never_null(schema: dict) -> None:
        schema["properties"]["reason"] = {"type": "string"}

    [nullable] = check(changed("RequestDeclined.v1", reason_nullable))
    assert (nullable.field, nullable.direction, nullable.why) == (
        "reason",
        FORWARD,
        "may be null; the reader accepts a string",
    )
    [never_null] = check(changed("RequestExpired.v1", reason_never_null))
    assert (never_null.field, never_null.direction) == ("reason", BACKWARD)


def test_enum_values_added_or_removed_are_refused() -> None:
    def also_by_the_system(schema: dict) -> None:
        schema["$defs"]["CancelledBy"]["enum"].append("system")

    def never_by_a_portal_user(schema: dict) -> None:
        schema["$defs"]["CancelledBy"]["enum"].remove("portal")

    [added] = check(changed("AppointmentCancelled.v1", also_by_the_system))
    assert (added.field, added.direction) == ("cancelled_by", FORWARD) and "'system'" in added.why
    [removed] = check(changed("AppointmentCancelled.v1", never_by_a_portal_user))
    assert (removed.field, removed.direction) == ("cancelled_by", BACKWARD) and "'portal'" in removed.why


def test_a_nested_field_is_named_by_its_path() -> None:
    def shorter_notice(schema: dict) -> None:
        schema["$defs"]["RequestPolicy"]["properties"]["minimum_notice_hours"]["maximum"] = 24

    def weekday_as_text(schema: dict) -> None:
        schema["$defs"]["OpeningInterval"]["properties"]["weekday"] = {"type": "string"}

    [narrower] = check(changed("ClinicSettingsChanged.v1", shorter_notice))
    assert (narrower.field, narrower.direction) == ("request_policy.minimum_notice_hours", BACKWARD)
    assert {change.field for change in check(changed("LocationChanged.v1", weekday_as_text))} == {
        "operating_hours[].weekday"
    }


def test_the_envelope_is_held_to_the_rule_too() -> None:
    [refusal] = refusals(changed("EventEnvelope", without("actor")))
    assert refusal.startswith("EventEnvelope: field 'actor': removed")


def test_an_optional_field_added_is_compatible_and_published_as_the_next_revision(tmp_path: Path) -> None:
    published = tmp_path / "published"
    shutil.copytree(PUBLISHED_DIR, published)

    def with_an_optional_note(schema: dict) -> None:
        schema["properties"]["note"] = {"anyOf": [{"type": "string"}, {"type": "null"}], "default": None}

    schemas = changed("RequestDeclined.v1", with_an_optional_note)
    assert_compatible(schemas, published)
    latest = history("RequestDeclined.v1", published)[-1].number
    assert publish(schemas, published) == [published / "RequestDeclined.v1" / f"{latest + 1}.json"]
    assert history("RequestDeclined.v1", published)[-1].schema == schemas["RequestDeclined.v1.json"]
    assert publish(schemas, published) == [], "published once"


def test_publish_refuses_a_breaking_change_and_writes_nothing(tmp_path: Path) -> None:
    published = tmp_path / "published"
    shutil.copytree(PUBLISHED_DIR, published)
    before = sorted(published.rglob("*"))

    def with_an_optional_note(schema: dict) -> None:
        schema["properties"]["note"] = {"type": "string", "default": ""}

    schemas = changed("RequestDeclined.v1", without("reason"))
    edit_too = changed("RequestCancelled.v1", with_an_optional_note)["RequestCancelled.v1.json"]
    schemas["RequestCancelled.v1.json"] = edit_too
    with pytest.raises(Incompatible, match=r"RequestDeclined\.v1: field 'reason': removed"):
        publish(schemas, published)
    assert sorted(published.rglob("*")) == before, "all or nothing"


def test_the_command_checks_the_committed_schemas() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "clinic_contracts.compatibility"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
