from servicekit.config import ServiceSettings


class RequestsServiceSettings(ServiceSettings):
    database_url: str = "sqlite+aiosqlite:///./var/requests.db"
    http_port: int = 8003
