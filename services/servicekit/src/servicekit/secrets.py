"""Secrets and keys come from the environment or from a mounted file (a Kubernetes or Compose
secret): `NAME` holds the value itself, `NAME_FILE` the path of a file holding it."""

from pathlib import Path


def value_or_file(value: str | None, file: Path | None, name: str) -> str | None:
    if value and file:
        raise ValueError(f"set {name} or {name}_FILE, not both")
    if file:
        # Secret files usually end with a newline that is no part of the secret.
        return file.read_text().strip()
    return value


class MissingKey(RuntimeError):
    """A service refuses to start rather than run open."""
