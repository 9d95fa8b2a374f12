"""deploy/k8s: the manifests parse, and wire the services as they expect to be run."""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from sqlalchemy.engine import make_url

from tests.deploy.manifests import (
    BACK_END_PORTS,
    GATEWAY_BACK_ENDS,
    K8S_DIR,
    KAFKA_USERS,
    ROOT,
    SERVICE_PORTS,
    final_stage,
    k8s_documents,
    k8s_objects,
    last,
    make_secrets,
    service_image,
)

SECRET_TEMPLATE = "secret.template.yaml"
TOKENS_TEMPLATE = "internal-tokens.template.yaml"
KAFKA_TEMPLATE = "kafka.template.yaml"
SMTP_TEMPLATE = "smtp.template.yaml"
METRICS_TEMPLATE = "metrics.template.yaml"
METRICS_SECRET = "clinic-metrics"
# Prometheus, for /metrics: its pods in the namespace `monitoring`.
PROMETHEUS_PEER = {
    "namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "monitoring"}},
    "podSelector": {"matchLabels": {"app.kubernetes.io/name": "prometheus"}},
}
KAFKA_SECRET = "clinic-kafka"
# The SMTP relay's account: given by whoever runs the relay, so made by no script.
SMTP_SECRET = "clinic-smtp"
SAMPLE_SMTP_ACCOUNT = {"username": "clinic-mailer", "password": "relay-password"}
TOKENS_SECRET = "clinic-internal-tokens"
PUBLIC_KEYS_CONFIGMAP = "clinic-internal-token-public-keys"
# The labels an operator's Job gives its pod (see networkpolicies.yaml); no such Job ships here.
OPERATOR_JOB_LABELS = {"app.kubernetes.io/component": "operator-job", "app.kubernetes.io/part-of": "clinic"}


@pytest.fixture(scope="module")
def deployments() -> dict[str, dict]:
    return k8s_objects("Deployment")


@pytest.fixture(scope="module")
def config() -> dict[str, str]:
    return k8s_objects("ConfigMap")["clinic-config"]["data"]


@pytest.fixture(scope="module")
def secret_template() -> dict:
    (secret,) = k8s_documents()[SECRET_TEMPLATE]
    return secret


def container(deployment: dict) -> dict:
    (only,) = deployment["spec"]["template"]["spec"]["containers"]
    return only


def env_sources(container: dict) -> dict[str, dict]:
    return {entry["name"]: entry for entry in container.get("env", [])}


def test_every_manifest_parses_into_named_objects():
    documents = k8s_documents()
    assert documents, f"no manifests in {K8S_DIR}"
    for file, docs in documents.items():
        assert docs, f"{file} is empty"
        for doc in docs:
            assert doc.get("apiVersion") and doc.get("kind"), file
            if doc["kind"] != "Kustomization":
                assert doc["metadata"]["name"], file


def test_there_is_a_deployment_and_a_service_per_service(deployments: dict):
    services = k8s_objects("Service")
    assert set(deployments) == set(SERVICE_PORTS)
    assert set(services) == set(SERVICE_PORTS)
    for name, port in SERVICE_PORTS.items():
        pod_labels = deployments[name]["spec"]["template"]["metadata"]["labels"]
        assert deployments[name]["spec"]["selector"]["matchLabels"].items() <= pod_labels.items()
        assert services[name]["spec"]["selector"].items() <= pod_labels.items()
        (service_port,) = services[name]["spec"]["ports"]
        assert service_port["port"] == port
        (container_port,) = container(deployments[name])["ports"]
        assert service_port["targetPort"] in {container_port["name"], container_port["containerPort"]}
        assert container_port["containerPort"] == port


