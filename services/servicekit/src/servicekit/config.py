"""Configuration from the environment, common to every back-end service."""

from pydantic_settings import BaseSettings, SettingsConfigDict


class ServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="", extra="ignore")

    database_url: str = "sqlite+aiosqlite:///./var/service.db"
    kafka_bootstrap_servers: str = "127.0.0.1:19092"
    http_host: str = "127.0.0.1"
    http_port: int = 8000
    # How often the outbox relay looks for unsent events when nothing woke it up.
    outbox_poll_seconds: float = 0.5
    # Attempts at handling one event before it goes to the dead-letter topic.
    consumer_attempts: int = 3
    # Prepended to consumer group names. A new prefix with an empty database makes a service
    # rebuild its read models from the compacted topics; test runs use one each to stay apart.
    consumer_group_prefix: str = ""
    # Larger request bodies are refused with a 413 before a route reads them; no API takes more.
    max_request_body_bytes: int = 64 * 1024
