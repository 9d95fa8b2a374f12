"""What every HTTP process of the system (the gateway and each back-end service) reads from its
environment alike: where it listens, its name among replicas, the largest body it takes, and the
token `/metrics` is scraped with."""

from pathlib import Path
from typing import Self

from pydantic import model_validator
from pydantic_settings import BaseSettings

from servicekit.secrets import value_or_file


class HttpProcessSettings(BaseSettings):
    http_host: str = "127.0.0.1"
    http_port: int = 8000
    # Replicas on one machine share the port (SO_REUSEPORT); REPLICA_ID names each in /readyz.
    http_reuse_port: bool = False
    replica_id: str = ""
    # Larger request bodies are refused with a 413 before a route reads them.
    max_request_body_bytes: int = 64 * 1024
    # The bearer token Prometheus scrapes `/metrics` with (servicekit.metrics); unset, no `/metrics`.
    metrics_token: str | None = None
    metrics_token_file: Path | None = None

    @model_validator(mode="after")
    def _read_metrics_token_file(self) -> Self:
        self.metrics_token = value_or_file(self.metrics_token, self.metrics_token_file, "METRICS_TOKEN")
        return self
