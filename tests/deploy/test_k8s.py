"""deploy/k8s: the manifests parse, and wire the services as they expect to be run."""

from __future__ import annotations

import shutil
import subprocess

import pytest
import yaml

from tests.deploy.manifests import (
    BACK_END_PORTS,
    K8S_DIR,
    ROOT,
    SERVICE_PORTS,
    dockerfile_instructions,
    final_stage,
    k8s_documents,
    k8s_objects,
    last,
)

SECRET_TEMPLATE = "secret.template.yaml"


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
    image_user = last(final_stage(dockerfile_instructions(ROOT / "services" / name / "Dockerfile")), "USER")
    assert str(pod["securityContext"]["runAsUser"]) == image_user.arguments.split(":")[0]
    env = env_sources(container(deployments[name]))
    assert env["HTTP_HOST"]["value"] == "0.0.0.0"
    assert env["HTTP_PORT"]["value"] == str(SERVICE_PORTS[name])


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
    for name, port in BACK_END_PORTS.items():
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


def test_the_secret_is_a_template_of_placeholders(secret_template: dict):
    text = (K8S_DIR / SECRET_TEMPLATE).read_text()
    assert text.lstrip().startswith("# TEMPLATE")
    assert secret_template["kind"] == "Secret"
    assert secret_template["stringData"]
    for key, value in secret_template["stringData"].items():
        assert "CHANGE_ME" in value, f"{key} looks like a real value"


def test_kustomization_applies_everything_but_the_secret_template():
    kustomization = yaml.safe_load((K8S_DIR / "kustomization.yaml").read_text())
    manifests = {path.name for path in K8S_DIR.glob("*.yaml")} - {"kustomization.yaml"}
    assert set(kustomization["resources"]) == manifests - {SECRET_TEMPLATE}


def test_kubectl_kustomize_renders_the_manifests():
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        pytest.skip("kubectl is not on PATH")
    result = subprocess.run(
        [kubectl, "kustomize", str(K8S_DIR)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    kinds = sorted(doc["kind"] for doc in yaml.safe_load_all(result.stdout))
    assert kinds == sorted(["ConfigMap", "Job"] + ["Deployment", "Service"] * len(SERVICE_PORTS))
