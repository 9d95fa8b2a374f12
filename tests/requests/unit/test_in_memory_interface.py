"""The in-memory unit of work offers what the database's does, method for method, signature for
signature: a use case that runs in the unit ring runs on the database too (scenarios.py proves
they also behave alike)."""

import inspect

import pytest

from clinic_requests.adapters.repository import AppointmentRequestRepository
from clinic_requests.adapters.request_views import RequestViews
from clinic_requests.adapters.waitlist_repository import WaitlistRepository
from clinic_requests.service_layer.unit_of_work import SqlRequestsUnitOfWork, SqlUnitOfWorkFactory
from tests.requests.in_memory import (
    FakeRequestsUnitOfWork,
    FakeUnitOfWorkFactory,
    InMemoryRequestRepository,
    InMemoryRequestViews,
    InMemoryWaitlistRepository,
)

PAIRS = [
    (AppointmentRequestRepository, InMemoryRequestRepository),
    (RequestViews, InMemoryRequestViews),
    (WaitlistRepository, InMemoryWaitlistRepository),
    (SqlRequestsUnitOfWork, FakeRequestsUnitOfWork),
    (SqlUnitOfWorkFactory, FakeUnitOfWorkFactory),
]


def public_methods(cls: type) -> dict[str, inspect.Signature]:
    return {
        name: inspect.signature(member)
        for name, member in inspect.getmembers(cls, inspect.isfunction)
        if not name.startswith("_")
    }


@pytest.mark.parametrize(("real", "fake"), PAIRS, ids=lambda cls: cls.__name__)
def test_the_fake_has_every_method_of_the_real_one_with_its_signature(real: type, fake: type) -> None:
    faked = public_methods(fake)
    for name, signature in public_methods(real).items():
        assert name in faked, f"{fake.__name__} lacks {name}"
        assert list(faked[name].parameters) == list(signature.parameters), f"{fake.__name__}.{name}"
