"""Prometheus and Grafana in docker-compose.yml: pinned, on this machine's loopback only,
Prometheus scraping every service with the metrics token, and Grafana's dashboard asking only for
metrics the services expose."""

from __future__ import annotations

import json
import re
import secrets
from pathlib import Path

import httpx
import pytest
import yaml
from prometheus_client.parser import text_string_to_metric_families

from servicekit.actor_tokens import SigningKey
from tests.deploy.manifests import ROOT, SERVICE_PORTS, interpolate, load_compose

OBSERVABILITY = ROOT / "deploy" / "observability"
DASHBOARDS = OBSERVABILITY / "grafana" / "dashboards"


@pytest.fixture(scope="module")
def services() -> dict:
    return load_compose()["services"]


def mounted(service: dict, target: str) -> Path:
    """The repository file or folder `service` mounts (read-only) at `target`."""
    (source,) = [
        volume.split(":")[0]
        for volume in service["volumes"]
        if volume.startswith("./") and volume.split(":")[1:] == [target, "ro"]
    ]
    return ROOT / source


@pytest.mark.parametrize(
    ("name", "image", "port"), [("prometheus", "prom/prometheus", 9090), ("grafana", "grafana/grafana", 3000)]
)
def test_pinned_and_on_the_loopback_only(services: dict, name: str, image: str, port: int) -> None:
    service = services[name]
    repository, _, tag = service["image"].partition(":")
    assert repository == image
    assert re.fullmatch(r"v?\d+\.\d+\.\d+", tag), "an exact release, not latest"
    assert [interpolate(published) for published in service["ports"]] == [f"127.0.0.1:{port}:{port}"]


def test_prometheus_scrapes_every_service_with_the_metrics_token_from_a_file(services: dict) -> None:
    prometheus = services["prometheus"]
    command = " ".join(prometheus["command"])
    config_path = re.search(r"--config\.file=(\S+)", command).group(1)
    config = yaml.safe_load(mounted(prometheus, config_path).read_text())
    (job,) = config["scrape_configs"]
    assert job["metrics_path"] == "/metrics"
    targets = {target for group in job["static_configs"] for target in group["targets"]}
    assert targets == {f"{name}:{port}" for name, port in SERVICE_PORTS.items()}
    authorization = job["authorization"]
    assert authorization["type"] == "Bearer" and "credentials" not in authorization
    # The entrypoint writes the token (from the environment, as every service gets it) to that file.
    assert f'"$$METRICS_TOKEN" > {authorization["credentials_file"]}' in command
    assert "umask 077" in command
    token = prometheus["environment"]["METRICS_TOKEN"]
    assert token == "${CLINIC_METRICS_TOKEN:?run deploy/make-secrets.sh compose}"
    assert all(services[name]["environment"]["METRICS_TOKEN"] == token for name in SERVICE_PORTS)


def test_grafana_reads_the_compose_prometheus_and_provisions_the_dashboards(services: dict) -> None:
    grafana = services["grafana"]
    provisioning = mounted(grafana, "/etc/grafana/provisioning")
    (source,) = yaml.safe_load((provisioning / "datasources" / "prometheus.yml").read_text())["datasources"]
    assert source["type"] == "prometheus" and source["url"] == "http://prometheus:9090"
    (provider,) = yaml.safe_load((provisioning / "dashboards" / "clinic.yml").read_text())["providers"]
    assert mounted(grafana, provider["options"]["path"]) == DASHBOARDS
    for dashboard in DASHBOARDS.glob("*.json"):
        for panel in json.loads(dashboard.read_text())["panels"]:
            assert panel["datasource"]["uid"] == source["uid"], panel["title"]


async def exposed_metric_names() -> set[str]:
    """What the requests and notifications services expose (between them, every kind of metric),
    read from their /metrics, as built: no broker or database needed to list the names."""
    from clinic_notifications.bootstrap import create_app as notifications
    from clinic_notifications.config import NotificationsServiceSettings
    from clinic_requests.bootstrap import create_app as requests
    from clinic_requests.config import RequestsServiceSettings

    token, key = secrets.token_hex(16), SigningKey.generate("test")
    common = {
        "internal_token_public_keys": key.public_text(),
        "kafka_security_protocol": "PLAINTEXT",
        "metrics_token": token,
    }
    names = set()
    for app in (requests(RequestsServiceSettings(**common)), notifications(NotificationsServiceSettings(**common))):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://service") as http:
            response = await http.get("/metrics", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200, response.text
        for family in text_string_to_metric_families(response.text):
            names |= {family.name, *(sample.name for sample in family.samples)}
            # Families without samples yet (no call timed): their sample names by type.
            if family.type == "histogram":
                names |= {f"{family.name}_{suffix}" for suffix in ("bucket", "count", "sum")}
            if family.type == "counter":
                names.add(f"{family.name}_total")
    return names


async def test_the_dashboard_asks_only_for_metrics_the_services_expose() -> None:
    exposed = await exposed_metric_names()
    asked = set()
    for dashboard in DASHBOARDS.glob("*.json"):
        for panel in json.loads(dashboard.read_text())["panels"]:
            for target in panel["targets"]:
                asked |= set(re.findall(r"\bclinic_[a-z_]+", target["expr"]))
    assert asked, "the dashboard asks for nothing"
    assert asked <= exposed, sorted(asked - exposed)
    # Each part of the operator's view has a panel.
    for name in (
        "clinic_http_request_duration_seconds_bucket",
        "clinic_consumer_lag",
        "clinic_outbox_unsent_events",
        "clinic_outbox_oldest_unsent_age_seconds",
        "clinic_dead_lettered_events_total",
        "clinic_appointment_requests",
        "clinic_emails",
    ):
        assert name in asked, name


def test_the_kubernetes_scrape_job_finds_the_clinics_pods_by_label_and_port_name() -> None:
    from tests.deploy.manifests import k8s_objects

    (job,) = yaml.safe_load((OBSERVABILITY / "prometheus-k8s.yml").read_text())["scrape_configs"]
    assert job["metrics_path"] == "/metrics"
    assert job["authorization"]["type"] == "Bearer" and "credentials_file" in job["authorization"]
    kept = {rule["source_labels"][0]: rule["regex"] for rule in job["relabel_configs"] if rule.get("action") == "keep"}
    assert kept == {
        "__meta_kubernetes_pod_label_app_kubernetes_io_part_of": "clinic",
        "__meta_kubernetes_pod_container_port_name": "http",
    }
    for name, deployment in k8s_objects("Deployment").items():
        pod = deployment["spec"]["template"]
        assert pod["metadata"]["labels"]["app.kubernetes.io/part-of"] == "clinic", name
        (container,) = pod["spec"]["containers"]
        assert {port["name"]: port["containerPort"] for port in container["ports"]} == {"http": SERVICE_PORTS[name]}
