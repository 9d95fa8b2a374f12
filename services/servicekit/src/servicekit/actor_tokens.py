"""Actor tokens: every call to a back-end service says whom it is made for, and proves it.

The gateway signs in a person, then signs for each call a token of one minute, for one service
(the audience), naming the actor: a portal user, a staff user or a system (the gateway itself
before anyone has signed in, an operator's job such as the demo loader). Back-end services hold
only public keys, so a compromised service can read what it is sent but cannot speak for anyone.

Keys are Ed25519 and travel as text, `KEY_ID:BASE64URL` (the raw 32 bytes):
- a signer has one signing key (`INTERNAL_TOKEN_SIGNING_KEY`);
- a verifier has a list of public keys (`INTERNAL_TOKEN_PUBLIC_KEYS`, comma-separated), so a new
  key is added to every verifier first, then signers switch to it, then the old one is dropped:
  a rotation without downtime. The token's `kid` header says which key signed it.
- a key's id says what it may speak for: an `operator-…` key only for the operator (its jobs run
  with full rights, so their key is kept apart), any other key (the gateway's) only for people
  and the gateway itself. A stolen gateway key cannot mint an operator, nor an operator's a person.

`python -m servicekit.actor_tokens new KEY_ID` prints a new key pair in that form.
"""

from __future__ import annotations

import base64
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from uuid import UUID

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

from servicekit.problems import Problem

ALGORITHM = "EdDSA"
ISSUER = "clinic-appointment-requests"
LIFETIME = timedelta(seconds=60)
# Clocks of two machines disagree a little; a token is not refused for a second or two of that.
CLOCK_LEEWAY = timedelta(seconds=5)
OPERATOR_KEY_PREFIX = "operator-"
# A signer gives the same token for the same actor and service for the first half of its life: a
# token carries no nonce, so a fresh one proves nothing more, and signing one for every call was a
# part of the gateway's time worth saving (benchmark profile, issue 13). Half, so that a reused
# token still has 30 s to live when it arrives.
REUSED_FOR = LIFETIME / 2
# At most this many tokens kept (signer) or remembered as verified (verifier); then forgotten.
_MEMORY = 10_000


class ActorKind(StrEnum):
    PORTAL = "portal"
    STAFF = "staff"
    SYSTEM = "system"


class SystemActor(StrEnum):
    """The callers that are not people. Only what is named here exists."""

    # The gateway on its own behalf: checking a password before anyone has signed in.
    GATEWAY = "gateway"
    # An operator's job with full rights in the clinic data: the demo loader, imports, tests.
    OPERATOR = "operator"


@dataclass(frozen=True)
class Actor:
    kind: ActorKind
    # A person's id, or a SystemActor's name.
    id: str
    clinic_id: UUID | None = None

    @classmethod
    def portal_user(cls, portal_user_id: UUID, clinic_id: UUID) -> Actor:
        return cls(ActorKind.PORTAL, str(portal_user_id), clinic_id)

    @classmethod
    def staff_user(cls, staff_user_id: UUID, clinic_id: UUID) -> Actor:
        return cls(ActorKind.STAFF, str(staff_user_id), clinic_id)

    @classmethod
    def system(cls, which: SystemActor) -> Actor:
        return cls(ActorKind.SYSTEM, which.value)

    @property
    def portal_user_id(self) -> UUID | None:
        return UUID(self.id) if self.kind is ActorKind.PORTAL else None

    @property
    def staff_user_id(self) -> UUID | None:
        return UUID(self.id) if self.kind is ActorKind.STAFF else None

    @property
    def reference(self) -> str:
        """How records name the actor: "staff:<id>", "portal:<id>", "system:operator"."""
        return f"{self.kind.value}:{self.id}"

    def is_system(self, which: SystemActor) -> bool:
        return self.kind is ActorKind.SYSTEM and self.id == which.value


def not_authenticated(detail: str) -> Problem:
    return Problem(401, "not-authenticated", "The call does not say who makes it", detail)


class KeyFormatError(ValueError):
    pass


def _split(value: str) -> tuple[str, bytes]:
    key_id, sep, encoded = value.strip().partition(":")
    if not sep or not key_id or not encoded:
        raise KeyFormatError("a key is written KEY_ID:BASE64URL")
    try:
        raw = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
    except ValueError as error:
        raise KeyFormatError(f"key {key_id!r} is not base64url") from error
    if len(raw) != 32:
        raise KeyFormatError(f"key {key_id!r} has {len(raw)} bytes; an Ed25519 key has 32")
    return key_id, raw


def _encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


@dataclass(frozen=True)
class SigningKey:
    key_id: str
    private_key: Ed25519PrivateKey

    @classmethod
    def parse(cls, value: str) -> SigningKey:
        key_id, raw = _split(value)
        return cls(key_id, Ed25519PrivateKey.from_private_bytes(raw))

    @classmethod
    def generate(cls, key_id: str) -> SigningKey:
        return cls(key_id, Ed25519PrivateKey.generate())

    def text(self) -> str:
        raw = self.private_key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        return f"{self.key_id}:{_encode(raw)}"

    def public_text(self) -> str:
        raw = self.private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        return f"{self.key_id}:{_encode(raw)}"


