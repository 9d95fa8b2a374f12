"""Short-lived signed tokens: who signed in, of which kind, for which clinic."""

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from uuid import UUID

import jwt

from clinic_gateway.config import MIN_TOKEN_SECRET_LENGTH
from servicekit.actor_tokens import Actor, ActorKind
from servicekit.problems import Problem
from servicekit.secrets import MissingKey

ALGORITHM = "HS256"


class UserKind(StrEnum):
    STAFF = "staff"
    PORTAL = "portal"


@dataclass(frozen=True)
class SignedIn:
    kind: UserKind
    user_id: UUID
    clinic_id: UUID

    def actor(self) -> Actor:
        """The same person, as named to the back-end services."""
        return Actor(ActorKind(self.kind.value), str(self.user_id), self.clinic_id)


def not_signed_in(detail: str) -> Problem:
    return Problem(401, "not-signed-in", "Please sign in", detail)


def sign_in_secret(secret: str | None, dev_mode: bool) -> str:
    """The configured secret; in development mode only, a random one when none is set (tokens
    then die with the process and a second replica would refuse them)."""
    if not secret:
        if dev_mode:
            return secrets.token_urlsafe(32)
        raise MissingKey("TOKEN_SECRET (or TOKEN_SECRET_FILE) is not set; outside DEV_MODE the gateway needs it")
    if len(secret) < MIN_TOKEN_SECRET_LENGTH and not dev_mode:
        raise MissingKey(f"TOKEN_SECRET is shorter than {MIN_TOKEN_SECRET_LENGTH} characters")
    return secret


class TokenIssuer:
    def __init__(self, secret: str, lifetime: timedelta) -> None:
        self.secret = secret
        self.lifetime = lifetime

    def issue(self, user: SignedIn) -> tuple[str, datetime]:
        expires = datetime.now(UTC) + self.lifetime
        claims = {"sub": str(user.user_id), "kind": user.kind.value, "clinic": str(user.clinic_id), "exp": expires}
        return jwt.encode(claims, self.secret, algorithm=ALGORITHM), expires

    def reading(self, authorization: str | None) -> SignedIn | Problem:
        """Who an `Authorization: Bearer` header names, or the 401 problem saying what is wrong."""
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return not_signed_in("Send the token from POST /api/session as 'Authorization: Bearer <token>'.")
        try:
            return self.read(token.strip())
        except Problem as problem:
            return problem

    def read(self, token: str) -> SignedIn:
        try:
            claims = jwt.decode(token, self.secret, algorithms=[ALGORITHM], options={"require": ["exp", "sub"]})
            return SignedIn(UserKind(claims["kind"]), UUID(claims["sub"]), UUID(claims["clinic"]))
        except jwt.ExpiredSignatureError as error:
            raise not_signed_in("Your session has expired; sign in again.") from error
        except (jwt.InvalidTokenError, KeyError, ValueError) as error:
            raise not_signed_in("The sign-in token is not valid.") from error
