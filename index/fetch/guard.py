"""The SSRF guard: news-qa fetches only from public addresses.

A web address is anyone's text (a feed names its entries' links; a page redirects where it
likes), and the machine running news-qa can reach what the internet cannot: its own services
on loopback, the LAN, the cloud's metadata service (169.254.169.254, fd00:ec2::254,
metadata.google.internal), which hands out credentials. So every host is resolved here and
each of its addresses classified, before the first request and after every redirect; the
connection then goes to the address that was checked (index/fetch/fetch.py pins it), so a
second DNS answer (DNS rebinding) is never used.

Loopback, private, link-local, multicast, reserved, unspecified and other non-global
addresses are refused unless NEWSQA_FETCH_ALLOW_PRIVATE=true; IPv4 carried inside IPv6
(::ffff:127.0.0.1, 6to4, Teredo, NAT64) is judged by the IPv4 address. Cloud metadata
addresses are refused whatever the setting: no news is served from them.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable

from index.core.errors import FetchError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# host, port -> the addresses it resolves to (socket.getaddrinfo's, or a test's stub).
Resolver = Callable[[str, int], list[str]]

SETTING = "NEWSQA_FETCH_ALLOW_PRIVATE"
METADATA_HOSTS = frozenset({"metadata.google.internal", "metadata.goog", "instance-data"})
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a)
    for a in (
        "169.254.169.254",  # AWS, GCP, Azure, OpenStack, DigitalOcean, Oracle
        "169.254.170.2",  # AWS ECS task credentials
        "fd00:ec2::254",  # AWS over IPv6
        "100.100.100.200",  # Alibaba Cloud
    )
)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def system_resolver(host: str, port: int) -> list[str]:
    """Every address `host` resolves to, IPv4 first (as connecting would try them)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    found = list(dict.fromkeys(str(info[4][0]) for info in infos))
    return sorted(found, key=lambda a: ":" in a)


def refused_reason(address: IPAddress) -> str | None:
    """Why news-qa would not fetch from `address` ("a loopback address"), or None if public."""
    embedded = _embedded_ipv4(address)
    if embedded is not None:
        why = refused_reason(embedded)
        return f"{why} ({embedded} inside IPv6)" if why else None
    if address in METADATA_ADDRESSES:
        return "a cloud metadata address"
    for test, why in (
        (address.is_loopback, "a loopback address"),
        (address.is_unspecified, "an unspecified address"),
        (address.is_link_local, "a link-local address"),
        (address.is_multicast, "a multicast address"),
        (address.is_reserved, "a reserved address"),
        (address.is_private, "a private address"),
        (not address.is_global, "not a public address"),
    ):
        if test:
            return why
    return None


def _embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    if not isinstance(address, ipaddress.IPv6Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


class AddressGuard:
    """Resolves a host and says which of its addresses may be connected to.

    `allow_private` is NEWSQA_FETCH_ALLOW_PRIVATE; `resolver` is swapped in tests.
    """

    def __init__(self, allow_private: bool, resolver: Resolver = system_resolver) -> None:
        self.allow_private = allow_private
        self.resolver = resolver

    def address_for(self, url: str, host: str, port: int) -> str:
        """The checked address to connect to for `host` (named in `url`, for messages);
        raises FetchError when the host does not resolve or any of its addresses is refused."""
        name = host.lower().rstrip(".")
        if name in METADATA_HOSTS:
            raise _refused(url, f"{host} is a cloud metadata service", always=True)
        try:
            addresses = [ipaddress.ip_address(name.strip("[]"))]
            literal = True
        except ValueError:
            addresses, literal = self._resolve(url, name, port), False
        for address in addresses:
            why = refused_reason(address)
            if why is None:
                continue
            what = f"{host} is {why}" if literal else f"{host} resolves to {address}, {why}"
            if why.startswith("a cloud metadata"):
                raise _refused(url, what, always=True)
            if not self.allow_private:
                raise _refused(url, what, always=False)
        return str(addresses[0])

    def _resolve(self, url: str, host: str, port: int) -> list[IPAddress]:
        try:
            found = [ipaddress.ip_address(a.split("%")[0]) for a in self.resolver(host, port)]
        except (OSError, UnicodeError, ValueError) as err:
            raise FetchError(
                url,
                f"the host {host} could not be found ({err}) - check the address",
                kind="network",
            ) from None
        if not found:
            raise FetchError(url, f"the host {host} has no address", kind="network")
        return found


def _refused(url: str, what: str, *, always: bool) -> FetchError:
    if always:
        fix = f"never fetched, whatever {SETTING} says"
    else:
        fix = f"news-qa fetches only public addresses (set {SETTING}=true to allow this one)"
    return FetchError(url, f"refused: {what} - {fix}", kind="refused", setting=SETTING)
