from servicekit.config import ServiceSettings


class SettingsServiceSettings(ServiceSettings):
    database_url: str = "sqlite+aiosqlite:///./var/settings.db"
    http_port: int = 8001
