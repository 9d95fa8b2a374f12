"""One Kafka release everywhere: the jars deploy/kafka/kafka.sh runs (deploy/kafka/pom.xml), the
Compose broker and ACL one-shot, the testcontainers broker and the Kafka-tools image the operators'
instructions name. A broker of another release in one of them would test or run what the others do not.
"""

from __future__ import annotations

import re
import subprocess

from tests.deploy.manifests import ROOT, load_compose
from tests.infrastructure import KAFKA_IMAGE, kafka_version

IMAGE_REFERENCE = re.compile(r"apache/kafka:([A-Za-z0-9._-]+)")


def tracked_files_naming_a_kafka_image() -> dict[str, set[str]]:
    listed = subprocess.run(
        ["git", "grep", "-I", "-o", "-E", IMAGE_REFERENCE.pattern, "--", ":!tests/deploy/test_kafka_version.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found: dict[str, set[str]] = {}
    for line in listed.splitlines():
        path, reference = line.split(":", 1)
        found.setdefault(path, set()).add(IMAGE_REFERENCE.fullmatch(reference).group(1))
    return found


def test_the_compose_broker_and_acl_one_shot_run_the_jars_release():
    services = load_compose()["services"]
    assert services["kafka"]["image"] == f"apache/kafka:{kafka_version()}"
    assert services["kafka-acls"]["image"] == f"apache/kafka:{kafka_version()}"


def test_the_testcontainers_broker_runs_the_jars_release():
    assert KAFKA_IMAGE == f"apache/kafka:{kafka_version()}"


def test_every_tracked_file_names_the_jars_release():
    found = tracked_files_naming_a_kafka_image()
    assert "docker-compose.yml" in found
    assert {path: tags for path, tags in found.items() if tags != {kafka_version()}} == {}
