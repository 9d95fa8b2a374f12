"""httpx clients that call a back-end service as one actor: a fresh actor token on every call.

For operators' jobs (the demo loader, imports) and tests. The gateway signs per call instead,
since each call is made for whoever signed in (clinic_gateway.clients.transport).
"""

from collections.abc import Generator

import httpx

from servicekit.actor_tokens import Actor, ActorTokenSigner, SigningKey


class ActorTokenAuth(httpx.Auth):
    def __init__(self, signer: ActorTokenSigner, actor: Actor, audience: str) -> None:
        self.signer = signer
        self.actor = actor
        self.audience = audience

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = f"Bearer {self.signer.token(self.actor, self.audience)}"
        yield request


def actor_auth(signing_key: str, actor: Actor, audience: str) -> ActorTokenAuth:
    """`signing_key` is the text form, `KEY_ID:BASE64URL`."""
    return ActorTokenAuth(ActorTokenSigner(SigningKey.parse(signing_key)), actor, audience)