def parse_public_keys(value: str) -> dict[str, Ed25519PublicKey]:
    keys = {}
    for item in filter(None, (part.strip() for part in value.split(","))):
        key_id, raw = _split(item)
        keys[key_id] = Ed25519PublicKey.from_public_bytes(raw)
    if not keys:
        raise KeyFormatError("no public key given")
    return keys


class ActorTokenSigner:
    def __init__(self, key: SigningKey) -> None:
        self.key = key
        self._signed: dict[tuple[Actor, str], tuple[str, datetime]] = {}

    def token(self, actor: Actor, audience: str, now: datetime | None = None) -> str:
        """A token for `actor` to call `audience`: one signed in the last `REUSED_FOR`, or a new one.
        `now` (tests, tools) always signs anew, at that time."""
        if now is not None:
            return self._sign(actor, audience, now)
        moment = datetime.now(UTC)
        kept = self._signed.get((actor, audience))
        if kept is not None and moment < kept[1]:
            return kept[0]
        token = self._sign(actor, audience, moment)
        if len(self._signed) >= _MEMORY:
            self._signed.clear()
        self._signed[(actor, audience)] = (token, moment + REUSED_FOR)
        return token

    def _sign(self, actor: Actor, audience: str, issued: datetime) -> str:
        claims = {
            "iss": ISSUER,
            "aud": audience,
            "sub": actor.id,
            "kind": actor.kind.value,
            "iat": issued,
            "exp": issued + LIFETIME,
        }
        if actor.clinic_id is not None:
            claims["clinic"] = str(actor.clinic_id)
        return jwt.encode(claims, self.key.private_key, algorithm=ALGORITHM, headers={"kid": self.key.key_id})


class ActorTokenVerifier:
    def __init__(self, public_keys: dict[str, Ed25519PublicKey], audience: str) -> None:
        self.public_keys = public_keys
        self.audience = audience
        # Tokens already verified, with the actor and the moment they expire: the signer reuses a
        # token for half a minute, and the same string verifies the same way until it expires.
        self._verified: dict[str, tuple[Actor, datetime]] = {}

    def actor(self, token: str) -> Actor:
        known = self._verified.get(token)
        if known is not None:
            if datetime.now(UTC) <= known[1] + CLOCK_LEEWAY:
                return known[0]
            del self._verified[token]
        actor, expires = self._verify(token)
        if len(self._verified) >= _MEMORY:
            self._verified.clear()
        self._verified[token] = (actor, expires)
        return actor

    def _verify(self, token: str) -> tuple[Actor, datetime]:
        try:
            key_id = jwt.get_unverified_header(token).get("kid")
            key = self.public_keys.get(key_id)
            if key is None:
                raise not_authenticated("The token is signed with a key this service does not know.")
            claims = jwt.decode(
                token,
                key,
                algorithms=[ALGORITHM],
                audience=self.audience,
                issuer=ISSUER,
                leeway=CLOCK_LEEWAY,
                options={"require": ["exp", "iat", "aud", "iss", "sub"]},
            )
            clinic = claims.get("clinic")
            actor = Actor(ActorKind(claims["kind"]), claims["sub"], UUID(clinic) if clinic else None)
            if key_id.startswith(OPERATOR_KEY_PREFIX) != actor.is_system(SystemActor.OPERATOR):
                raise not_authenticated(f"Key {key_id!r} may not speak for a {actor.kind.value} actor.")
            if actor.kind is ActorKind.SYSTEM:
                SystemActor(actor.id)  # an unknown system name is refused like a bad signature
            elif actor.clinic_id is None:
                raise not_authenticated("A person's token names their clinic.")
            else:
                UUID(actor.id)
            return actor, datetime.fromtimestamp(claims["exp"], UTC)
        except jwt.ExpiredSignatureError as error:
            raise not_authenticated("The token has expired.") from error
        except jwt.InvalidAudienceError as error:
            raise not_authenticated(f"The token is not for the {self.audience} service.") from error
        except (jwt.InvalidTokenError, KeyError, ValueError) as error:
            raise not_authenticated("The token is not valid.") from error


def main(argv: list[str]) -> None:
    if len(argv) != 2 or argv[0] != "new":
        sys.exit("usage: python -m servicekit.actor_tokens new KEY_ID")
    key = SigningKey.generate(argv[1])
    print(f"INTERNAL_TOKEN_SIGNING_KEY={key.text()}")
    print(f"INTERNAL_TOKEN_PUBLIC_KEYS={key.public_text()}")


if __name__ == "__main__":
    main(sys.argv[1:])
