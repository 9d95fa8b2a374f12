"""deploy/requirements.lock: one pinned, hashed version of every third-party package, so that a
fresh clone installs the same versions twice (deploy/install.sh, the Dockerfile and CI all install
it with --require-hashes). deploy/lock.sh refreshes it; these tests say when it is needed.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from tests.deploy.manifests import ROOT

LOCK = ROOT / "deploy" / "requirements.lock"
# What the images install: our packages' own dependencies only, at the first lock's versions.
RUNTIME_LOCK = ROOT / "deploy" / "requirements-runtime.lock"
LOCK_INPUTS = ROOT / "deploy" / "requirements.in"
# The packages install.sh installs from the checkout.
OWN_PACKAGES = (
    "contracts",
    "services/servicekit",
    "services/settings",
    "services/availability",
    "services/requests",
    "services/notifications",
    "services/gateway",
)


@dataclass(frozen=True)
class Pin:
    name: str
    version: Version
    marker: Marker | None
    hashes: tuple[str, ...]

    def applies_here(self) -> bool:
        return self.marker is None or self.marker.evaluate()


def locked(lock: Path = LOCK) -> dict[str, Pin]:
    """The lock's entries: `name==version[ ; marker] \\` and then its `--hash=` lines."""
    entries = re.split(r"\n(?=\S)", lock.read_text())
    pins = {}
    for entry in entries:
        if entry.startswith("#"):
            continue
        head, *rest = entry.split("\n")
        requirement = Requirement(head.rstrip(" \\"))
        (specifier,) = requirement.specifier
        assert specifier.operator == "==", f"{head}: not pinned"
        name = canonicalize_name(requirement.name)
        pins[name] = Pin(
            name,
            Version(specifier.version),
            requirement.marker,
            tuple(re.findall(r"--hash=(sha256:[0-9a-f]{64})", "\n".join(rest))),
        )
    return pins


def own_names() -> set[str]:
    return {
        canonicalize_name(tomllib.loads((ROOT / p / "pyproject.toml").read_text())["project"]["name"])
        for p in OWN_PACKAGES
    }


def declared_requirements() -> list[tuple[str, Requirement]]:
    """Every third-party requirement our packages, the test tools and the lock's own inputs state."""
    declared = []
    for package in OWN_PACKAGES:
        for line in tomllib.loads((ROOT / package / "pyproject.toml").read_text())["project"]["dependencies"]:
            declared.append((f"{package}/pyproject.toml", Requirement(line)))
    for path in (ROOT / "deploy" / "requirements-dev.txt", LOCK_INPUTS):
        for line in path.read_text().splitlines():
            line = line.split("#", 1)[0].strip()
            if line and not line.startswith("-"):
                declared.append((path.name, Requirement(line)))
    return [(where, r) for where, r in declared if canonicalize_name(r.name) not in own_names()]


def test_every_entry_is_pinned_and_hashed():
    pins = locked()
    assert len(pins) > 50
    for pin in pins.values():
        assert pin.hashes, f"{pin.name} has no hash in {LOCK.name}"


def test_our_own_packages_are_not_in_the_lock():
    # They are installed from the checkout with --no-deps; a pin of them would be fetched from the index.
    assert own_names().isdisjoint(locked())


@pytest.mark.parametrize("where, requirement", declared_requirements(), ids=lambda v: str(v))
def test_every_declared_dependency_is_locked_at_a_version_it_accepts(where: str, requirement: Requirement):
    pin = locked().get(canonicalize_name(requirement.name))
    assert pin, f"{requirement.name} ({where}) is not in {LOCK.name}: run deploy/lock.sh"
    assert requirement.specifier.contains(pin.version, prereleases=True), (
        f"{LOCK.name} pins {pin.name}=={pin.version}, which {where} does not accept ({requirement}): run deploy/lock.sh"
    )
    for extra in requirement.extras:
        for needed in metadata.requires(requirement.name) or []:
            needed_requirement = Requirement(needed)
            if needed_requirement.marker and needed_requirement.marker.evaluate({"extra": extra}):
                assert canonicalize_name(needed_requirement.name) in locked(), f"{requirement} needs {needed}"


def test_the_virtualenv_holds_exactly_the_locked_versions():
    # What install.sh installed is what the lock says: the same versions on every machine.
    wrong = {}
    for pin in locked().values():
        if not pin.applies_here():
            continue
        try:
            installed = Version(metadata.version(pin.name))
        except metadata.PackageNotFoundError:
            installed = None
        if installed != pin.version:
            wrong[pin.name] = (str(pin.version), installed and str(installed))
    assert not wrong, f"(locked, installed) differ; run deploy/install.sh: {wrong}"


def test_the_images_lock_has_the_same_versions_and_hashes_as_the_lock():
    runtime, full = locked(RUNTIME_LOCK), locked()
    assert len(runtime) > 30
    for name, pin in runtime.items():
        assert name in full, f"{name} is in {RUNTIME_LOCK.name} but not in {LOCK.name}: run deploy/lock.sh"
        assert (pin.version, set(pin.hashes)) == (full[name].version, set(full[name].hashes)), (
            f"{name}: the two locks disagree; run deploy/lock.sh"
        )


@pytest.mark.parametrize("package", OWN_PACKAGES)
def test_the_images_lock_holds_every_runtime_dependency_and_no_test_tool(package: str):
    runtime = locked(RUNTIME_LOCK)
    for line in tomllib.loads((ROOT / package / "pyproject.toml").read_text())["project"]["dependencies"]:
        requirement = Requirement(line)
        if canonicalize_name(requirement.name) not in own_names():
            assert canonicalize_name(requirement.name) in runtime, f"{requirement} ({package}) not in the image's lock"
    for tool in ("pytest", "playwright", "schemathesis", "hypothesis", "ruff", "mypy", "uv", "testcontainers"):
        assert tool not in runtime, f"{tool} would be installed in the production images"
