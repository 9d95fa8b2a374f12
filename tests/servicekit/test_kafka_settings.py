"""A service's Kafka credentials, from the environment or a mounted secret file."""

import pytest
from faststream.security import SASLScram512

from servicekit.config import ServiceSettings
from servicekit.kafka_security import broker_security, client_options


def test_by_default_a_service_authenticates_with_scram_sha_512(monkeypatch) -> None:
    monkeypatch.setenv("KAFKA_USERNAME", "requests")
    monkeypatch.setenv("KAFKA_PASSWORD", "s3cret")
    security = broker_security(ServiceSettings())
    assert isinstance(security, SASLScram512)
    assert (security.username, security.password, security.use_ssl) == ("requests", "s3cret", False)
    assert client_options(ServiceSettings())["security_protocol"] == "SASL_PLAINTEXT"


def test_the_password_may_come_from_a_file(monkeypatch, tmp_path) -> None:
    secret = tmp_path / "kafka-password"
    secret.write_text("from-a-file\n")
    monkeypatch.setenv("KAFKA_USERNAME", "availability")
    monkeypatch.setenv("KAFKA_PASSWORD_FILE", str(secret))
    assert broker_security(ServiceSettings()).password == "from-a-file"


def test_sasl_ssl_encrypts(monkeypatch) -> None:
    monkeypatch.setenv("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
    settings = ServiceSettings(kafka_username="settings", kafka_password="x")
    options = client_options(settings)
    assert options["security_protocol"] == "SASL_SSL"
    assert options["ssl_context"] is not None


def test_missing_credentials_fail_at_once_unless_plaintext_is_chosen() -> None:
    with pytest.raises(ValueError, match="KAFKA_USERNAME"):
        broker_security(ServiceSettings(kafka_username="", kafka_password=""))
    assert broker_security(ServiceSettings(kafka_security_protocol="PLAINTEXT")) is None


def test_the_password_never_shows_in_the_settings_repr() -> None:
    assert "s3cret" not in repr(ServiceSettings(kafka_username="requests", kafka_password="s3cret"))
