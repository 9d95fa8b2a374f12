from servicekit.config import ServiceSettings


class RequestsServiceSettings(ServiceSettings):
    database_url: str = "sqlite+aiosqlite:///./var/requests.db"
    http_port: int = 8003
    # How often pending requests are checked for expiry.
    expiry_sweep_seconds: float = 60.0
