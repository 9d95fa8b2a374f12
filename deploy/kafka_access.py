"""How local processes reach the broker: its address, and the SCRAM users of kafka.sh's credentials.env.

The run command, the process stack and the tests share it, so a service always gets its own
Kafka user, never the super user.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from clinic_contracts.admin import read_env_file
from clinic_contracts.kafka_acls import Acl, kafka_acls_arguments, service_users

KAFKA_SCRIPT = Path(__file__).resolve().parent / "kafka" / "kafka.sh"


@dataclass(frozen=True)
class KafkaUser:
    username: str
    password: str = field(repr=False)


@dataclass(frozen=True)
class KafkaAccess:
    bootstrap: str
    # None, and no service users: a broker without authentication (PLAINTEXT).
    admin: KafkaUser | None
    services: dict[str, KafkaUser]
    security_protocol: str = "SASL_PLAINTEXT"

    @classmethod
    def from_credentials_file(
        cls, bootstrap: str, path: Path, security_protocol: str = "SASL_PLAINTEXT"
    ) -> KafkaAccess:
        """credentials.env as kafka.sh writes it: KAFKA_ADMIN_USERNAME, KAFKA_<USER>_PASSWORD."""
        values = read_env_file(path)
        missing = [name for name in ("admin", *service_users()) if password_variable(name) not in values]
        if missing:
            # Users are made when the storage is formatted: a run dir older than a service lacks it.
            raise LookupError(f"{path} has no password for {', '.join(missing)}; `kafka.sh reset` makes new users")
        admin = KafkaUser(values["KAFKA_ADMIN_USERNAME"], values["KAFKA_ADMIN_PASSWORD"])
        services = {name: KafkaUser(name, values[password_variable(name)]) for name in service_users()}
        return cls(bootstrap, admin, services, security_protocol)

    @classmethod
    def unauthenticated(cls, bootstrap: str) -> KafkaAccess:
        return cls(bootstrap, None, {}, "PLAINTEXT")

    def service_env(self, name: str) -> dict[str, str]:
        """A service's Kafka environment: the broker and the service's own user."""
        env = {"KAFKA_BOOTSTRAP_SERVERS": self.bootstrap, "KAFKA_SECURITY_PROTOCOL": self.security_protocol}
        if self.admin is not None:
            user = self.services[name]
            env |= {"KAFKA_USERNAME": user.username, "KAFKA_PASSWORD": user.password}
        return env

    def admin_env(self) -> dict[str, str]:
        """For `python -m clinic_contracts.admin` and `kafka.sh acls`."""
        env = {"KAFKA_BOOTSTRAP_SERVERS": self.bootstrap, "KAFKA_SECURITY_PROTOCOL": self.security_protocol}
        if self.admin is not None:
            env |= {
                "KAFKA_USERNAME": self.admin.username,
                "KAFKA_PASSWORD": self.admin.password,
                "KAFKA_ADMIN_USERNAME": self.admin.username,
                "KAFKA_ADMIN_PASSWORD": self.admin.password,
            }
        return env


def password_variable(user: str) -> str:
    return f"KAFKA_{user.upper().replace('-', '_')}_PASSWORD"


def apply_acls(access: KafkaAccess, acls: list[Acl]) -> None:
    """Add the ACLs as the super user, through kafka.sh (aiokafka cannot create ACLs)."""
    if access.admin is None:
        return  # no authorizer to tell
    calls = "".join(shlex.join(call) + "\n" for call in kafka_acls_arguments(acls))
    done = subprocess.run(
        ["bash", str(KAFKA_SCRIPT), "acls"],
        input=calls,
        capture_output=True,
        text=True,
        env={**os.environ, **access.admin_env()},
    )
    if done.returncode != 0:
        raise RuntimeError(f"kafka.sh acls failed:\n{done.stderr[-3000:]}")
