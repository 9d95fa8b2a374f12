"""The services' image (one Dockerfile, deploy/Dockerfile, named by build arguments) and the build
context's .dockerignore.

Images cannot be built here (no Docker engine); these tests read the Dockerfile, as Compose builds
each service's image from it, for what would make a container start the wrong program, run as
root, lose its health check or install other versions than the lock's.
"""

from __future__ import annotations

import re

import pytest

from tests.deploy.manifests import (
    DOCKERFILE,
    ROOT,
    SERVICE_PORTS,
    build_arguments,
    dockerfile_instructions,
    final_stage,
    last,
    load_compose,
    service_image,
)

# An exact Python release, the one the lock is made for (deploy/lock.sh --python-version).
PINNED_BASE_IMAGE = re.compile(r"python:3\.11\.\d+-slim-bookworm")


def test_there_is_one_dockerfile():
    assert not list((ROOT / "services").glob("*/Dockerfile")), "deploy/Dockerfile builds every service"


@pytest.mark.parametrize("name", SERVICE_PORTS)
def test_compose_builds_each_service_from_it_with_its_name_and_port(name: str):
    build = load_compose()["services"][name]["build"]
    assert build["dockerfile"] == "deploy/Dockerfile"
    assert build_arguments(name) == {"SERVICE": name, "HTTP_PORT": str(SERVICE_PORTS[name])}


def test_services_sharing_an_image_build_it_alike():
    # The topics one-shot runs from the settings image: two builds of one tag must be one build.
    builds: dict[str, dict] = {}
    for service in load_compose()["services"].values():
        if "build" in service:
            assert builds.setdefault(service["image"], service["build"]) == service["build"], service["image"]


def test_the_build_arguments_are_declared_in_both_stages_and_required():
    instructions = dockerfile_instructions(DOCKERFILE.read_text())
    starts = [n for n, i in enumerate(instructions) if i.keyword == "FROM"]
    for start, end in zip(starts, [*starts[1:], len(instructions)], strict=True):
        declared = {i.arguments for i in instructions[start:end] if i.keyword == "ARG"}
        assert {"SERVICE", "HTTP_PORT"} <= declared, "an ARG is visible only in the stage that declares it"
    assert any(i.keyword == "RUN" and 'test -n "$SERVICE"' in i.arguments for i in instructions)


def test_the_base_image_is_pinned_to_an_exact_python_release():
    instructions = dockerfile_instructions(DOCKERFILE.read_text())
    default = instructions[0]
    assert default.keyword == "ARG"
    assert PINNED_BASE_IMAGE.fullmatch(default.arguments.removeprefix("PYTHON_IMAGE="))
    assert [i.arguments.split()[0] for i in instructions if i.keyword == "FROM"] == ["${PYTHON_IMAGE}"] * 2
    assert "--python-version 3.11 " in (ROOT / "deploy" / "lock.sh").read_text()


@pytest.mark.parametrize("name", SERVICE_PORTS)
def test_the_image_runs_the_services_module(name: str):
    runtime = final_stage(service_image(name))
    assert last(runtime, "CMD").exec_form() == ["sh", "-c", 'exec python -m "$SERVICE_MODULE"']
    assert f"SERVICE_MODULE=clinic_{name}" in last(runtime, "ENV").arguments.split()


@pytest.mark.parametrize("name", SERVICE_PORTS)
def test_the_image_exposes_the_port_compose_gives_the_service(name: str):
    runtime = final_stage(service_image(name))
    assert last(runtime, "EXPOSE").arguments == str(SERVICE_PORTS[name])
    compose_env = load_compose()["services"][name]["environment"]
    assert compose_env["HTTP_PORT"] == str(SERVICE_PORTS[name])
    assert f"HTTP_PORT={SERVICE_PORTS[name]}" in last(runtime, "ENV").arguments
    assert "HTTP_HOST=0.0.0.0" in last(runtime, "ENV").arguments


@pytest.mark.parametrize("name", SERVICE_PORTS)
def test_the_image_runs_as_a_non_root_user(name: str):
    runtime = final_stage(service_image(name))
    user = last(runtime, "USER").arguments.split(":")[0]
    assert user not in {"root", "0"}
    assert user.isdigit(), "numeric, so Kubernetes' runAsNonRoot can check it"
    # The user is switched to after everything that needs root.
    keywords = [i.keyword for i in runtime]
    assert keywords.index("USER") > max(n for n, k in enumerate(keywords) if k in {"RUN", "COPY"})


@pytest.mark.parametrize("name", SERVICE_PORTS)
def test_the_image_checks_its_health_on_healthz_with_python(name: str):
    check = last(service_image(name), "HEALTHCHECK").arguments
    command = check[check.index("CMD") + len("CMD") :].strip()
    assert command.startswith('["python", "-c",')
    assert "/healthz" in command


@pytest.mark.parametrize("name", SERVICE_PORTS)
def test_the_image_installs_the_lock_and_then_the_packages_without_their_dependencies(name: str):
    instructions = service_image(name)
    installs = [i.arguments for i in instructions if i.keyword == "RUN" and "pip install" in i.arguments]
    locked, packages = installs
    assert locked == "pip install --require-hashes -r /src/deploy/requirements-runtime.lock"
    assert any(
        i.keyword == "COPY" and i.arguments == "deploy/requirements-runtime.lock /src/deploy/requirements-runtime.lock"
        for i in instructions
    )
    assert "--no-deps" in packages.split()
    assert not re.search(r"\s(-e|--editable)\s", f" {packages} ")
    for package in ("contracts", "services/servicekit", f"services/{name}"):
        assert f"/src/{package}" in packages.split()
        assert any(i.keyword == "COPY" and i.arguments.startswith(f"{package} ") for i in instructions)


def test_the_build_context_leaves_out_local_state_and_caches():
    patterns = {
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    for wanted in (".git", "**/.venv", "**/__pycache__", "**/*.egg-info", "var/", "deploy/kafka/.cache"):
        assert wanted in patterns
    # What the Dockerfile copies must not be ignored.
    for needed in ("contracts", "services", "services/servicekit", "deploy", "deploy/requirements-runtime.lock"):
        assert needed not in patterns
