"""deploy/lint.sh: what it checks is configured in the root pyproject.toml, and CI runs it."""

from __future__ import annotations

import tomllib

from tests.deploy.manifests import ROOT


def test_mypy_checks_the_contracts_and_every_services_domain_strictly():
    mypy = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]
    domains = {path.relative_to(ROOT).as_posix() for path in ROOT.glob("services/*/src/*/domain")}
    assert mypy["strict"] is True
    assert {"contracts/src/clinic_contracts", *domains} == set(mypy["files"])


def test_the_test_command_lints_before_it_tests():
    lines = (ROOT / "deploy" / "test.sh").read_text().splitlines()
    lint = next(n for n, line in enumerate(lines) if "deploy/lint.sh" in line and not line.startswith("#"))
    tests = next(n for n, line in enumerate(lines) if "bin/pytest" in line)
    assert lint < tests
    assert "deploy/test.sh" in (ROOT / ".ci" / "run").read_text()
