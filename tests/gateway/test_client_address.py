"""Whose address the sign-in limit counts: X-Forwarded-For only from a trusted proxy."""

from starlette.requests import Request

from clinic_gateway.client_address import client_address, trusted_networks


def request_from(peer: str, forwarded_for: str | None = None) -> Request:
    headers = [(b"x-forwarded-for", forwarded_for.encode())] if forwarded_for else []
    return Request({"type": "http", "method": "POST", "path": "/", "headers": headers, "client": (peer, 5000)})


PROXIES = trusted_networks("10.0.0.0/8, 192.168.1.1")


def test_without_trusted_proxies_the_peer_is_the_client_whatever_it_claims() -> None:
    assert client_address(request_from("198.51.100.7", "203.0.113.1"), trusted_networks("")) == "198.51.100.7"
    assert client_address(request_from("198.51.100.7", "203.0.113.1"), PROXIES) == "198.51.100.7"


def test_through_trusted_proxies_the_client_is_the_nearest_untrusted_hop() -> None:
    # The left entries are the caller's own claims; only what the proxies appended counts.
    forwarded = "1.2.3.4, 203.0.113.9, 10.1.2.3"
    assert client_address(request_from("192.168.1.1", forwarded), PROXIES) == "203.0.113.9"
    assert client_address(request_from("10.0.0.5"), PROXIES) == "10.0.0.5"
