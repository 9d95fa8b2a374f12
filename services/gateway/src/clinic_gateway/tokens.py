"""Short-lived signed tokens: who signed in, of which kind, for which clinic."""

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from uuid import UUID

import jwt

from servicekit.problems import Problem

ALGORITHM = "HS256"


class UserKind(StrEnum):
    STAFF = "staff"
    PORTAL = "portal"


@dataclass(frozen=True)
class SignedIn:
    kind: UserKind
    user_id: UUID
    clinic_id: UUID


def not_signed_in(detail: str) -> Problem:
    return Problem(401, "not-signed-in", "Please sign in", detail)


class TokenIssuer:
    def __init__(self, secret: str | None, lifetime: timedelta) -> None:
        self.secret = secret or secrets.token_urlsafe(32)
        self.lifetime = lifetime

    def issue(self, user: SignedIn) -> tuple[str, datetime]:
        expires = datetime.now(UTC) + self.lifetime
        claims = {"sub": str(user.user_id), "kind": user.kind.value, "clinic": str(user.clinic_id), "exp": expires}
        return jwt.encode(claims, self.secret, algorithm=ALGORITHM), expires

    def read(self, token: str) -> SignedIn:
        try:
            claims = jwt.decode(token, self.secret, algorithms=[ALGORITHM], options={"require": ["exp", "sub"]})
            return SignedIn(UserKind(claims["kind"]), UUID(claims["sub"]), UUID(claims["clinic"]))
        except jwt.ExpiredSignatureError as error:
            raise not_signed_in("Your session has expired; sign in again.") from error
        except (jwt.InvalidTokenError, KeyError, ValueError) as error:
            raise not_signed_in("The sign-in token is not valid.") from error
