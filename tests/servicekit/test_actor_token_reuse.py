"""A signer reuses a token for half its life and a verifier remembers one it verified until it
expires (servicekit.actor_tokens): signing and verifying an Ed25519 token for every internal call
was a part of the gateway's and the services' time. Neither changes what a token proves."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from servicekit.actor_tokens import LIFETIME, Actor, ActorTokenSigner, ActorTokenVerifier, SigningKey, parse_public_keys
from servicekit.problems import Problem

CLINIC = uuid.uuid4()


def _pair() -> tuple[ActorTokenSigner, ActorTokenVerifier]:
    key = SigningKey.generate("gateway-1")
    return ActorTokenSigner(key), ActorTokenVerifier(parse_public_keys(key.public_text()), "settings")


def test_the_same_actor_and_service_get_the_same_token_and_others_their_own() -> None:
    signer, verifier = _pair()
    wei, lily = Actor.portal_user(uuid.uuid4(), CLINIC), Actor.portal_user(uuid.uuid4(), CLINIC)
    first = signer.token(wei, "settings")
    assert signer.token(wei, "settings") == first
    assert signer.token(wei, "requests") != first
    assert signer.token(lily, "settings") != first
    assert verifier.actor(first) == wei
    assert verifier.actor(first) == wei  # remembered: the same answer


def test_a_token_signed_at_a_given_time_is_always_new_and_an_expired_one_is_refused_even_when_remembered(
    monkeypatch,
) -> None:
    signer, verifier = _pair()
    wei = Actor.portal_user(uuid.uuid4(), CLINIC)
    token = signer.token(wei, "settings", now=datetime.now(UTC))
    assert verifier.actor(token) == wei
    late = datetime.now(UTC) + LIFETIME + timedelta(minutes=1)

    class Later(datetime):
        @classmethod
        def now(cls, tz=None):
            return late

    # A minute and more later, for the verifier's memory and for the JWT library alike.
    monkeypatch.setattr("servicekit.actor_tokens.datetime", Later)
    monkeypatch.setattr("jwt.api_jwt.datetime", Later)
    with pytest.raises(Problem) as refused:
        verifier.actor(token)
    assert refused.value.status == 401
