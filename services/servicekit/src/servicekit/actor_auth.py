"""The one check every back-end call passes: a valid actor token for this service.

It runs before routing, so a route added tomorrow is protected without anyone remembering to
protect it; only the health probes are open (an orchestrator calls them without credentials), and
`/metrics`, which checks a token of its own.
Routes read the verified actor with the `CurrentActor` dependency.
"""

from contextvars import ContextVar
from typing import Annotated

from fastapi import Depends, Request
from starlette.types import ASGIApp, Receive, Scope, Send

from servicekit.actor_tokens import Actor, ActorTokenVerifier, SystemActor, not_authenticated
from servicekit.http_middleware import HttpMiddleware
from servicekit.problems import Problem, problem_response

# `/metrics` takes the operator's metrics token instead (servicekit.metrics): Prometheus proves
# itself with that, not with an actor token.
OPEN_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})

# The actor of the call being served, for what records who did something (an audit trail, an
# event's `actor`) without every use case passing it along; None outside a call.
ACTING_ACTOR: ContextVar[Actor | None] = ContextVar("acting_actor", default=None)


class ActorAuthentication(HttpMiddleware):
    def __init__(self, app: ASGIApp, verifier: ActorTokenVerifier) -> None:
        super().__init__(app)
        self.verifier = verifier

    def passes(self, scope: Scope) -> bool:
        return scope["path"] in OPEN_PATHS

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            actor = self.verifier.actor(_bearer_token(scope))
        except Problem as problem:
            response = problem_response(problem, scope["path"])
            response.headers["WWW-Authenticate"] = 'Bearer realm="clinic-internal"'
            await response(scope, receive, send)
            return
        scope.setdefault("state", {})["actor"] = actor
        reset = ACTING_ACTOR.set(actor)
        try:
            await self.app(scope, receive, send)
        finally:
            ACTING_ACTOR.reset(reset)


def _bearer_token(scope: Scope) -> str:
    for name, value in scope["headers"]:
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            if scheme.lower() == "bearer" and token.strip():
                return token.strip()
            break
    raise not_authenticated("Send an actor token as 'Authorization: Bearer <token>'.")


async def current_actor(request: Request) -> Actor:
    return request.state.actor


CurrentActor = Annotated[Actor, Depends(current_actor)]


def actor_may_not(detail: str) -> Problem:
    """The one refusal of a proven actor who may not do this; each service says why."""
    return Problem(403, "actor-may-not", "You may not do this", detail)


def kind_may_not(actor: Actor) -> Problem:
    return actor_may_not(f"A {actor.kind.value} actor may not do this.")


async def operator_only(actor: CurrentActor) -> Actor:
    """For what only operators' jobs may read, such as a service's view of the settings."""
    if not actor.is_system(SystemActor.OPERATOR):
        raise Problem(403, "operators-only", "Not for this caller", "Only an operator's job may do this.")
    return actor
