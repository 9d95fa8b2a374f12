"""Reading the deployment files the way the tests need them: YAML, Dockerfiles, Compose values."""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from clinic_contracts.kafka_acls import service_users
from clinic_gateway.config import GatewaySettings
from servicekit.actor_tokens import SigningKey

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
# Every service's image, named by its build arguments SERVICE and HTTP_PORT.
DOCKERFILE = ROOT / "deploy" / "Dockerfile"
K8S_DIR = ROOT / "deploy" / "k8s"

BACK_END_PORTS = {"settings": 8001, "availability": 8002, "requests": 8003, "notifications": 8004}
SERVICE_PORTS = {"gateway": 8000, **BACK_END_PORTS}
# The back-end services the gateway calls: those it has a `<NAME>_URL` setting for. Read from its
# configuration, so that a service it starts to call fails these tests until the deployment files
# give the gateway that service's address and a way to it.
GATEWAY_BACK_ENDS = {
    name: port for name, port in BACK_END_PORTS.items() if f"{name}_url" in GatewaySettings.model_fields
}
TOPICS_ONE_SHOT = "kafka-topics"
ACLS_ONE_SHOT = "kafka-acls"
# The broker's SCRAM users: the super user, then one per service that owns or reads a topic.
KAFKA_USERS = ("admin", *service_users())
MAKE_SECRETS = ROOT / "deploy" / "make-secrets.sh"


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


_VARIABLE = re.compile(r"\$\$|\$\{(\w+)(?::?([-?])([^}]*))?\}")


class MissingVariable(KeyError):
    """A `${VAR:?message}` without its VAR: Compose refuses the file."""


def interpolate(value: str, env: dict[str, str] | None = None) -> str:
    """Compose's `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`, `${VAR?error}` and
    `$$`, from `env` (default: none)."""
    env = env or {}

    def substitute(match: re.Match) -> str:
        if match.group(0) == "$$":
            return "$"
        name, operator, argument = match.groups()
        if env.get(name):
            return env[name]
        if operator == "?":
            raise MissingVariable(f"{name}: {argument}")
        return argument if operator == "-" else ""

    return _VARIABLE.sub(substitute, value)


def kafka_password_variable(user: str) -> str:
    """The .env variable holding a Kafka user's password."""
    return f"CLINIC_KAFKA_{user.upper().replace('-', '_')}_PASSWORD"


def sample_compose_keys() -> dict[str, str]:
    """What `deploy/make-secrets.sh compose` puts in .env, made afresh for a test, never written."""
    gateway, operator = SigningKey.generate("gateway-test"), SigningKey.generate("operator-test")
    return {
        "CLINIC_GATEWAY_SIGNING_KEY": gateway.text(),
        "CLINIC_OPERATOR_SIGNING_KEY": operator.text(),
        "CLINIC_INTERNAL_TOKEN_PUBLIC_KEYS": f"{gateway.public_text()},{operator.public_text()}",
        "CLINIC_TOKEN_SECRET": secrets.token_urlsafe(48),
        **{kafka_password_variable(user): secrets.token_hex(24) for user in KAFKA_USERS},
        "CLINIC_METRICS_TOKEN": secrets.token_hex(32),
        "CLINIC_GRAFANA_ADMIN_PASSWORD": secrets.token_hex(32),
    }


def healthcheck_command(healthcheck: dict) -> str:
    test = healthcheck["test"]
    return " ".join(test) if isinstance(test, list) else test


@dataclass(frozen=True)
class Instruction:
    keyword: str
    arguments: str

    def exec_form(self) -> list[str]:
        return json.loads(self.arguments)


def dockerfile_instructions(text: str) -> list[Instruction]:
    """A Dockerfile's instructions, continuation lines joined and comments dropped."""
    instructions, pending = [], ""
    for line in text.splitlines():
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


def build_arguments(name: str) -> dict[str, str]:
    """The build arguments Compose gives deploy/Dockerfile for a service's image."""
    build = load_compose()["services"][name]["build"]
    return {key: str(value) for key, value in build.get("args", {}).items()}


def service_image(name: str) -> list[Instruction]:
    """deploy/Dockerfile's instructions as Compose builds the service's image: its build arguments
    (`${SERVICE}`, `$SERVICE`, ...) written in."""
    text = DOCKERFILE.read_text()
    for key, value in build_arguments(name).items():
        text = re.sub(rf"\$\{{{key}\}}|\${key}\b", value, text)
    return dockerfile_instructions(text)


def last(instructions: list[Instruction], keyword: str) -> Instruction:
    matching = [i for i in instructions if i.keyword == keyword]
    assert matching, f"no {keyword} instruction"
    return matching[-1]


def final_stage(instructions: list[Instruction]) -> list[Instruction]:
    starts = [n for n, i in enumerate(instructions) if i.keyword == "FROM"]
    return instructions[starts[-1] :]


def k8s_documents() -> dict[str, list[dict]]:
    """Every YAML file under deploy/k8s, by file name, as its list of documents."""
    return {
        path.name: [doc for doc in yaml.safe_load_all(path.read_text()) if doc is not None]
        for path in sorted(K8S_DIR.glob("*.yaml"))
    }


def k8s_objects(kind: str) -> dict[str, dict]:
    return {
        doc["metadata"]["name"]: doc for docs in k8s_documents().values() for doc in docs if doc.get("kind") == kind
    }


def make_secrets(*args: str) -> subprocess.CompletedProcess:
    """`deploy/make-secrets.sh ARGS` with this test run's Python, which has servicekit."""
    return subprocess.run(
        ["bash", str(MAKE_SECRETS), *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHON": sys.executable},
    )
