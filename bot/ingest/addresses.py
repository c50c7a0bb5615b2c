"""Which network addresses a fetch may connect to: the server-side request forgery policy.

A link sent by an admin, or found in a feed, must never make the bot read its own host,
its private network or a cloud metadata service and store what it found there.
"""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address

IPAddress = IPv4Address | IPv6Address

_CARRIER_GRADE_NAT = IPv4Network("100.64.0.0/10")
_NAT64 = IPv6Network("64:ff9b::/96")


def refusal_reason(address: IPAddress | str, *, allow_private: bool = False) -> str | None:
    """Why the bot must not connect to ``address``, or None when it may.

    Link-local (cloud metadata), multicast, reserved and unspecified addresses are refused
    always; loopback, private and carrier-grade NAT ranges only unless ``allow_private``
    (local testing, intranet news sites). IPv6 forms that carry an IPv4 address
    (IPv4-mapped, 6to4, Teredo, NAT64) are judged by that IPv4 address.
    """
    if isinstance(address, str):
        address = ip_address(address.strip("[]").split("%", 1)[0])
    if isinstance(address, IPv6Address):
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            return refusal_reason(embedded, allow_private=allow_private)
    if address.is_unspecified:
        return "an unspecified address"
    if address.is_link_local:
        return "a link-local address (where cloud metadata services live)"
    if address.is_multicast:
        return "a multicast address"
    if address.is_loopback:
        return None if allow_private else "a loopback address (this machine)"
    if address.is_reserved:
        return "a reserved address"
    if allow_private:
        return None
    if isinstance(address, IPv4Address) and address in _CARRIER_GRADE_NAT:
        return "a carrier-grade NAT address"
    if address.is_private or not address.is_global:
        return "a private address"
    return None


def _embedded_ipv4(address: IPv6Address) -> IPv4Address | None:
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if address in _NAT64:
        return IPv4Address(int(address) & 0xFFFFFFFF)
    return None
