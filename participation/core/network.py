"""The client's *network* as a keyed hash: for rate limits and "distinct reporters", never raw.

Residents have no account, and a cookie is gone with one click, so "once per browser" alone lets
one person report or support as often as they like. The network a request comes from (its /24
for IPv4, /48 for IPv6: a household or a small office) is a better unit. Only an HMAC of it with
the app's secret key is ever kept — not the address, and not the network itself.
"""

import hashlib
import hmac
import ipaddress

from flask import current_app, request

IPV4_PREFIX = 24
IPV6_PREFIX = 48


def client_network(address: str | None = None) -> str:
    """``"203.0.113.0/24"`` for the request's (or *address*'s) client; ``"unknown"`` if none."""
    raw = address if address is not None else (request.remote_addr or "")
    try:
        ip = ipaddress.ip_address(raw.split("%")[0])
    except ValueError:
        return "unknown"
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    prefix = IPV4_PREFIX if ip.version == 4 else IPV6_PREFIX
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def network_hash(address: str | None = None) -> str:
    """HMAC-SHA256 (hex) of the client's network with the secret key: what may be stored."""
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, client_network(address).encode(), hashlib.sha256).hexdigest()


def network_key() -> str:
    """Key function for Flask-Limiter: one bucket per hashed network (no address in memory)."""
    return "net:" + network_hash()[:32]
