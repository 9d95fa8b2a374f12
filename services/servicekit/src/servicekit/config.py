"""Configuration from the environment, common to every back-end service."""

from pathlib import Path
from typing import Literal

from pydantic import SecretStr, model_validator
from pydantic_settings import SettingsConfigDict

from servicekit.process_settings import HttpProcessSettings
from servicekit.secrets import value_or_file


class ServiceSettings(HttpProcessSettings):
    model_config = SettingsConfigDict(env_prefix="", extra="ignore")
    secrets_from_files = ("metrics_token", "internal_token_public_keys")

    database_url: str = "sqlite+aiosqlite:///./var/service.db"
    kafka_bootstrap_servers: str = "127.0.0.1:19092"
    # The broker authenticates every client (SCRAM) and authorises it by ACLs, so each service
    # has a Kafka user of its own. PLAINTEXT (no authentication) is an explicit opt-out only.
    kafka_security_protocol: Literal["SASL_PLAINTEXT", "SASL_SSL", "PLAINTEXT"] = "SASL_PLAINTEXT"
    kafka_sasl_mechanism: Literal["SCRAM-SHA-512", "SCRAM-SHA-256"] = "SCRAM-SHA-512"
    kafka_username: str = ""
    kafka_password: SecretStr = SecretStr("")
    # A mounted secret (Kubernetes, compose): read when KAFKA_PASSWORD itself is not set.
    kafka_password_file: Path | None = None
    # How often the outbox relay looks for unsent events when nothing woke it up.
    outbox_poll_seconds: float = 0.5
    # Attempts at handling one event before it goes to the dead-letter topic.
    consumer_attempts: int = 3
    # Prepended to consumer group names. A new prefix with an empty database makes a service
    # rebuild its read models from the compacted topics; test runs use one each to stay apart.
    # The broker's group ACLs include it (clinic_contracts.kafka_acls), so a new one needs them again.
    consumer_group_prefix: str = ""
    # Public keys that sign actor tokens (servicekit.actor_tokens): `KEY_ID:BASE64URL`, comma-separated.
    # Without them the HTTP API refuses to start: no call could prove who makes it.
    internal_token_public_keys: str | None = None
    internal_token_public_keys_file: Path | None = None

    @model_validator(mode="after")
    def _read_kafka_password_file(self) -> "ServiceSettings":
        password = value_or_file(self.kafka_password.get_secret_value(), self.kafka_password_file, "KAFKA_PASSWORD")
        self.kafka_password = SecretStr(password or "")
        return self
