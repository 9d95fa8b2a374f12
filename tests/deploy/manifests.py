"""Reading the deployment files the way the tests need them: YAML, Dockerfiles, Compose values."""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
K8S_DIR = ROOT / "deploy" / "k8s"

BACK_END_PORTS = {"settings": 8001, "availability": 8002, "requests": 8003}
SERVICE_PORTS = {"gateway": 8000, **BACK_END_PORTS}
TOPICS_ONE_SHOT = "kafka-topics"


def compose_binary() -> str:
    """The `docker-compose` binary; a missing one skips the test locally and fails it in CI."""
    path = shutil.which("docker-compose")
    if path is None:
        why = "the docker-compose binary is not on PATH (Debian: apt-get install docker-compose)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{why}; CI must validate docker-compose.yml", pytrace=False)
        pytest.skip(why)
    return path


def compose_env(**overrides: str) -> dict[str, str]:
    """The environment for `docker-compose`, without the caller's own CLINIC_* or COMPOSE_* values."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CLINIC_", "COMPOSE_"))}
    return {**env, **overrides}


def load_compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text())


_VARIABLE = re.compile(r"\$\$|\$\{(\w+)(?::?-([^}]*))?\}")


def interpolate(value: str, env: dict[str, str] | None = None) -> str:
    """Compose's `${VAR}`, `${VAR:-default}`, `${VAR-default}` and `$$`, from `env` (default: none)."""
    env = env or {}

    def substitute(match: re.Match) -> str:
        if match.group(0) == "$$":
            return "$"
        name, default = match.group(1), match.group(2)
        return env.get(name) or (default if default is not None else "")

    return _VARIABLE.sub(substitute, value)


def healthcheck_command(healthcheck: dict) -> str:
    test = healthcheck["test"]
    return " ".join(test) if isinstance(test, list) else test


@dataclass(frozen=True)
class Instruction:
    keyword: str
    arguments: str

    def exec_form(self) -> list[str]:
        return json.loads(self.arguments)


def dockerfile_instructions(path: Path) -> list[Instruction]:
    """A Dockerfile's instructions, continuation lines joined and comments dropped."""
    instructions, pending = [], ""
    for line in path.read_text().splitlines():
        stripped = line.strip()
        if not pending and (not stripped or stripped.startswith("#")):
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        whole = pending + stripped
        pending = ""
        keyword, _, arguments = whole.partition(" ")
        instructions.append(Instruction(keyword.upper(), arguments.strip()))
    return instructions


def last(instructions: list[Instruction], keyword: str) -> Instruction:
    matching = [i for i in instructions if i.keyword == keyword]
    assert matching, f"no {keyword} instruction"
    return matching[-1]


def final_stage(instructions: list[Instruction]) -> list[Instruction]:
    starts = [n for n, i in enumerate(instructions) if i.keyword == "FROM"]
    return instructions[starts[-1]:]


def k8s_documents() -> dict[str, list[dict]]:
    """Every YAML file under deploy/k8s, by file name, as its list of documents."""
    return {
        path.name: [doc for doc in yaml.safe_load_all(path.read_text()) if doc is not None]
        for path in sorted(K8S_DIR.glob("*.yaml"))
    }


def k8s_objects(kind: str) -> dict[str, dict]:
    return {
        doc["metadata"]["name"]: doc
        for docs in k8s_documents().values()
        for doc in docs
        if doc.get("kind") == kind
    }
