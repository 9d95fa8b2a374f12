from pydantic_settings import BaseSettings


class GatewaySettings(BaseSettings):
    http_host: str = "127.0.0.1"
    http_port: int = 8000
    settings_url: str = "http://127.0.0.1:8001"
    availability_url: str = "http://127.0.0.1:8002"
    requests_url: str = "http://127.0.0.1:8003"
    # Every call to a service gives up after this long, so a service that is down is a 503, not a hang.
    service_timeout_seconds: float = 5.0
    # Signs sign-in tokens. Unset, a random one is made at start-up: tokens then die with the process,
    # which suits a laptop; production sets it (and rotates it) like any secret.
    token_secret: str | None = None
    token_minutes: int = 30
    # Larger request bodies are refused with a 413 before a route reads them.
    max_request_body_bytes: int = 64 * 1024
    # The local run command: /docs offers the demo clinic's accounts to sign in with.
    dev_mode: bool = False
    # Comma-separated addresses or networks (CIDR) of the reverse proxies in front of the gateway.
    # Only a request arriving from one of them has its X-Forwarded-For believed; otherwise anyone
    # could name any address and dodge the sign-in limit per client address. Empty: believe none.
    trusted_proxies: str = ""
