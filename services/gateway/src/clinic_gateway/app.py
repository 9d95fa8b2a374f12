"""The gateway: the only public door, composing the services' HTTP APIs."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

from fastapi import FastAPI

from clinic_gateway.client_address import trusted_networks
from clinic_gateway.clients import Services
from clinic_gateway.clients.availability import AvailabilityClient
from clinic_gateway.clients.notifications import NotificationsClient
from clinic_gateway.clients.requests import RequestsClient
from clinic_gateway.clients.settings import SettingsClient
from clinic_gateway.clients.transport import ServiceClient, install_passing_on
from clinic_gateway.config import GatewaySettings
from clinic_gateway.pages.router import router as pages_router
from clinic_gateway.problems import Example, install_problem_schema, problems
from clinic_gateway.routes import (
    admin,
    audit,
    calendar_feeds,
    fhir,
    imports,
    invitations,
    notifications,
    password_resets,
    portal,
    scheduler,
    session,
    waitlist,
)
from clinic_gateway.tokens import TokenIssuer, sign_in_secret
from servicekit.actor_tokens import ActorTokenSigner, SigningKey
from servicekit.http_guards import install_http_guards
from servicekit.http_tracing import FASTAPI_TELEMETRY
from servicekit.metrics import Metrics, install_metrics
from servicekit.problems import Problem, install_problem_handlers
from servicekit.secrets import MissingKey


def create_app(settings: GatewaySettings | None = None) -> FastAPI:
    settings = settings or GatewaySettings()
    timeout = settings.service_timeout_seconds
    if not settings.internal_token_signing_key:
        raise MissingKey(
            "INTERNAL_TOKEN_SIGNING_KEY (or INTERNAL_TOKEN_SIGNING_KEY_FILE) is not set; "
            "make a key pair with `python -m servicekit.actor_tokens new KEY_ID`"
        )
    signer = ActorTokenSigner(SigningKey.parse(settings.internal_token_signing_key))
    secret = sign_in_secret(settings.token_secret, settings.dev_mode)
    services = Services(
        settings=SettingsClient("settings", settings.settings_url, timeout, signer),
        availability=AvailabilityClient("availability", settings.availability_url, timeout, signer),
        requests=RequestsClient("requests", settings.requests_url, timeout, signer),
        notifications=NotificationsClient("notifications", settings.notifications_url, timeout, signer),
        tokens=TokenIssuer(secret, timedelta(minutes=settings.token_minutes)),
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        await services.close()

    app = FastAPI(
        title="Clinic Appointment Requests",
        description="Portal, scheduler and admin APIs. Sign in with POST /api/session.",
        lifespan=lifespan,
        telemetry=FASTAPI_TELEMETRY,
    )
    app.state.services = services
    app.state.trusted_proxies = trusted_networks(settings.trusted_proxies)
    install_problem_handlers(app)
    app.state.import_timeout_seconds = settings.import_timeout_seconds
    install_http_guards(
        app,
        max_body_bytes=settings.max_request_body_bytes,
        larger_bodies={imports.IMPORTS: settings.max_import_body_bytes},
    )
    # Outside the guards: refused calls are timed too.
    install_metrics(app, Metrics(), settings.metrics_token)
    install_problem_schema(app)
    if settings.dev_mode:
        session.show_demo_accounts(app)

    install_passing_on(app)

    @app.get("/healthz", tags=["health"])
    async def healthz() -> dict[str, str]:
        return {"status": "alive"}

    not_ready = Example.of("not-ready", None, checks={"requests": "unavailable"})

    @app.get("/readyz", tags=["health"], responses=problems(not_ready))
    async def readyz() -> dict:
        # Not the notifications service: requests and decisions go on while email waits for it.
        clients = {"settings": services.settings, "availability": services.availability, "requests": services.requests}

        async def check(client: ServiceClient) -> str:
            try:
                response = await client.get("/readyz")
            except Problem:
                return "unavailable"
            return "ok" if response.status_code == 200 else "not ready"

        results = await asyncio.gather(*(check(client) for client in clients.values()))
        checks = dict(zip(clients, results, strict=False))
        if any(value != "ok" for value in checks.values()):
            raise not_ready.problem(checks=checks)
        return {
            "status": "ready",
            "checks": checks,
            **({"replica": settings.replica_id} if settings.replica_id else {}),
        }

    routers = (
        session.router,
        # Before the admin router, whose `GET /api/admin/{collection}` would take their fixed paths.
        invitations.admin_router,
        invitations.public_router,
        password_resets.admin_router,
        password_resets.public_router,
        audit.router,
        notifications.admin_router,
        notifications.own_router,
        imports.router,
        calendar_feeds.router,
        waitlist.portal_router,
        waitlist.scheduler_router,
        portal.router,
        scheduler.router,
        admin.router,
        fhir.router,
    )
    for router in routers:
        app.include_router(router)
    # Last, over every other handler: errors under /fhir as OperationOutcome.
    fhir.install_outcomes(app)
    app.include_router(pages_router)
    return app
