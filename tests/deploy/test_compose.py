"""docker-compose.yml: Compose accepts it, and it wires the system as the services expect.

No Docker engine is needed: `docker-compose config` validates offline (Compose 1.29.2 from
Debian). That images build and containers start is for a machine with an engine.
"""

from __future__ import annotations

import os
import re
import shlex
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from sqlalchemy.engine import make_url

from tests.deploy.manifests import (
    ACLS_ONE_SHOT,
    BACK_END_PORTS,
    COMPOSE_FILE,
    GATEWAY_BACK_ENDS,
    KAFKA_USERS,
    ROOT,
    SERVICE_PORTS,
    TOPICS_ONE_SHOT,
    compose_binary,
    compose_env,
    healthcheck_command,
    interpolate,
    kafka_password_variable,
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
    assert set(services) == {
        "kafka",
        "postgres",
        TOPICS_ONE_SHOT,
        ACLS_ONE_SHOT,
        MAIL_RELAY,
        TRACES,
        *SERVICE_PORTS,
        *OBSERVABILITY,
    }


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


def topics_command(services: dict) -> tuple[list[str], str]:
    """The topics one-shot's `sh -c` command: the admin call, and the file its stdout goes to."""
    shell, flag, script = services[TOPICS_ONE_SHOT]["command"]
    assert (shell, flag) == ("sh", "-c")
    words = shlex.split(script)
    assert words[-2] == ">", script
    return words[:-2], words[-1]


def mounted_at(service: dict, path: str) -> str:
    """The named volume whose mount point holds `path`."""
    for volume in service.get("volumes", []):
        source, target = volume.split(":")[:2]
        if not source.startswith(".") and path.startswith(target.rstrip("/") + "/"):
            return source
    raise AssertionError(f"{path} is on no named volume")


def test_the_topics_one_shot_creates_the_topics_once_kafka_is_healthy(services: dict):
    one_shot = services[TOPICS_ONE_SHOT]
    command, _ = topics_command(services)
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
        # Without its ACLs the broker refuses the service everything.
        ACLS_ONE_SHOT: {"condition": "service_completed_successfully"},
    }


def test_each_back_end_service_has_a_database_of_its_own(services: dict):
    databases = [make_url(environment(services[name])["DATABASE_URL"]).database for name in BACK_END_PORTS]
    assert len(set(databases)) == len(databases)


def test_the_gateway_finds_the_services_and_is_published_on_8000(services: dict):
    gateway = services["gateway"]
    env = environment(gateway)
    for name, port in GATEWAY_BACK_ENDS.items():
        assert env[f"{name.upper()}_URL"] == f"http://{name}:{port}"
        assert environment(services[name])["HTTP_PORT"] == str(port)
    assert env["HTTP_HOST"] == "0.0.0.0"
    assert env["HTTP_PORT"] == "8000"
    assert [interpolate(p) for p in gateway["ports"]] == ["8000:8000"]
    assert "/readyz" in healthcheck_command(gateway["healthcheck"])
    # It waits for the services it calls, and only for those.
    assert gateway["depends_on"] == {name: {"condition": "service_healthy"} for name in GATEWAY_BACK_ENDS}


@pytest.mark.parametrize("name", SERVICE_PORTS)
def test_a_service_is_built_from_the_one_dockerfile_at_the_repository_root(services, name):
    build = services[name]["build"]
    assert build["context"] == "."
    assert build["dockerfile"] == "deploy/Dockerfile"
    assert build["args"]["SERVICE"] == name
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


# --- Email: the notifications service's SMTP relay, Mailpit unless the environment names one -------

MAIL_RELAY = "mailpit"
# Prometheus and Grafana: tests/deploy/test_observability.py.
OBSERVABILITY = ("prometheus", "grafana")
MAILPIT_SCRIPT = ROOT / "deploy" / "mailpit.sh"


def notifications_settings(**env: str):
    from clinic_notifications.config import NotificationsServiceSettings

    result = compose_config(COMPOSE_FILE, env=keyed_env(**env))
    assert result.returncode == 0, result.stderr
    rendered = yaml.safe_load(result.stdout)["services"]["notifications"]["environment"]
    return NotificationsServiceSettings(**{key.lower(): value for key, value in rendered.items()})


