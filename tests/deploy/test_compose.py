"""docker-compose.yml: Compose accepts it, and it wires the system as the services expect.

No Docker engine is needed: `docker-compose config` validates offline (Compose 1.29.2 from
Debian). That images build and containers start is for a machine with an engine.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml
from sqlalchemy.engine import make_url

from tests.deploy.manifests import (
    BACK_END_PORTS,
    COMPOSE_FILE,
    ROOT,
    SERVICE_PORTS,
    TOPICS_ONE_SHOT,
    compose_binary,
    compose_env,
    healthcheck_command,
    interpolate,
    load_compose,
    make_secrets,
    sample_compose_keys,
)

# Real keys, made for this test run; Compose refuses the file without them.
KEYS = sample_compose_keys()


def keyed_env(**overrides: str) -> dict[str, str]:
    return compose_env(**KEYS, **overrides)


def compose_config(file: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [compose_binary(), "-f", str(file), "config", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env=env or keyed_env(),
    )


@pytest.fixture(scope="module")
def compose() -> dict:
    return load_compose()


@pytest.fixture(scope="module")
def services(compose: dict) -> dict:
    return compose["services"]


def environment(service: dict) -> dict[str, str]:
    env = service.get("environment") or {}
    assert isinstance(env, dict), "environment in the mapping form, so the tests can read it"
    return {key: interpolate(str(value), KEYS) for key, value in env.items()}


def compose_named_volumes(service: dict) -> set[str]:
    return {volume.split(":")[0] for volume in service.get("volumes", [])}


def kafka_address(services: dict) -> str:
    advertised = environment(services["kafka"])["KAFKA_ADVERTISED_LISTENERS"]
    match = re.search(r"PLAINTEXT://([^,]+)", advertised)
    assert match, advertised
    return match.group(1)


# --- Compose accepts the file, and would refuse a broken one ---------------------------------


def test_docker_compose_accepts_the_file():
    result = compose_config(COMPOSE_FILE, "-q")
    assert result.returncode == 0, result.stderr


def _absolute(volume: str) -> str:
    if not volume.startswith("./"):
        return volume
    source, _, rest = volume.partition(":")
    return f"{ROOT / source}:{rest}"


def _rewritten_copy(tmp_path: Path, mutate=None) -> Path:
    """The compose file, anchors resolved and paths made absolute, optionally broken by `mutate`."""
    document = load_compose()
    for service in document["services"].values():
        if "build" in service:
            service["build"]["context"] = str(ROOT)
        if "volumes" in service:
            service["volumes"] = [_absolute(volume) for volume in service["volumes"]]
    if mutate:
        mutate(document["services"])
    path = tmp_path / "docker-compose.yml"
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    return path


def test_the_rewritten_copy_is_itself_valid(tmp_path: Path):
    """The control for the test below: the copy fails only because of what that test breaks."""
    result = compose_config(_rewritten_copy(tmp_path), "-q")
    assert result.returncode == 0, result.stderr


BREAKAGES = {
    "retries is not a number": (
        lambda s: s["settings"]["healthcheck"].update(retries="many"),
        "retries",
    ),
    "environment is not a mapping or list": (
        lambda s: s["gateway"].update(environment=8000),
        "environment",
    ),
    "unknown depends_on condition": (
        lambda s: s["requests"]["depends_on"][TOPICS_ONE_SHOT].update(condition="service_done"),
        "condition",
    ),
    "unknown service key": (
        lambda s: s["availability"].update(healthcheck_url="/readyz"),
        "healthcheck_url",
    ),
}


@pytest.mark.parametrize("breakage", BREAKAGES, ids=list(BREAKAGES))
def test_docker_compose_refuses_a_broken_file(tmp_path: Path, breakage: str):
    mutate, mentioned = BREAKAGES[breakage]
    result = compose_config(_rewritten_copy(tmp_path, mutate), "-q")
    assert result.returncode != 0, f"docker-compose accepted a file where {breakage}"
    assert mentioned in result.stderr, result.stderr


def test_credentials_default_for_local_use_and_follow_the_environment():
    def rendered(**env: str) -> dict:
        result = compose_config(COMPOSE_FILE, env=keyed_env(**env))
        assert result.returncode == 0, result.stderr
        return yaml.safe_load(result.stdout)["services"]

    defaults = rendered()
    assert defaults["postgres"]["environment"]["POSTGRES_PASSWORD"] == "clinic"
    assert (
        defaults["settings"]["environment"]["DATABASE_URL"]
        == "postgresql+asyncpg://clinic:clinic@postgres:5432/clinic_settings"
    )
    overridden = rendered(CLINIC_DB_USER="alice", CLINIC_DB_PASSWORD="wonderland")
    assert overridden["postgres"]["environment"]["POSTGRES_USER"] == "alice"
    assert overridden["postgres"]["environment"]["POSTGRES_PASSWORD"] == "wonderland"
    for name in BACK_END_PORTS:
        url = make_url(overridden[name]["environment"]["DATABASE_URL"])
        assert (url.username, url.password) == ("alice", "wonderland")


# --- The structure that matters ---------------------------------------------------------------


def test_the_services_are_the_system_and_its_infrastructure(services: dict):
    assert set(services) == {"kafka", "postgres", TOPICS_ONE_SHOT, *SERVICE_PORTS}


def test_kafka_is_a_single_kraft_node_with_a_healthcheck(services: dict):
    kafka = services["kafka"]
    env = environment(kafka)
    assert kafka["image"].startswith("apache/kafka:")
    assert set(env["KAFKA_PROCESS_ROLES"].split(",")) == {"broker", "controller"}
    assert env["KAFKA_CONTROLLER_QUORUM_VOTERS"].startswith(f"{env['KAFKA_NODE_ID']}@")
    assert env["CLUSTER_ID"]
    assert env["KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"] == "1"
    assert "kafka-data" in compose_named_volumes(kafka)
    assert kafka["healthcheck"]["test"]


def test_postgres_16_creates_each_back_end_database(services: dict):
    postgres = services["postgres"]
    assert postgres["image"].split(":")[1].startswith("16")
    assert "pg_isready" in healthcheck_command(postgres["healthcheck"])
    init_scripts = [v for v in postgres["volumes"] if ":/docker-entrypoint-initdb.d/" in v]
    assert len(init_scripts) == 1
    source = ROOT / init_scripts[0].split(":")[0]
    assert source.is_file()
    created = set(re.findall(r"CREATE DATABASE (\w+)", source.read_text(), re.IGNORECASE))
    wanted = {make_url(environment(services[name])["DATABASE_URL"]).database for name in BACK_END_PORTS}
    assert wanted <= created


def test_the_topics_one_shot_creates_the_topics_once_kafka_is_healthy(services: dict):
    one_shot = services[TOPICS_ONE_SHOT]
    command = one_shot["command"]
    assert command[:3] == ["python", "-m", "clinic_contracts.admin"]
    assert command[command.index("--bootstrap") + 1] == kafka_address(services)
    assert one_shot["depends_on"]["kafka"]["condition"] == "service_healthy"
    # A one-shot that restarted would never count as completed.
    assert one_shot.get("restart", "no") == "no"
    # It runs from an image that contains clinic_contracts: one of the services' own images.
    assert one_shot["image"] in {services[name]["image"] for name in BACK_END_PORTS}
    assert one_shot["healthcheck"] == {"disable": True}


@pytest.mark.parametrize("name", BACK_END_PORTS)
def test_a_back_end_service_has_its_own_database_kafka_and_a_readiness_healthcheck(services, name):
    service = services[name]
    env = environment(service)
    url = make_url(env["DATABASE_URL"])
    assert url.drivername == "postgresql+asyncpg"
    assert (url.host, url.port, url.database) == ("postgres", 5432, f"clinic_{name}")
    assert env["KAFKA_BOOTSTRAP_SERVERS"] == kafka_address(services)
    assert env["HTTP_HOST"] == "0.0.0.0"
    assert env["HTTP_PORT"] == str(BACK_END_PORTS[name])
    assert "/readyz" in healthcheck_command(service["healthcheck"])
    assert service["depends_on"] == {
        "kafka": {"condition": "service_healthy"},
        "postgres": {"condition": "service_healthy"},
        TOPICS_ONE_SHOT: {"condition": "service_completed_successfully"},
    }


def test_each_back_end_service_has_a_database_of_its_own(services: dict):
    databases = [make_url(environment(services[name])["DATABASE_URL"]).database for name in BACK_END_PORTS]
    assert len(set(databases)) == len(databases)


def test_the_gateway_finds_the_services_and_is_published_on_8000(services: dict):
    gateway = services["gateway"]
    env = environment(gateway)
    for name, port in BACK_END_PORTS.items():
        assert env[f"{name.upper()}_URL"] == f"http://{name}:{port}"
        assert environment(services[name])["HTTP_PORT"] == str(port)
    assert env["HTTP_HOST"] == "0.0.0.0"
    assert env["HTTP_PORT"] == "8000"
    assert [interpolate(p) for p in gateway["ports"]] == ["8000:8000"]
    assert "/readyz" in healthcheck_command(gateway["healthcheck"])
    assert gateway["depends_on"] == {name: {"condition": "service_healthy"} for name in BACK_END_PORTS}


@pytest.mark.parametrize("name", SERVICE_PORTS)
def test_a_service_is_built_from_its_own_dockerfile_at_the_repository_root(services, name):
    build = services[name]["build"]
    assert build["context"] == "."
    assert build["dockerfile"] == f"services/{name}/Dockerfile"
    assert (ROOT / build["dockerfile"]).is_file()


def test_every_dockerfile_compose_refers_to_exists(services: dict):
    for service in services.values():
        if "build" in service:
            assert (ROOT / service["build"]["context"] / service["build"]["dockerfile"]).is_file()


def test_credentials_are_interpolated_with_local_defaults_not_written_in(compose: dict):
    text = COMPOSE_FILE.read_text()
    assert "POSTGRES_PASSWORD: ${CLINIC_DB_PASSWORD:-clinic}" in text
    for name in BACK_END_PORTS:
        raw = compose["services"][name]["environment"]["DATABASE_URL"]
        assert raw.startswith("postgresql+asyncpg://${CLINIC_DB_USER:-clinic}:${CLINIC_DB_PASSWORD:-clinic}@")


# --- Keys: from the environment or .env, never from the file ----------------------------------

REQUIRED_KEYS = {
    "gateway": {
        "INTERNAL_TOKEN_SIGNING_KEY": "CLINIC_GATEWAY_SIGNING_KEY",
        "TOKEN_SECRET": "CLINIC_TOKEN_SECRET",
    },
    **{name: {"INTERNAL_TOKEN_PUBLIC_KEYS": "CLINIC_INTERNAL_TOKEN_PUBLIC_KEYS"} for name in BACK_END_PORTS},
}


@pytest.mark.parametrize("name", REQUIRED_KEYS)
def test_keys_are_required_from_the_environment_with_no_default_written_in(compose: dict, name: str):
    env = compose["services"][name]["environment"]
    for setting, variable in REQUIRED_KEYS[name].items():
        assert re.fullmatch(rf"\$\{{{variable}:\?[^}}]*make-secrets[^}}]*\}}", env[setting]), env[setting]


@pytest.mark.parametrize("variable", sorted(set(KEYS) - {"CLINIC_OPERATOR_SIGNING_KEY"}))
def test_docker_compose_refuses_to_run_without_a_key_and_says_how_to_make_one(variable: str):
    result = compose_config(COMPOSE_FILE, "-q", env=compose_env(**{k: v for k, v in KEYS.items() if k != variable}))
    assert result.returncode != 0, f"docker-compose accepted the file without {variable}"
    assert variable in result.stderr
    assert "deploy/make-secrets.sh compose" in result.stderr


def test_the_gateway_gets_the_signing_key_and_sign_in_secret_and_the_back_ends_only_public_keys():
    from clinic_gateway.config import GatewaySettings
    from clinic_gateway.tokens import sign_in_secret
    from servicekit.actor_tokens import SigningKey, parse_public_keys
    from servicekit.config import ServiceSettings

    result = compose_config(COMPOSE_FILE)
    assert result.returncode == 0, result.stderr
    services = yaml.safe_load(result.stdout)["services"]
    gateway = GatewaySettings(**{k.lower(): v for k, v in services["gateway"]["environment"].items()})
    assert not gateway.dev_mode
    assert sign_in_secret(gateway.token_secret, gateway.dev_mode) == KEYS["CLINIC_TOKEN_SECRET"]
    signer = SigningKey.parse(gateway.internal_token_signing_key)
    assert signer.text() == KEYS["CLINIC_GATEWAY_SIGNING_KEY"]
    for name in BACK_END_PORTS:
        env = services[name]["environment"]
        # A back-end service can check who calls it, never speak for anyone.
        assert not {"INTERNAL_TOKEN_SIGNING_KEY", "TOKEN_SECRET"} & set(env), name
        settings = ServiceSettings(**{k.lower(): v for k, v in env.items()})
        assert parse_public_keys(settings.internal_token_public_keys).keys() == {"gateway-test", "operator-test"}
        assert signer.public_text() in settings.internal_token_public_keys.split(",")


def _read_env_file(path: Path) -> dict[str, str]:
    lines = [line for line in path.read_text().splitlines() if line and not line.startswith("#")]
    return dict(line.split("=", 1) for line in lines)


def test_make_secrets_writes_a_private_env_file_that_compose_uses(tmp_path: Path):
    from servicekit.actor_tokens import SigningKey, parse_public_keys

    env_file = tmp_path / ".env"
    env_file.write_text("CLINIC_DB_PASSWORD=wonderland\n")
    env_file.chmod(0o644)
    made = make_secrets("compose", "--output", str(env_file))
    assert made.returncode == 0, made.stderr
    assert env_file.stat().st_mode & 0o777 == 0o600
    written = _read_env_file(env_file)
    assert written.keys() == {"CLINIC_DB_PASSWORD", *KEYS}, "the other settings stay; the keys are the ones compose reads"
    assert written["CLINIC_DB_PASSWORD"] == "wonderland"
    assert len(written["CLINIC_TOKEN_SECRET"]) >= 32
    gateway, operator = (SigningKey.parse(written[f"CLINIC_{who}_SIGNING_KEY"]) for who in ("GATEWAY", "OPERATOR"))
    assert gateway.key_id != operator.key_id
    public = parse_public_keys(written["CLINIC_INTERNAL_TOKEN_PUBLIC_KEYS"])
    assert public.keys() == {gateway.key_id, operator.key_id}
    assert written["CLINIC_INTERNAL_TOKEN_PUBLIC_KEYS"].split(",") == [gateway.public_text(), operator.public_text()]

    result = subprocess.run(
        [compose_binary(), "--env-file", str(env_file), "-f", str(COMPOSE_FILE), "config"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env=compose_env(),
    )
    assert result.returncode == 0, result.stderr
    services = yaml.safe_load(result.stdout)["services"]
    assert services["gateway"]["environment"]["INTERNAL_TOKEN_SIGNING_KEY"] == gateway.text()
    assert services["gateway"]["environment"]["TOKEN_SECRET"] == written["CLINIC_TOKEN_SECRET"]
    assert services["postgres"]["environment"]["POSTGRES_PASSWORD"] == "wonderland"
    for name in BACK_END_PORTS:
        assert services[name]["environment"]["INTERNAL_TOKEN_PUBLIC_KEYS"] == written["CLINIC_INTERNAL_TOKEN_PUBLIC_KEYS"]


def test_make_secrets_does_not_replace_the_keys_of_an_env_file_that_has_them(tmp_path: Path):
    env_file = tmp_path / ".env"
    assert make_secrets("compose", "--output", str(env_file)).returncode == 0
    before = env_file.read_text()
    again = make_secrets("compose", "--output", str(env_file))
    assert again.returncode != 0
    assert "already holds keys" in again.stderr
    assert env_file.read_text() == before
