from servicekit.config import ServiceSettings


class AvailabilityServiceSettings(ServiceSettings):
    database_url: str = "sqlite+aiosqlite:///./var/availability.db"
    http_port: int = 8002