def test_the_notifications_service_mails_through_mailpit_unless_the_environment_names_a_relay(services):
    mailpit = services[MAIL_RELAY]
    default = notifications_settings()
    assert (default.smtp_host, default.smtp_port, default.smtp_security) == (MAIL_RELAY, 1025, "none")
    assert str(default.smtp_port) in mailpit["expose"]
    assert (default.smtp_username, default.smtp_password.get_secret_value()) == ("", "")
    assert default.mail_from.endswith(">") and "@" in default.mail_from

    relay = notifications_settings(
        CLINIC_SMTP_HOST="smtp.clinic.example",
        CLINIC_SMTP_PORT="587",
        CLINIC_SMTP_SECURITY="starttls",
        CLINIC_SMTP_USERNAME="clinic-mailer",
        CLINIC_SMTP_PASSWORD="relay-password",
        CLINIC_MAIL_FROM="Riverside Clinic <appointments@riverside.example>",
    )
    assert (relay.smtp_host, relay.smtp_port, relay.smtp_security) == ("smtp.clinic.example", 587, "starttls")
    assert (relay.smtp_username, relay.smtp_password.get_secret_value()) == ("clinic-mailer", "relay-password")
    assert relay.mail_from == "Riverside Clinic <appointments@riverside.example>"


def test_the_notifications_service_starts_without_waiting_for_the_relay(services):
    # Whichever relay it uses, an email the relay does not take yet is retried with back-off.
    assert MAIL_RELAY not in services["notifications"]["depends_on"]


def test_mailpit_is_the_pinned_release_and_shows_the_emails_on_this_machine_only(services):
    mailpit = services[MAIL_RELAY]
    image, _, tag = mailpit["image"].partition(":")
    assert image == "axllent/mailpit"
    assert re.fullmatch(r"v\d+\.\d+\.\d+", tag), "an exact release, not latest"
    # The same release as deploy/mailpit.sh builds for ./deploy/run.sh.
    assert f"MAILPIT_VERSION:-{tag}}}" in MAILPIT_SCRIPT.read_text()
    # Its page lists every email, patients' names in them: on the loopback only.
    assert [interpolate(p) for p in mailpit["ports"]] == ["127.0.0.1:8025:8025"]
    assert environment(mailpit)["MP_DISABLE_VERSION_CHECK"] == "true", "it would ask the internet for releases"


TRACES = "jaeger"


def test_every_service_sends_its_spans_to_the_pinned_jaeger_whose_page_is_on_this_machine_only(services):
    jaeger = services[TRACES]
    image, _, tag = jaeger["image"].partition(":")
    assert image == "jaegertracing/jaeger"
    assert re.fullmatch(r"\d+\.\d+\.\d+", tag), "an exact release, not latest"
    assert [interpolate(p) for p in jaeger["ports"]] == ["127.0.0.1:16686:16686"]
    assert "4318" in jaeger["expose"], "OTLP/HTTP, for the services on the compose network"
    for name in SERVICE_PORTS:
        assert environment(services[name])["OTEL_EXPORTER_OTLP_ENDPOINT"] == "http://jaeger:4318", name
        assert TRACES not in services[name].get("depends_on", {}), "no service waits for its traces"


# --- Keys: from the environment or .env, never from the file ----------------------------------

