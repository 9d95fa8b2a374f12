"""The gateway: the only public door, composing the services' HTTP APIs."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from uuid import UUID

from fastapi import FastAPI, Response

from servicekit.problems import Problem, install_problem_handlers

from clinic_gateway.config import GatewaySettings
from clinic_gateway.services import ServiceClient


def relay(response) -> Response:
    return Response(
        content=response.content,
        status_code=response.status_code,
        media_type=response.headers.get("content-type"),
    )


def create_app(settings: GatewaySettings | None = None) -> FastAPI:
    settings = settings or GatewaySettings()
    services = {
        name: ServiceClient(name, url, settings.service_timeout_seconds)
        for name, url in {
            "settings": settings.settings_url,
            "availability": settings.availability_url,
            "requests": settings.requests_url,
        }.items()
    }

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        for client in services.values():
            await client.close()

    app = FastAPI(title="Clinic Appointment Requests", lifespan=lifespan)
    install_problem_handlers(app)

    @app.get("/healthz", tags=["health"])
    async def healthz() -> dict[str, str]:
        return {"status": "alive"}

    @app.get("/readyz", tags=["health"])
    async def readyz() -> dict:
        async def check(client: ServiceClient) -> str:
            try:
                response = await client.get("/readyz")
            except Problem:
                return "unavailable"
            return "ok" if response.status_code == 200 else "not ready"

        results = await asyncio.gather(*(check(client) for client in services.values()))
        checks = dict(zip(services, results))
        if any(value != "ok" for value in checks.values()):
            raise Problem(503, "not-ready", "The system is not ready", checks=checks)
        return {"status": "ready", "checks": checks}

    @app.get("/api/clinics/{clinic_id}", tags=["clinic"])
    async def clinic(clinic_id: UUID) -> Response:
        return relay(await services["settings"].get(f"/clinics/{clinic_id}"))

    return app
