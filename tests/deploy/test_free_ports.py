"""The ports the test and bench runs give their servers (tests/infrastructure.free_port): never one
twice in a run, free when given, and outside the kernel's ephemeral range, so that no outgoing
connection can take one before its server binds it."""

import socket

from tests.infrastructure import _ephemeral_ports_start, free_port


def test_each_port_is_new_free_and_below_the_ephemeral_range() -> None:
    ports = [free_port() for _ in range(200)]
    assert len(set(ports)) == len(ports)
    ephemeral_from = _ephemeral_ports_start()
    if ephemeral_from - 20000 >= 1000:
        assert all(20000 <= port < ephemeral_from for port in ports)
    for port in ports[:20]:
        with socket.socket() as server:
            server.bind(("127.0.0.1", port))


def test_a_port_taken_meanwhile_is_skipped() -> None:
    """Ports are given in turn: the one after the last given, bound by someone else meanwhile
    (another process's server), is passed over."""
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", free_port() + 1))
        squatter.listen()
        taken = squatter.getsockname()[1]
        assert free_port() != taken