REQUIRED_KEYS = {
    "gateway": {
        "INTERNAL_TOKEN_SIGNING_KEY": "CLINIC_GATEWAY_SIGNING_KEY",
        "TOKEN_SECRET": "CLINIC_TOKEN_SECRET",
        "METRICS_TOKEN": "CLINIC_METRICS_TOKEN",
    },
    **{
        name: {
            "INTERNAL_TOKEN_PUBLIC_KEYS": "CLINIC_INTERNAL_TOKEN_PUBLIC_KEYS",
            "KAFKA_PASSWORD": kafka_password_variable(name),
            "METRICS_TOKEN": "CLINIC_METRICS_TOKEN",
        }
        for name in BACK_END_PORTS
    },
    "prometheus": {"METRICS_TOKEN": "CLINIC_METRICS_TOKEN"},
    "grafana": {"GF_SECURITY_ADMIN_PASSWORD": "CLINIC_GRAFANA_ADMIN_PASSWORD"},
    "kafka": {f"SCRAM_PASSWORD_{user.upper()}": kafka_password_variable(user) for user in KAFKA_USERS},
    TOPICS_ONE_SHOT: {"KAFKA_PASSWORD": kafka_password_variable("admin")},
    ACLS_ONE_SHOT: {"KAFKA_ADMIN_PASSWORD": kafka_password_variable("admin")},
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
    # OTEL_* are the OpenTelemetry SDK's own (servicekit.tracing); every other variable is a setting.
    own = {k.lower(): v for k, v in services["gateway"]["environment"].items() if not k.startswith("OTEL_")}
    gateway = GatewaySettings(**own)
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
    assert written.keys() == {"CLINIC_DB_PASSWORD", *KEYS}, (
        "the other settings stay; the keys are the ones compose reads"
    )
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
        assert (
            services[name]["environment"]["INTERNAL_TOKEN_PUBLIC_KEYS"] == written["CLINIC_INTERNAL_TOKEN_PUBLIC_KEYS"]
        )
        assert services[name]["environment"]["KAFKA_PASSWORD"] == written[kafka_password_variable(name)]
    passwords = [written[kafka_password_variable(user)] for user in KAFKA_USERS]
    assert len(set(passwords)) == len(passwords) and all(len(password) >= 32 for password in passwords)
    broker = services["kafka"]["environment"]
    for user in KAFKA_USERS:
        assert broker[f"SCRAM_PASSWORD_{user.upper()}"] == written[kafka_password_variable(user)]
    admin = written[kafka_password_variable("admin")]
    assert services[TOPICS_ONE_SHOT]["environment"]["KAFKA_PASSWORD"] == admin
    assert services[ACLS_ONE_SHOT]["environment"]["KAFKA_ADMIN_PASSWORD"] == admin


def test_make_secrets_does_not_replace_the_keys_of_an_env_file_that_has_them(tmp_path: Path):
    env_file = tmp_path / ".env"
    assert make_secrets("compose", "--output", str(env_file)).returncode == 0
    before = env_file.read_text()
    again = make_secrets("compose", "--output", str(env_file))
    assert again.returncode != 0
    assert "already holds keys" in again.stderr
    assert env_file.read_text() == before


# What came later than the first keys, each set at once: an .env from before it gets it added.
LATER_KEYS = {
    "kafka passwords": ("CLINIC_KAFKA_",),
    "metrics token and grafana password": ("CLINIC_METRICS_TOKEN", "CLINIC_GRAFANA_ADMIN_PASSWORD"),
}


@pytest.mark.parametrize("later", LATER_KEYS)
def test_make_secrets_adds_only_what_an_env_file_from_before_it_lacks(tmp_path: Path, later: str):
    env_file = tmp_path / ".env"
    earlier = {k: v for k, v in KEYS.items() if not k.startswith(LATER_KEYS[later])}
    env_file.write_text("".join(f"{k}={v}\n" for k, v in earlier.items()))
    made = make_secrets("compose", "--output", str(env_file))
    assert made.returncode == 0, made.stderr
    written = _read_env_file(env_file)
    assert written.keys() == KEYS.keys()
    assert {k: written[k] for k in earlier} == earlier, "the keys in use stay"


# --- Kafka: authenticated, authorised, users and ACLs from the topic registry ---------------------

BROKER_SCRIPT = ROOT / "deploy" / "compose" / "kafka-broker.sh"
ACLS_SCRIPT = ROOT / "deploy" / "compose" / "apply-kafka-acls.sh"


def script_in(service: dict, script: Path) -> str:
    """Where `service` mounts `script` from the repository (read-only), checked against its command."""
    mounts = [v.split(":") for v in service.get("volumes", []) if v.startswith("./")]
    (target,) = [target for source, target, *mode in mounts if ROOT / source == script and mode == ["ro"]]
    assert service["command"][:2] == ["bash", target]
    return target


def broker_properties(services: dict) -> dict[str, str]:
    """server.properties as deploy/compose/kafka-broker.sh renders it from the broker's environment."""
    script_in(services["kafka"], BROKER_SCRIPT)
    env = {"PATH": os.environ["PATH"], **environment(services["kafka"])}
    done = subprocess.run(["bash", str(BROKER_SCRIPT), "config"], capture_output=True, text=True, env=env, timeout=30)
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stdout.splitlines() if line and not line.startswith("#")]
    return dict(line.split("=", 1) for line in lines)


def test_the_broker_authenticates_every_client_and_denies_what_no_acl_allows(services: dict):
    properties = broker_properties(services)
    listeners = dict(reversed(listener.split("://", 1)) for listener in properties["listeners"].split(","))
    protocols = dict(pair.split(":") for pair in properties["listener.security.protocol.map"].split(","))
    assert properties["controller.listener.names"] == "CONTROLLER"
    for address, name in listeners.items():
        if name == "CONTROLLER":
            # Unauthenticated (and its principal a super user): reachable from this container only.
            assert address.startswith("127.0.0.1:"), address
        else:
            assert protocols[name] in {"SASL_PLAINTEXT", "SASL_SSL"}, name
    advertised = dict(reversed(listener.split("://", 1)) for listener in properties["advertised.listeners"].split(","))
    assert set(advertised.values()) == set(listeners.values()) - {"CONTROLLER"}
    assert set(advertised) == {kafka_address(services)}
    assert properties["inter.broker.listener.name"] in listeners.values()
    assert properties["sasl.enabled.mechanisms"] == "SCRAM-SHA-512"
    assert properties["sasl.mechanism.inter.broker.protocol"] == "SCRAM-SHA-512"
    assert properties["authorizer.class.name"] == "org.apache.kafka.metadata.authorizer.StandardAuthorizer"
    assert properties["allow.everyone.if.no.acl.found"] == "false"
    assert set(properties["super.users"].split(";")) == {"User:admin", "User:ANONYMOUS"}
    # The broker logs in to itself as admin, with admin's SCRAM password.
    jaas = properties["listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config"]
    assert jaas == (
        'org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" '
        f'password="{KEYS[kafka_password_variable("admin")]}";'
    )
    assert properties["auto.create.topics.enable"] == "false"
    assert not {key for key in properties if key.startswith(("scram.", "opts", "heap"))}