@pytest.mark.parametrize("name", SERVICE_PORTS)
def test_every_deployment_probes_readyz_for_readiness_and_healthz_for_liveness(deployments, name):
    main = container(deployments[name])
    port_names = {port["name"] for port in main["ports"]} | {port["containerPort"] for port in main["ports"]}
    assert main["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert main["livenessProbe"]["httpGet"]["path"] == "/healthz"
    for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
        if probe in main:
            assert main[probe]["httpGet"]["port"] in port_names


@pytest.mark.parametrize("name", SERVICE_PORTS)
def test_every_deployment_runs_the_services_image_as_its_non_root_user(deployments, name):
    pod = deployments[name]["spec"]["template"]["spec"]
    assert container(deployments[name])["image"].split(":")[0] == f"clinic-{name}"
    assert pod["securityContext"]["runAsNonRoot"] is True
    image_user = last(final_stage(service_image(name)), "USER")
    assert str(pod["securityContext"]["runAsUser"]) == image_user.arguments.split(":")[0]
    env = env_sources(container(deployments[name]))
    assert env["HTTP_HOST"]["value"] == "0.0.0.0"
    assert env["HTTP_PORT"]["value"] == str(SERVICE_PORTS[name])


def pod_labels_of(deployment: dict) -> dict[str, str]:
    return deployment["spec"]["template"]["metadata"]["labels"]


def pods_selected(selector: dict, deployments: dict[str, dict]) -> set[str]:
    """The Deployments whose pods `selector` selects."""
    return {name for name, deployment in deployments.items() if selects(selector, pod_labels_of(deployment))}


@pytest.mark.parametrize("name", SERVICE_PORTS)
def test_every_deployment_runs_two_replicas_or_more_spread_over_nodes(deployments, name):
    """A lost pod or node leaves the service answering: its replicas are on different nodes where
    the cluster has several."""
    deployment = deployments[name]
    assert deployment["spec"]["replicas"] >= 2
    spreads = deployment["spec"]["template"]["spec"].get("topologySpreadConstraints", [])
    over_nodes = [spread for spread in spreads if spread["topologyKey"] == "kubernetes.io/hostname"]
    assert over_nodes, f"{name}: its replicas may all land on one node"
    for spread in over_nodes:
        # Counting only its own pods: spread over all the clinic's pods, two of one service could share a node.
        assert pods_selected(spread["labelSelector"], deployments) == {name}
        assert spread["maxSkew"] == 1


@pytest.mark.parametrize("name", SERVICE_PORTS)
def test_every_deployment_keeps_a_replica_up_through_a_drain(deployments, name):
    budgets = [
        budget
        for budget in k8s_objects("PodDisruptionBudget").values()
        if selects(budget["spec"]["selector"], pod_labels_of(deployments[name]))
    ]
    assert len(budgets) == 1, f"{name}: {len(budgets)} disruption budgets"
    (budget,) = budgets
    assert pods_selected(budget["spec"]["selector"], deployments) == {name}
    # One up, and fewer than all: a budget asking for every replica would block a drain for good.
    assert budget["spec"]["minAvailable"] == 1 < deployments[name]["spec"]["replicas"]


@pytest.mark.parametrize("name", BACK_END_PORTS)
def test_a_back_end_deployment_gets_its_own_database_url_from_the_secret_and_kafka_from_config(
    deployments, config, secret_template, name
):
    env = env_sources(container(deployments[name]))
    secret_ref = env["DATABASE_URL"]["valueFrom"]["secretKeyRef"]
    assert secret_ref["name"] == secret_template["metadata"]["name"]
    assert secret_template["stringData"][secret_ref["key"]].endswith(f"/clinic_{name}")
    config_ref = env["KAFKA_BOOTSTRAP_SERVERS"]["valueFrom"]["configMapKeyRef"]
    assert config_ref == {"name": "clinic-config", "key": "KAFKA_BOOTSTRAP_SERVERS"}
    assert config["KAFKA_BOOTSTRAP_SERVERS"]


def test_the_gateway_finds_the_services_through_their_services(deployments, config):
    env = env_sources(container(deployments["gateway"]))
    for name, port in GATEWAY_BACK_ENDS.items():
        ref = env[f"{name.upper()}_URL"]["valueFrom"]["configMapKeyRef"]
        assert ref["name"] == "clinic-config"
        assert config[ref["key"]] == f"http://{name}:{port}"


def test_the_topics_job_runs_the_contract_admin_against_the_configured_kafka():
    (job,) = k8s_objects("Job").values()
    spec = job["spec"]["template"]["spec"]
    (main,) = spec["containers"]
    assert main["image"].split(":")[0] == "clinic-settings"  # contains clinic_contracts
    assert main["command"] == ["python", "-m", "clinic_contracts.admin"]
    assert main["args"][main["args"].index("--bootstrap") + 1] == "$(KAFKA_BOOTSTRAP_SERVERS)"
    assert "KAFKA_BOOTSTRAP_SERVERS" in env_sources(main)
    assert spec["restartPolicy"] in {"OnFailure", "Never"}


def templates() -> list[str]:
    return sorted(path.name for path in K8S_DIR.glob("*.template.yaml"))


def test_the_templates_hold_placeholders_only():
    assert set(templates()) == {SECRET_TEMPLATE, TOKENS_TEMPLATE, KAFKA_TEMPLATE, SMTP_TEMPLATE, METRICS_TEMPLATE}
    for file in templates():
        assert (K8S_DIR / file).read_text().lstrip().startswith("# TEMPLATE"), file
        for doc in k8s_documents()[file]:
            values = doc.get("stringData") or doc.get("data")
            assert values, f"{file}: {doc['metadata']['name']} is empty"
            for key, value in values.items():
                assert "CHANGE_ME" in value, f"{file}: {key} looks like a real value"


def test_no_secret_is_applied_from_the_repository():
    applied = yaml.safe_load((K8S_DIR / "kustomization.yaml").read_text())["resources"]
    for file in applied:
        kinds = {doc["kind"] for doc in k8s_documents()[file]}
        assert "Secret" not in kinds, f"{file} would put a Secret from git into the cluster"


def test_kustomization_applies_everything_but_the_templates():
    kustomization = yaml.safe_load((K8S_DIR / "kustomization.yaml").read_text())
    manifests = {path.name for path in K8S_DIR.glob("*.yaml")} - {"kustomization.yaml"}
    assert set(kustomization["resources"]) == manifests - set(templates())


def test_kubectl_kustomize_renders_the_manifests():
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        pytest.skip("kubectl is not on PATH")
    result = subprocess.run([kubectl, "kustomize", str(K8S_DIR)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    kinds = sorted(doc["kind"] for doc in yaml.safe_load_all(result.stdout))
    policies = ["NetworkPolicy"] * len(k8s_objects("NetworkPolicy"))
    per_service = ["Deployment", "Service", "PodDisruptionBudget"] * len(SERVICE_PORTS)
    assert kinds == sorted(["ConfigMap", "Job"] + per_service + policies)


# --- Keys: what each pod gets, and that the services accept it --------------------------------


def kubectl_binary() -> str:
    path = shutil.which("kubectl")
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("kubectl is not on PATH; CI must check what make-secrets.sh creates", pytrace=False)
        pytest.skip("kubectl is not on PATH")
    return path


@pytest.fixture(scope="module")
def made_keys(tmp_path_factory) -> dict[tuple[str, str], dict[str, str]]:
    """Run the commands `deploy/make-secrets.sh k8s` prints, with a kubectl that only renders
    (`--dry-run=client`, offline): the objects they would create, by (kind, name)."""
    bin_dir = tmp_path_factory.mktemp("bin")
    rendered = bin_dir / "rendered.yaml"
    fake = bin_dir / "kubectl"
    fake.write_text(
        f'#!/bin/sh\n{kubectl_binary()} "$@" --dry-run=client -o yaml >> {rendered} && echo --- >> {rendered}\n'
    )
    fake.chmod(0o755)
    printed = make_secrets("k8s")
    assert printed.returncode == 0, printed.stderr
    ran = subprocess.run(
        ["sh"],
        input=printed.stdout,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"},
    )
    assert ran.returncode == 0, ran.stderr
    objects = {}
    for doc in filter(None, yaml.safe_load_all(rendered.read_text())):
        data = doc["data"]
        if doc["kind"] == "Secret":
            data = {key: base64.b64decode(value).decode() for key, value in data.items()}
        objects[(doc["kind"], doc["metadata"]["name"])] = data
    return objects


@pytest.fixture(scope="module")
def cluster_objects(made_keys, config) -> dict[tuple[str, str], dict[str, str]]:
    """What the pods read, as an operator would have created it: the keys make-secrets.sh made,
    the ConfigMap, and an SMTP relay's account."""
    return {**made_keys, ("ConfigMap", "clinic-config"): config, ("Secret", SMTP_SECRET): SAMPLE_SMTP_ACCOUNT}


def test_make_secrets_creates_exactly_what_the_templates_describe(made_keys):
    from servicekit.actor_tokens import SigningKey, parse_public_keys

    template = {
        (doc["kind"], doc["metadata"]["name"]): doc
        for file in (TOKENS_TEMPLATE, KAFKA_TEMPLATE, METRICS_TEMPLATE)
        for doc in k8s_documents()[file]
    }
    assert (
        made_keys.keys()
        == template.keys()
        == {
            ("Secret", TOKENS_SECRET),
            ("ConfigMap", PUBLIC_KEYS_CONFIGMAP),
            ("Secret", KAFKA_SECRET),
            ("Secret", METRICS_SECRET),
        }
    )
    metrics = made_keys[("Secret", METRICS_SECRET)]
    assert metrics.keys() == template[("Secret", METRICS_SECRET)]["stringData"].keys()
    assert len(metrics["metrics-token"]) >= 32
    secret, public = made_keys[("Secret", TOKENS_SECRET)], made_keys[("ConfigMap", PUBLIC_KEYS_CONFIGMAP)]
    assert secret.keys() == template[("Secret", TOKENS_SECRET)]["stringData"].keys()
    kafka = made_keys[("Secret", KAFKA_SECRET)]
    assert kafka.keys() == template[("Secret", KAFKA_SECRET)]["stringData"].keys()
    assert kafka.keys() == {f"{user}-password" for user in KAFKA_USERS}, "one password per user the registry needs"
    assert len(set(kafka.values())) == len(kafka) and all(len(password) >= 32 for password in kafka.values())
    assert public.keys() == template[("ConfigMap", PUBLIC_KEYS_CONFIGMAP)]["data"].keys()
    signers = [SigningKey.parse(secret[key]) for key in ("gateway-signing-key", "operator-signing-key")]
    assert public["public-keys"].split(",") == [signer.public_text() for signer in signers]
    assert parse_public_keys(public["public-keys"]).keys() == {signer.key_id for signer in signers}
    assert len(secret["token-secret"]) >= 32


def pod_environment(deployment: dict, objects: dict, root: Path) -> dict[str, str]:
    """The container's environment as Kubernetes would give it, from `objects` ((kind, name) ->
    data); Secret and ConfigMap volumes are written under `root`, and `*_FILE` paths moved there."""
    pod = deployment["spec"]["template"]["spec"]
    main = container(deployment)
    mounts = {}
    for mount in main.get("volumeMounts", []):
        (volume,) = [v for v in pod["volumes"] if v["name"] == mount["name"]]
        source = volume.get("secret") or volume.get("configMap")
        if source is None:
            continue
        kind, name = ("Secret", source["secretName"]) if "secret" in volume else ("ConfigMap", source["name"])
        directory = root / mount["name"]
        directory.mkdir()
        for item in source.get("items") or [{"key": key, "path": key} for key in objects[(kind, name)]]:
            (directory / item["path"]).write_text(objects[(kind, name)][item["key"]])
        mounts[mount["mountPath"].rstrip("/")] = directory
    env = {}
    for entry in main.get("env", []):
        if "value" in entry:
            value = entry["value"]
            if entry["name"].endswith("_FILE"):
                directory, _, file = value.rpartition("/")
                assert directory in mounts, f"{entry['name']}: {value} is not in a mounted Secret or ConfigMap"
                value = str(mounts[directory] / file)
                assert Path(value).is_file(), f"{entry['name']}: the volume has no {file}"
            env[entry["name"]] = value
            continue
        source = entry["valueFrom"]
        ref = source.get("secretKeyRef") or source.get("configMapKeyRef")
        kind = "Secret" if "secretKeyRef" in source else "ConfigMap"
        data = objects.get((kind, ref["name"]))
        # An optional key the object lacks leaves the variable unset, as in Kubernetes.
        if data is not None and (ref["key"] in data or not ref.get("optional")):
            env[entry["name"]] = data[ref["key"]]
    return env


def settings_from(env: dict[str, str], settings_class):
    known = settings_class.model_fields
    return settings_class(**{key.lower(): value for key, value in env.items() if key.lower() in known})


def test_the_gateway_reads_its_signing_key_and_sign_in_secret_from_mounted_files(deployments, made_keys, tmp_path):
    from clinic_gateway.config import GatewaySettings
    from clinic_gateway.tokens import sign_in_secret
    from servicekit.actor_tokens import SigningKey

    gateway = deployments["gateway"]
    env = pod_environment(gateway, made_keys, tmp_path)
    assert "DEV_MODE" not in env
    # As files, not values: nothing secret in `kubectl describe` or the process environment.
    assert {"INTERNAL_TOKEN_SIGNING_KEY_FILE", "TOKEN_SECRET_FILE"} <= env.keys()
    assert not {"INTERNAL_TOKEN_SIGNING_KEY", "TOKEN_SECRET"} & env.keys()
    settings = settings_from(env, GatewaySettings)
    secret = made_keys[("Secret", TOKENS_SECRET)]
    assert sign_in_secret(settings.token_secret, settings.dev_mode) == secret["token-secret"]
    assert SigningKey.parse(settings.internal_token_signing_key).text() == secret["gateway-signing-key"]
    # Every replica is the same pod template, so all share one sign-in secret.
    assert gateway["spec"]["replicas"] >= 2
    # The operator's key stays out of the gateway.
    files = {path.read_text() for path in tmp_path.rglob("*") if path.is_file()}
    assert secret["operator-signing-key"] not in files


@pytest.mark.parametrize("name", [*SERVICE_PORTS, "kafka-topics"])
def test_mounted_key_files_are_readable_by_the_pods_user_only(deployments, name):
    workload = {**deployments, **k8s_objects("Job")}[name]
    pod = workload["spec"]["template"]["spec"]
    volumes = [v for v in pod.get("volumes", []) if "secret" in v]
    assert volumes, f"{name} mounts no Secret"
    for volume in volumes:
        assert volume["secret"]["defaultMode"] & 0o007 == 0, "not readable by other users"
    # Kubelet gives the files the pod's fsGroup, the group the service runs as.
    assert pod["securityContext"]["fsGroup"] == pod["securityContext"]["runAsGroup"]


@pytest.mark.parametrize("name", BACK_END_PORTS)
def test_a_back_end_accepts_the_gateways_and_the_operators_tokens_and_holds_no_signing_key(
    deployments, made_keys, cluster_objects, tmp_path, name
):
    from servicekit.actor_tokens import SigningKey, parse_public_keys
    from servicekit.config import ServiceSettings

    env = pod_environment(deployments[name], cluster_objects, tmp_path)
    settings = settings_from(env, ServiceSettings)
    accepted = parse_public_keys(settings.internal_token_public_keys)
    secret = made_keys[("Secret", TOKENS_SECRET)]
    for key in ("gateway-signing-key", "operator-signing-key"):
        assert SigningKey.parse(secret[key]).key_id in accepted
    mounted = {
        volume["secret"]["secretName"]
        for volume in deployments[name]["spec"]["template"]["spec"].get("volumes", [])
        if "secret" in volume
    }
    referenced = {
        entry["valueFrom"]["secretKeyRef"]["name"]
        for entry in container(deployments[name])["env"]
        if "secretKeyRef" in entry.get("valueFrom", {})
    }
    assert TOKENS_SECRET not in mounted | referenced


# --- NetworkPolicies ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def policies() -> dict[str, dict]:
    return k8s_objects("NetworkPolicy")


@pytest.fixture(scope="module")
def pods(deployments) -> dict[str, dict]:
    """Every pod the manifests run: name -> {labels, env (names)}."""
    workloads = {**deployments, **k8s_objects("Job")}
    return {
        name: {
            "labels": workload["spec"]["template"]["metadata"]["labels"],
            "env": {entry["name"] for entry in container(workload).get("env", [])},
        }
        for name, workload in workloads.items()
    }


def selects(selector: dict, labels: dict[str, str]) -> bool:
    for key, value in selector.get("matchLabels", {}).items():
        if labels.get(key) != value:
            return False
    for expression in selector.get("matchExpressions", []):
        key, operator, values = expression["key"], expression["operator"], expression.get("values", [])
        matched = {
            "In": labels.get(key) in values,
            "NotIn": labels.get(key) not in values,
            "Exists": key in labels,
            "DoesNotExist": key not in labels,
        }[operator]
        if not matched:
            return False
    return True


def rules(policies: dict, labels: dict[str, str], direction: str) -> list[dict]:
    """The ingress or egress rules that apply to a pod with `labels`."""
    policy_type = direction.capitalize()
    return [
        rule
        for policy in policies.values()
        if selects(policy["spec"]["podSelector"], labels) and policy_type in policy["spec"]["policyTypes"]
        for rule in policy["spec"].get(direction, [])
    ]


def peers(rule: dict) -> list[dict]:
    return rule.get("from") or rule.get("to") or []


def ports(rule: dict) -> set[tuple[str, int]]:
    return {(port.get("protocol", "TCP"), port["port"]) for port in rule["ports"]}


def test_network_policies_use_only_fields_kubernetes_knows(policies):
    # A misspelt `from` would be dropped and leave a rule that admits everyone.
    for name, policy in policies.items():
        spec = policy["spec"]
        assert policy["apiVersion"] == "networking.k8s.io/v1"
        assert set(spec) <= {"podSelector", "policyTypes", "ingress", "egress"}, name
        assert set(spec["policyTypes"]) <= {"Ingress", "Egress"}, name
        assert ("ingress" in spec) <= ("Ingress" in spec["policyTypes"]), name
        assert ("egress" in spec) <= ("Egress" in spec["policyTypes"]), name
        for direction, peer_key in (("ingress", "from"), ("egress", "to")):
            for rule in spec.get(direction, []):
                assert set(rule) <= {peer_key, "ports"}, name
                assert rule["ports"], f"{name}: a rule without ports allows every port"
                for port in rule["ports"]:
                    assert set(port) <= {"protocol", "port", "endPort"} and port.get("protocol", "TCP") in {
                        "TCP",
                        "UDP",
                    }
                for peer in peers(rule):
                    assert peer and set(peer) <= {"podSelector", "namespaceSelector", "ipBlock"}, name


def test_a_default_deny_selects_every_pod_in_both_directions(policies, pods):
    denials = [
        policy
        for policy in policies.values()
        if set(policy["spec"]["policyTypes"]) == {"Ingress", "Egress"}
        and not policy["spec"].get("ingress")
        and not policy["spec"].get("egress")
    ]
    assert denials, "no default-deny NetworkPolicy"
    for name, pod in pods.items():
        assert any(selects(policy["spec"]["podSelector"], pod["labels"]) for policy in denials), name
    assert any(selects(policy["spec"]["podSelector"], OPERATOR_JOB_LABELS) for policy in denials)


def from_outside(rule: dict) -> bool:
    """No `from` (anyone), or a peer beyond this namespace's pods."""
    return not peers(rule) or any("ipBlock" in peer or "namespaceSelector" in peer for peer in peers(rule))


def for_prometheus(rule: dict) -> bool:
    return peers(rule) == [PROMETHEUS_PEER]


def test_the_gateway_is_the_only_pod_reachable_from_outside_and_only_on_its_port(policies, pods):
    """Besides Prometheus, for /metrics (the test below)."""
    reachable = {
        name
        for name, pod in pods.items()
        if any(from_outside(rule) and not for_prometheus(rule) for rule in rules(policies, pod["labels"], "ingress"))
    }
    assert reachable == {"gateway"}
    outside = [rule for rule in rules(policies, pods["gateway"]["labels"], "ingress") if from_outside(rule)]
    assert set().union(*(ports(rule) for rule in outside)) == {("TCP", SERVICE_PORTS["gateway"])}
    assert not any(from_outside(rule) for rule in rules(policies, OPERATOR_JOB_LABELS, "ingress"))


@pytest.mark.parametrize("name", SERVICE_PORTS)
def test_prometheus_in_the_monitoring_namespace_reaches_each_service_on_its_port_only(policies, pods, name):
    ingress = rules(policies, pods[name]["labels"], "ingress")
    port = {("TCP", SERVICE_PORTS[name])}
    # The gateway's port is open to everyone, Prometheus included.
    assert any(ports(rule) == port and (for_prometheus(rule) or not peers(rule)) for rule in ingress)
    assert all(ports(rule) == port for rule in ingress if for_prometheus(rule))
    assert not any(for_prometheus(rule) for rule in rules(policies, pods["kafka-topics"]["labels"], "ingress"))


@pytest.mark.parametrize("name", SERVICE_PORTS)
def test_every_service_reads_the_metrics_token_from_a_mounted_file(
    deployments, made_keys, cluster_objects, tmp_path, name
):
    from clinic_gateway.config import GatewaySettings
    from servicekit.config import ServiceSettings

    env = pod_environment(deployments[name], cluster_objects, tmp_path)
    assert "METRICS_TOKEN" not in env and "METRICS_TOKEN_FILE" in env
    settings = settings_from(env, GatewaySettings if name == "gateway" else ServiceSettings)
    assert settings.metrics_token == made_keys[("Secret", METRICS_SECRET)]["metrics-token"]
    assert secret_keys_in(deployments[name], METRICS_SECRET) == {"metrics-token"}


@pytest.mark.parametrize("name", BACK_END_PORTS)
def test_a_back_end_answers_operator_jobs_and_the_gateway_if_it_calls_it_on_its_port_only(policies, pods, name):
    ingress = rules(policies, pods[name]["labels"], "ingress")
    assert ingress
    callers = {
        pod_name
        for pod_name, pod in pods.items()
        for rule in ingress
        for peer in peers(rule)
        if selects(peer["podSelector"], pod["labels"])
    }
    assert callers == ({"gateway"} if name in GATEWAY_BACK_ENDS else set())
    assert any(selects(peer["podSelector"], OPERATOR_JOB_LABELS) for rule in ingress for peer in peers(rule))
    for rule in ingress:
        assert ports(rule) == {("TCP", BACK_END_PORTS[name])}


def egress_ports(policies: dict, labels: dict[str, str]) -> set[tuple[str, int]]:
    return set().union(*(ports(rule) for rule in rules(policies, labels, "egress")))


def kafka_port(config: dict) -> int:
    return int(config["KAFKA_BOOTSTRAP_SERVERS"].rsplit(":", 1)[1])


def postgres_port(secret_template: dict) -> int:
    ports = {make_url(url).port for url in secret_template["stringData"].values()}
    (port,) = ports
    return port


def test_every_pod_reaches_the_cluster_dns(policies, pods):
    for name, labels in [*((n, p["labels"]) for n, p in pods.items()), ("operator job", OPERATOR_JOB_LABELS)]:
        dns = [rule for rule in rules(policies, labels, "egress") if ("UDP", 53) in ports(rule)]
        assert dns, f"{name} cannot resolve names"
        assert any(("TCP", 53) in ports(rule) for rule in dns), f"{name}: DNS over TCP (long answers) is blocked"
        for rule in dns:
            for peer in peers(rule):
                assert peer.get("podSelector", {}).get("matchLabels") == {"k8s-app": "kube-dns"}


def test_only_kafka_clients_reach_kafka_and_only_database_users_reach_postgresql(
    policies, pods, config, secret_template
):
    kafka, postgres = ("TCP", kafka_port(config)), ("TCP", postgres_port(secret_template))
    for name, pod in pods.items():
        allowed = egress_ports(policies, pod["labels"])
        assert (kafka in allowed) == ("KAFKA_BOOTSTRAP_SERVERS" in pod["env"]), name
        assert (postgres in allowed) == ("DATABASE_URL" in pod["env"]), name
    assert "KAFKA_BOOTSTRAP_SERVERS" not in pods["gateway"]["env"]


def test_the_gateway_uses_no_kafka_so_needs_no_way_to_it():
    source = ROOT / "services" / "gateway"
    texts = [path.read_text() for path in [*source.rglob("*.py"), source / "pyproject.toml"]]
    assert not any(word in text for text in texts for word in ("aiokafka", "faststream", "KAFKA_"))


@pytest.mark.parametrize("caller", ["gateway", "operator job"])
def test_the_gateway_and_operator_jobs_reach_each_back_end_on_its_port_and_nothing_else(policies, pods, caller):
    labels = pods["gateway"]["labels"] if caller == "gateway" else OPERATOR_JOB_LABELS
    back_ends = GATEWAY_BACK_ENDS if caller == "gateway" else BACK_END_PORTS
    egress = rules(policies, labels, "egress")
    for name, port in back_ends.items():
        assert any(
            ("TCP", port) in ports(rule)
            and any(
                selects(peer.get("podSelector", {"matchLabels": {"-": "-"}}), pods[name]["labels"])
                and "namespaceSelector" not in peer
                for peer in peers(rule)
            )
            for rule in egress
        ), f"{caller} cannot reach {name}"
    assert egress_ports(policies, labels) == {("TCP", p) for p in back_ends.values()} | {("UDP", 53), ("TCP", 53)}


# --- Kafka: each service its own user, and only its own password ------------------------------


def secret_keys_in(workload: dict, secret: str) -> set[str]:
    """The keys of `secret` a pod can read: mounted as files or referenced from its environment."""
    pod = workload["spec"]["template"]["spec"]
    keys = set()
    for volume in pod.get("volumes", []):
        if volume.get("secret", {}).get("secretName") == secret:
            items = volume["secret"].get("items")
            assert items, f"{volume['name']} mounts every key of {secret}"
            keys |= {item["key"] for item in items}
    for entry in container(workload).get("env", []):
        ref = entry.get("valueFrom", {}).get("secretKeyRef")
        if ref and ref["name"] == secret:
            keys.add(ref["key"])
    return keys


def test_the_services_speak_sasl_with_scram_to_kafka(config):
    assert config["KAFKA_SECURITY_PROTOCOL"] in {"SASL_SSL", "SASL_PLAINTEXT"}
    assert config["KAFKA_SASL_MECHANISM"] in {"SCRAM-SHA-512", "SCRAM-SHA-256"}


@pytest.mark.parametrize("name", BACK_END_PORTS)
def test_a_back_end_logs_in_to_kafka_as_its_own_user_with_its_password_from_a_mounted_file(
    deployments, config, made_keys, cluster_objects, tmp_path, name
):
    from servicekit.config import ServiceSettings
    from servicekit.kafka_security import client_options

    env = pod_environment(deployments[name], cluster_objects, tmp_path)
    # A file, not a value: no password in `kubectl describe` or the process environment.
    assert "KAFKA_PASSWORD" not in env and "KAFKA_PASSWORD_FILE" in env
    settings = settings_from(env, ServiceSettings)
    options = client_options(settings)
    password = made_keys[("Secret", KAFKA_SECRET)][f"{name}-password"]
    assert (options["sasl_plain_username"], options["sasl_plain_password"]) == (name, password)
    assert options["security_protocol"] == config["KAFKA_SECURITY_PROTOCOL"]
    assert options["sasl_mechanism"] == config["KAFKA_SASL_MECHANISM"]


@pytest.mark.parametrize("name", SERVICE_PORTS)
def test_a_pod_can_read_no_kafka_password_but_its_own(deployments, name):
    own = {f"{name}-password"} if name in BACK_END_PORTS else set()
    assert secret_keys_in(deployments[name], KAFKA_SECRET) == own


def test_the_topics_job_logs_in_as_admin_with_the_admin_password_only(config, made_keys, tmp_path):
    from clinic_contracts.admin import client_options_from_env

    (job,) = k8s_objects("Job").values()
    assert secret_keys_in(job, KAFKA_SECRET) == {"admin-password"}
    objects = {**made_keys, ("ConfigMap", "clinic-config"): config}
    options = client_options_from_env(pod_environment(job, objects, tmp_path))
    assert (options["sasl_plain_username"], options["sasl_plain_password"]) == (
        "admin",
        made_keys[("Secret", KAFKA_SECRET)]["admin-password"],
    )
    assert options["security_protocol"] == config["KAFKA_SECURITY_PROTOCOL"]


# --- Email: the notifications service and the SMTP relay -----------------------------------------


def test_the_notifications_service_mails_through_the_configured_relay_with_its_account(
    deployments, config, cluster_objects, tmp_path
):
    from clinic_notifications.config import NotificationsServiceSettings

    env = pod_environment(deployments["notifications"], cluster_objects, tmp_path)
    # A file, not a value, like the Kafka password.
    assert "SMTP_PASSWORD" not in env and "SMTP_PASSWORD_FILE" in env
    settings = settings_from(env, NotificationsServiceSettings)
    assert (settings.smtp_host, settings.smtp_port, settings.smtp_security) == (
        config["SMTP_HOST"],
        int(config["SMTP_PORT"]),
        config["SMTP_SECURITY"],
    )
    assert settings.mail_from == config["MAIL_FROM"]
    assert (settings.smtp_username, settings.smtp_password.get_secret_value()) == (
        SAMPLE_SMTP_ACCOUNT["username"],
        SAMPLE_SMTP_ACCOUNT["password"],
    )
    # The links in its emails point where people reach the gateway, as the settings service's do.
    assert settings.public_base_url == config["PUBLIC_BASE_URL"]


def test_the_smtp_template_holds_what_the_notifications_pod_reads():
    (secret,) = k8s_documents()[SMTP_TEMPLATE]
    assert (secret["kind"], secret["metadata"]["name"]) == ("Secret", SMTP_SECRET)
    assert secret["stringData"].keys() == SAMPLE_SMTP_ACCOUNT.keys()
    assert secret_keys_in(k8s_objects("Deployment")["notifications"], SMTP_SECRET) == SAMPLE_SMTP_ACCOUNT.keys()


@pytest.mark.parametrize("name", [*SERVICE_PORTS, "kafka-topics"])
def test_only_the_notifications_pod_reaches_the_smtp_relay_and_reads_its_account(
    deployments, policies, pods, config, name
):
    workload = {**deployments, **k8s_objects("Job")}[name]
    mails = name == "notifications"
    assert (("TCP", int(config["SMTP_PORT"])) in egress_ports(policies, pods[name]["labels"])) == mails
    assert ("SMTP_HOST" in pods[name]["env"]) == mails
    if not mails:
        assert secret_keys_in(workload, SMTP_SECRET) == set()
