"""How a service authenticates to Kafka: the one place that turns settings into client security."""

import ssl
from typing import Any

from faststream.kafka.security import parse_security
from faststream.security import BaseSecurity, SASLScram256, SASLScram512

from servicekit.config import ServiceSettings

SCRAM = {"SCRAM-SHA-512": SASLScram512, "SCRAM-SHA-256": SASLScram256}


def broker_security(settings: ServiceSettings) -> BaseSecurity | None:
    """FastStream's security object for KafkaBroker(security=...); None means PLAINTEXT."""
    if settings.kafka_security_protocol == "PLAINTEXT":
        return None
    if not settings.kafka_username or not settings.kafka_password.get_secret_value():
        raise ValueError(
            f"KAFKA_SECURITY_PROTOCOL={settings.kafka_security_protocol} needs KAFKA_USERNAME and "
            "KAFKA_PASSWORD (or KAFKA_PASSWORD_FILE); PLAINTEXT only for a broker without authentication"
        )
    use_ssl = settings.kafka_security_protocol == "SASL_SSL"
    return SCRAM[settings.kafka_sasl_mechanism](
        settings.kafka_username,
        settings.kafka_password.get_secret_value(),
        ssl_context=ssl.create_default_context() if use_ssl else None,
        use_ssl=use_ssl,
    )


def client_options(settings: ServiceSettings) -> dict[str, Any]:
    """The same security as keyword arguments of aiokafka's own clients (admin, producer, consumer)."""
    security = broker_security(settings)
    return parse_security(security) if security is not None else {}