def test_the_broker_has_the_registrys_users_each_with_its_own_password(services: dict):
    env = environment(services["kafka"])
    assert tuple(env["SCRAM_USERS"].split()) == KAFKA_USERS
    for user in KAFKA_USERS:
        assert env[f"SCRAM_PASSWORD_{user.upper()}"] == KEYS[kafka_password_variable(user)]


def fake_kafka_home(tmp_path: Path, *tools: str) -> Path:
    """A KAFKA_HOME whose bin/ tools append their arguments, one per line, to calls.log."""
    home = tmp_path / "kafka"
    (home / "bin").mkdir(parents=True)
    (home / "config").mkdir()
    for tool in tools:
        fake = home / "bin" / tool
        fake.write_text(
            f'#!/bin/sh\necho "{tool}" >> {home}/calls.log\nprintf "%s\\n" "$@" >> {home}/calls.log\necho --- >> {home}/calls.log\n'
        )
        fake.chmod(0o755)
    return home


def calls(home: Path) -> list[list[str]]:
    text = (home / "calls.log").read_text() if (home / "calls.log").exists() else ""
    return [block.strip("\n").split("\n") for block in text.split("---\n") if block.strip()]


def test_the_broker_formats_new_storage_with_its_scram_users_then_starts(services: dict, tmp_path: Path):
    home = fake_kafka_home(tmp_path, "kafka-storage.sh", "kafka-server-start.sh")
    data = tmp_path / "data"
    data.mkdir()
    env = {
        "PATH": os.environ["PATH"],
        **environment(services["kafka"]),
        "KAFKA_HOME": str(home),
        "KAFKA_LOG_DIRS": str(data),
    }
    done = subprocess.run(["bash", str(BROKER_SCRIPT)], capture_output=True, text=True, env=env, timeout=30)
    assert done.returncode == 0, done.stderr
    config = str(home / "config" / "server.properties")
    (format_call, start_call) = calls(home)
    assert format_call[:6] == ["kafka-storage.sh", "format", "--cluster-id", env["CLUSTER_ID"], "--config", config]
    scram = format_call[6:]
    assert scram[0::2] == ["--add-scram"] * len(KAFKA_USERS)
    assert scram[1::2] == [
        f"SCRAM-SHA-512=[name={user},password={KEYS[kafka_password_variable(user)]}]" for user in KAFKA_USERS
    ]
    assert start_call == ["kafka-server-start.sh", config]
    # The healthcheck's client settings: admin's, readable by the broker's user only.
    admin = home / "config" / "clinic-admin.properties"
    assert stat.S_IMODE(admin.stat().st_mode) == 0o600
    assert f'password="{KEYS[kafka_password_variable("admin")]}"' in admin.read_text()
    assert "--command-config /opt/kafka/config/clinic-admin.properties" in healthcheck_command(
        services["kafka"]["healthcheck"]
    )

    # Storage that exists keeps its users: no second format.
    (data / "meta.properties").write_text("cluster.id=x\n")
    (home / "calls.log").unlink()
    again = subprocess.run(["bash", str(BROKER_SCRIPT)], capture_output=True, text=True, env=env, timeout=30)
    assert again.returncode == 0, again.stderr
    assert calls(home) == [["kafka-server-start.sh", config]]


def test_the_broker_refuses_to_start_without_a_users_password(services: dict, tmp_path: Path):
    home = fake_kafka_home(tmp_path, "kafka-storage.sh", "kafka-server-start.sh")
    env = {
        "PATH": os.environ["PATH"],
        **environment(services["kafka"]),
        "KAFKA_HOME": str(home),
        "KAFKA_LOG_DIRS": str(tmp_path),
        "SCRAM_PASSWORD_REQUESTS": "",
    }
    done = subprocess.run(["bash", str(BROKER_SCRIPT)], capture_output=True, text=True, env=env, timeout=30)
    assert done.returncode != 0
    assert "SCRAM_PASSWORD_REQUESTS" in done.stderr
    assert calls(home) == []


