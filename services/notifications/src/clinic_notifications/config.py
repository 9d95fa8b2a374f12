from pathlib import Path
from typing import Literal

from pydantic import SecretStr, model_validator

from servicekit.config import ServiceSettings
from servicekit.secrets import value_or_file


class NotificationsServiceSettings(ServiceSettings):
    database_url: str = "sqlite+aiosqlite:///./var/notifications.db"
    http_port: int = 8004
    # Where links in emails point: the gateway, as the public reaches it.
    public_base_url: str = "http://127.0.0.1:8000"
    # The SMTP relay (Mailpit on a laptop and in the tests; the clinic's relay in production).
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 1025
    smtp_security: Literal["none", "starttls", "tls"] = "none"
    smtp_username: str = ""
    smtp_password: SecretStr = SecretStr("")
    smtp_password_file: Path | None = None
    smtp_timeout_seconds: float = 20.0
    mail_from: str = "Clinic Appointment Requests <no-reply@clinic-appointment-requests.example>"
    # Delivery: attempts before an email is `failed` (an admin can retry it), and the back-off
    # between them (doubling from the first, up to the longest).
    delivery_attempts: int = 8
    retry_first_seconds: float = 5.0
    retry_longest_seconds: float = 600.0
    # How often the sender looks for due emails when nothing woke it up.
    delivery_poll_seconds: float = 2.0
    # An event naming someone this service's copy of the settings does not hold yet (a person
    # invited a moment ago) is tried again for a while before it is dead-lettered: waits of
    # 0.5, 1, 1.5, ... s between the attempts (about 10 s in all), since nobody waits on an email.
    consumer_attempts: int = 7
    consumer_retry_seconds: float = 0.5
    # Schedulers' daily digest of what still waits, sent at this local hour of the clinic.
    digest_hour: int = 7
    digest_check_seconds: float = 300.0

    @model_validator(mode="after")
    def _read_smtp_password_file(self) -> "NotificationsServiceSettings":
        password = value_or_file(self.smtp_password.get_secret_value(), self.smtp_password_file, "SMTP_PASSWORD")
        self.smtp_password = SecretStr(password or "")
        return self
