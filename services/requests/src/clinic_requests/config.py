from servicekit.config import ServiceSettings


class RequestsServiceSettings(ServiceSettings):
    database_url: str = "sqlite+aiosqlite:///./var/requests.db"
    http_port: int = 8003
    # How often pending requests are checked for expiry.
    expiry_sweep_seconds: float = 60.0
    # How long a submission waits for this service's copy of the settings to reach the revisions
    # the gateway saw (servicekit.settings_freshness) before answering 503 settings-catching-up.
    settings_catch_up_seconds: float = 3.0