def test_the_topics_one_shot_logs_in_as_admin_and_writes_the_registrys_acls_for_the_acl_one_shot(services: dict):
    from clinic_contracts.admin import client_options_from_env

    one_shot, acls = services[TOPICS_ONE_SHOT], services[ACLS_ONE_SHOT]
    options = client_options_from_env(environment(one_shot))
    assert options["security_protocol"] == "SASL_PLAINTEXT"
    assert (options["sasl_plain_username"], options["sasl_plain_password"]) == (
        "admin",
        KEYS[kafka_password_variable("admin")],
    )
    command, output = topics_command(services)
    assert "--print-acls" in command
    # Both see the file through the same named volume, one writing, the other reading it only.
    volume = mounted_at(one_shot, output)
    (_, _, bootstrap, acl_file) = acls["command"]
    assert bootstrap == kafka_address(services)
    assert mounted_at(acls, acl_file) == volume
    (mount,) = [v for v in acls["volumes"] if v.startswith(f"{volume}:")]
    assert mount.endswith(":ro")
    assert output.rpartition("/")[2] == acl_file.rpartition("/")[2]
    assert volume in load_compose()["volumes"]


def test_the_acl_one_shot_runs_after_the_topics_one_shot_and_before_the_services(services: dict):
    acls = services[ACLS_ONE_SHOT]
    script_in(acls, ACLS_SCRIPT)
    assert acls["image"] == services["kafka"]["image"], "the broker's image has kafka-acls.sh"
    assert acls["depends_on"] == {
        "kafka": {"condition": "service_healthy"},
        TOPICS_ONE_SHOT: {"condition": "service_completed_successfully"},
    }
    assert acls.get("restart", "no") == "no"
    assert acls["healthcheck"] == {"disable": True}
    assert environment(acls)["KAFKA_ADMIN_PASSWORD"] == KEYS[kafka_password_variable("admin")]


def test_the_acl_one_shot_applies_exactly_the_registrys_acls_as_admin(services: dict, tmp_path: Path):
    from clinic_contracts.kafka_acls import kafka_acls_arguments, planned_acls

    printed = subprocess.run(
        [sys.executable, "-m", "clinic_contracts.admin", "--print-acls"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "CONSUMER_GROUP_PREFIX": ""},
    )
    assert printed.returncode == 0, printed.stderr
    acl_file = tmp_path / "kafka-acls.txt"
    acl_file.write_text(printed.stdout)
    home = fake_kafka_home(tmp_path, "kafka-acls.sh")
    env = {"PATH": os.environ["PATH"], **environment(services[ACLS_ONE_SHOT]), "KAFKA_HOME": str(home)}
    done = subprocess.run(
        ["bash", str(ACLS_SCRIPT), "kafka:9092", str(acl_file)], capture_output=True, text=True, env=env, timeout=30
    )
    assert done.returncode == 0, done.stderr
    made = calls(home)
    expected = kafka_acls_arguments(planned_acls())
    assert len(made) == len(expected)
    for call, arguments in zip(made, expected, strict=False):
        assert call[:5] == ["kafka-acls.sh", "--bootstrap-server", "kafka:9092", "--command-config", call[4]]
        assert call[5:] == arguments

    acl_file.write_text("")
    empty = subprocess.run(
        ["bash", str(ACLS_SCRIPT), "kafka:9092", str(acl_file)], capture_output=True, text=True, env=env, timeout=30
    )
    assert empty.returncode != 0, "an empty ACL file would leave the services without rights"


@pytest.mark.parametrize("name", BACK_END_PORTS)
def test_a_back_end_logs_in_to_kafka_as_its_own_user_with_its_own_password(services: dict, name: str):
    from servicekit.config import ServiceSettings
    from servicekit.kafka_security import client_options

    env = environment(services[name])
    settings = ServiceSettings(**{k.lower(): v for k, v in env.items()})
    options = client_options(settings)
    assert options["security_protocol"] == "SASL_PLAINTEXT"
    assert options["sasl_mechanism"] == "SCRAM-SHA-512"
    assert (options["sasl_plain_username"], options["sasl_plain_password"]) == (
        name,
        KEYS[kafka_password_variable(name)],
    )
    others = {KEYS[kafka_password_variable(user)] for user in KAFKA_USERS if user != name}
    assert not others & set(env.values()), f"{name} holds another Kafka user's password"
