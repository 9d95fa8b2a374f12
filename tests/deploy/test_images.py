"""The services' Dockerfiles and the build context's .dockerignore.

Images cannot be built here (no Docker engine); these tests read the Dockerfiles for what would
make a container start the wrong program, run as root or lose its health check.
"""

from __future__ import annotations

import re

import pytest

from tests.deploy.manifests import (
    ROOT,
    SERVICE_PORTS,
    dockerfile_instructions,
    final_stage,
    last,
    load_compose,
)

BASE_IMAGE = "python:3.11-slim"


def dockerfile(name: str):
    return ROOT / "services" / name / "Dockerfile"


@pytest.mark.parametrize("name", SERVICE_PORTS)
def test_the_image_runs_the_services_module(name: str):
    assert last(dockerfile_instructions(dockerfile(name)), "CMD").exec_form() == [
        "python",
        "-m",
        f"clinic_{name}",
    ]


@pytest.mark.parametrize("name", SERVICE_PORTS)
def test_the_image_exposes_the_port_compose_gives_the_service(name: str):
    runtime = final_stage(dockerfile_instructions(dockerfile(name)))
    assert last(runtime, "EXPOSE").arguments == str(SERVICE_PORTS[name])
    compose_env = load_compose()["services"][name]["environment"]
    assert compose_env["HTTP_PORT"] == str(SERVICE_PORTS[name])
    assert f"HTTP_PORT={SERVICE_PORTS[name]}" in last(runtime, "ENV").arguments
    assert "HTTP_HOST=0.0.0.0" in last(runtime, "ENV").arguments


@pytest.mark.parametrize("name", SERVICE_PORTS)
def test_the_image_runs_as_a_non_root_user(name: str):
    runtime = final_stage(dockerfile_instructions(dockerfile(name)))
    user = last(runtime, "USER").arguments.split(":")[0]
    assert user not in {"root", "0"}
    assert user.isdigit(), "numeric, so Kubernetes' runAsNonRoot can check it"
    # The user is switched to after everything that needs root.
    keywords = [i.keyword for i in runtime]
    assert keywords.index("USER") > max(n for n, k in enumerate(keywords) if k in {"RUN", "COPY"})


@pytest.mark.parametrize("name", SERVICE_PORTS)
def test_the_image_checks_its_health_on_healthz_with_python(name: str):
    check = last(dockerfile_instructions(dockerfile(name)), "HEALTHCHECK").arguments
    command = check[check.index("CMD") + len("CMD") :].strip()
    assert command.startswith('["python", "-c",')
    assert "/healthz" in command


@pytest.mark.parametrize("name", SERVICE_PORTS)
def test_the_image_installs_the_packages_with_pip_not_editable(name: str):
    instructions = dockerfile_instructions(dockerfile(name))
    assert [i.arguments.split()[0] for i in instructions if i.keyword == "FROM"] == [BASE_IMAGE, BASE_IMAGE]
    installs = [i.arguments for i in instructions if i.keyword == "RUN" and "pip install" in i.arguments]
    assert len(installs) == 1
    assert not re.search(r"\s(-e|--editable)\s", f" {installs[0]} ")
    for package in ("contracts", "services/servicekit", f"services/{name}"):
        assert f"/src/{package}" in installs[0].split()
        assert any(i.keyword == "COPY" and i.arguments.startswith(f"{package} ") for i in instructions)


def test_the_dockerfiles_differ_only_in_the_services_name_and_port():
    def normalised(name: str) -> str:
        text = dockerfile(name).read_text()
        return (
            text.replace(f"clinic_{name}", "clinic_NAME")
            .replace(name, "NAME")
            .replace(str(SERVICE_PORTS[name]), "PORT")
        )

    texts = {name: normalised(name) for name in SERVICE_PORTS}
    reference = texts["settings"]
    for name, text in texts.items():
        assert text == reference, f"services/{name}/Dockerfile drifted from services/settings/Dockerfile"


def test_the_build_context_leaves_out_local_state_and_caches():
    patterns = {
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    for wanted in (".git", "**/.venv", "**/__pycache__", "**/*.egg-info", "var/", "deploy/kafka/.cache"):
        assert wanted in patterns
    # What the Dockerfiles copy must not be ignored.
    for needed in ("contracts", "services", "services/servicekit"):
        assert needed not in patterns
