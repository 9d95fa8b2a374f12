"""What every HTTP process of the system (the gateway and each back-end service) reads from its
environment alike: where it listens, its name among replicas, the largest body it takes, and the
token `/metrics` is scraped with."""

from pathlib import Path
from typing import ClassVar, Self

from pydantic import model_validator
from pydantic_settings import BaseSettings

from servicekit.secrets import value_or_file


class HttpProcessSettings(BaseSettings):
    # The secrets also read from a mounted file: each `name` has a `name_file` (servicekit.secrets).
    secrets_from_files: ClassVar[tuple[str, ...]] = ("metrics_token",)

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
    def _read_secret_files(self) -> Self:
        for name in self.secrets_from_files:
            setattr(self, name, value_or_file(getattr(self, name), getattr(self, f"{name}_file"), name.upper()))
        return self
