"""The HTTP client of the settings service's operator commands (the demo loader, the first
clinic): they call the service's own API, signed as the operator."""

import os
import sys

import httpx

from servicekit.actor_http import actor_auth
from servicekit.actor_tokens import Actor, SystemActor


def operator_client(url: str, who: str) -> httpx.Client:
    """`who` ("the demo loader") is named when the signing key is missing."""
    signing_key = os.environ.get("INTERNAL_TOKEN_SIGNING_KEY")
    if not signing_key:
        sys.exit(f"INTERNAL_TOKEN_SIGNING_KEY is not set: {who} signs its calls as the operator")
    auth = actor_auth(signing_key, Actor.system(SystemActor.OPERATOR), "settings")
    return httpx.Client(base_url=url, auth=auth, timeout=30)
