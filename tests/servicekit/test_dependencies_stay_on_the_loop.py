"""Every route's dependencies are coroutines: FastAPI runs a plain function (or a class) dependency
in its thread pool, a thread hop of about 0.1 ms of CPU and two context switches per call for
what takes a microsecond on the event loop. A new route with a `def` dependency fails here."""

import inspect

import pytest
from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from clinic_availability.bootstrap import create_app as availability_app
from clinic_availability.config import AvailabilityServiceSettings
from clinic_notifications.bootstrap import create_app as notifications_app
from clinic_notifications.config import NotificationsServiceSettings
from clinic_requests.bootstrap import create_app as requests_app
from clinic_requests.config import RequestsServiceSettings
from clinic_settings.bootstrap import create_app as settings_app
from clinic_settings.config import SettingsServiceSettings
from tests.contracts.test_kafka_acls import credentials
from tests.gateway.gateway_api import offline_gateway_app

APPS = {
    "settings": lambda: settings_app(SettingsServiceSettings(**credentials("settings"))),
    "availability": lambda: availability_app(AvailabilityServiceSettings(**credentials("availability"))),
    "requests": lambda: requests_app(RequestsServiceSettings(**credentials("requests"))),
    "notifications": lambda: notifications_app(NotificationsServiceSettings(**credentials("notifications"))),
    "gateway": offline_gateway_app,
}

# Request-parameter classes FastAPI builds from the query string (no I/O, no thread needed, but
# FastAPI cannot tell): known and few.
QUERY_CLASSES = {"SlotQuery"}


def _in_thread_pool(dependant: Dependant) -> list[str]:
    found = []
    for dependency in dependant.dependencies:
        call = dependency.call
        # A class's instances are callables too: what FastAPI awaits is a coroutine function, or
        # an object whose __call__ is one.
        awaited = inspect.iscoroutinefunction(call) or inspect.iscoroutinefunction(type(call).__dict__.get("__call__"))
        if call is not None and not awaited and getattr(call, "__name__", "") not in QUERY_CLASSES:
            found.append(f"{call.__module__}.{call.__qualname__}")
        found += _in_thread_pool(dependency)
    return found


def _routes(app: FastAPI) -> list[tuple[str, Dependant]]:
    """Each API route with its whole dependency tree, the including routers' dependencies in it."""
    found = []
    for route in app.routes:
        if isinstance(route, APIRoute):
            found.append((route.path, route.dependant))
        elif hasattr(route, "effective_route_contexts"):  # an included router
            found += [
                (context.path, context.dependant)
                for context in route.effective_route_contexts()
                if context.dependant is not None
            ]
    return found


@pytest.mark.parametrize("service", sorted(APPS))
def test_no_route_of_a_service_runs_a_dependency_in_the_thread_pool(service: str) -> None:
    routes = _routes(APPS[service]())
    assert len(routes) > 3
    in_pool = {f"{path}: {name}" for path, dependant in routes for name in _in_thread_pool(dependant)}
    assert not in_pool, "\n".join(sorted(in_pool))
