"""Who is calling, as far as the sign-in limit per client address is concerned.

The address is the connection's peer. X-Forwarded-For is believed only from the reverse proxies
named in `trusted_proxies`: anyone else could put any address there. Through trusted proxies, the
client is the nearest hop (from the right) that is not one of them.
"""

from ipaddress import IPv4Network, IPv6Network, ip_address, ip_network

from fastapi import Request

Network = IPv4Network | IPv6Network


def trusted_networks(setting: str) -> tuple[Network, ...]:
    return tuple(ip_network(part.strip(), strict=False) for part in setting.split(",") if part.strip())


def _is_trusted(address: str, trusted: tuple[Network, ...]) -> bool:
    try:
        parsed = ip_address(address)
    except ValueError:
        return False
    return any(parsed in network for network in trusted)


def client_address(request: Request, trusted: tuple[Network, ...]) -> str | None:
    peer = request.client.host if request.client else None
    if peer is None or not _is_trusted(peer, trusted):
        return peer
    hops = [hop.strip() for hop in ",".join(request.headers.getlist("x-forwarded-for")).split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop, trusted):
            return hop
    return hops[0] if hops else peer
