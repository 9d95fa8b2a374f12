from pathlib import Path

from servicekit.http_body_limit import DEFAULT_MAX_IMPORT_BODY_BYTES
from servicekit.process_settings import HttpProcessSettings

# HS256 with a shorter secret can be guessed offline from any token a user holds.
MIN_TOKEN_SECRET_LENGTH = 32


class GatewaySettings(HttpProcessSettings):
    secrets_from_files = ("metrics_token", "token_secret", "internal_token_signing_key")

    settings_url: str = "http://127.0.0.1:8001"
    availability_url: str = "http://127.0.0.1:8002"
    requests_url: str = "http://127.0.0.1:8003"
    notifications_url: str = "http://127.0.0.1:8004"
    # Every call to a service gives up after this long, so a service that is down is a 503, not a hang.
    service_timeout_seconds: float = 5.0
    # Development mode (DEV_MODE=true, set by ./deploy/run.sh only): a random sign-in secret when
    # none is given, and the demo clinic's credentials in /docs. Never in production.
    dev_mode: bool = False
    # Signs sign-in tokens; every gateway replica shares it, so each accepts the others' tokens.
    # Required outside development mode, at least MIN_TOKEN_SECRET_LENGTH characters.
    token_secret: str | None = None
    token_secret_file: Path | None = None
    token_minutes: int = 30
    # An import (POST /api/admin/imports) may be this large, and may take this long in the
    # settings service: one transaction for a whole clinic.
    max_import_body_bytes: int = DEFAULT_MAX_IMPORT_BODY_BYTES
    import_timeout_seconds: float = 300.0
    # Comma-separated addresses or networks (CIDR) of the reverse proxies in front of the gateway.
    # Only a request arriving from one of them has its X-Forwarded-For believed; otherwise anyone
    # could name any address and dodge the sign-in limit per client address. Empty: believe none.
    trusted_proxies: str = ""
    # Signs the actor token on every call to a back-end service (servicekit.actor_tokens).
    internal_token_signing_key: str | None = None
    internal_token_signing_key_file: Path | None = None
