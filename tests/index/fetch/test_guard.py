"""The SSRF guard's judgement of addresses: spelled as addresses, resolved from names (a stub
resolver stands in for DNS), with NEWSQA_FETCH_ALLOW_PRIVATE off and on."""

from __future__ import annotations

import ipaddress

import pytest

from index.core.errors import FetchError
from index.fetch.guard import AddressGuard, refused_reason, system_resolver

PUBLIC = ["93.184.215.14", "8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "2a00:1450:4001::200e"]
REFUSED = {
    "127.0.0.1": "loopback",
    "127.255.0.9": "loopback",
    "::1": "loopback",
    "10.0.0.5": "private",
    "172.16.3.4": "private",
    "192.168.1.20": "private",
    "fc00::1": "private",
    "fd12:3456::1": "private",
    "169.254.1.1": "link-local",
    "fe80::1": "link-local",
    "224.0.0.251": "multicast",
    "ff02::1": "multicast",
    "0.0.0.0": "unspecified",
    "::": "unspecified",
    "0.1.2.3": "private",  # "this network": Linux sends it to the machine itself
    "240.0.0.1": "reserved",
    "100.64.0.1": "not a public",  # carrier-grade NAT
    "169.254.169.254": "metadata",
    "fd00:ec2::254": "metadata",
    "100.100.100.200": "metadata",
    "::ffff:127.0.0.1": "loopback",  # IPv4-mapped
    "::ffff:169.254.169.254": "metadata",
    "::ffff:10.1.1.1": "private",
    "2002:7f00:1::": "loopback",  # 6to4 of 127.0.0.1
    "64:ff9b::a9fe:a9fe": "metadata",  # NAT64 of 169.254.169.254
}


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_pass(address):
    assert refused_reason(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize(("address", "kind"), REFUSED.items())
def test_other_addresses_are_refused_with_their_kind(address, kind):
    why = refused_reason(ipaddress.ip_address(address))
    assert why is not None and kind in why


def stub(table: dict[str, list[str]]):
    calls: list[str] = []

    def resolve(host: str, port: int) -> list[str]:
        calls.append(host)
        if host not in table:
            raise OSError(-2, "Name or service not known")
        return table[host]

    return resolve, calls


@pytest.mark.parametrize(
    "spelling",
    [
        "2130706433",  # 127.0.0.1 as one decimal number
        "0177.0.0.1",  # octal
        "0x7f.0.0.1",  # hexadecimal
        "127.1",  # short form
        "0x7f000001",
    ],
)
def test_numeric_spellings_of_loopback_are_refused(spelling):
    # The system resolver reads these spellings itself (inet_aton): no DNS query leaves.
    guard = AddressGuard(False)
    with pytest.raises(FetchError) as caught:
        guard.address_for(f"http://{spelling}/", spelling, 80)
    assert caught.value.kind == "refused"
    assert "127.0.0.1, a loopback address" in str(caught.value)
    assert "NEWSQA_FETCH_ALLOW_PRIVATE=true" in str(caught.value)
    assert system_resolver(spelling, 80) == ["127.0.0.1"]


def test_a_name_resolving_to_a_private_address_is_refused():
    resolve, calls = stub({"intranet.example.com": ["10.20.30.40"]})
    with pytest.raises(FetchError) as caught:
        AddressGuard(False, resolve).address_for(
            "http://intranet.example.com/x", "intranet.example.com", 80
        )
    message = str(caught.value)
    assert message == (
        "http://intranet.example.com/x: refused: intranet.example.com resolves to 10.20.30.40, "
        "a private address - news-qa fetches only public addresses (set "
        "NEWSQA_FETCH_ALLOW_PRIVATE=true to allow this one)"
    )
    assert caught.value.setting == "NEWSQA_FETCH_ALLOW_PRIVATE"
    assert calls == ["intranet.example.com"]


def test_one_private_address_among_public_ones_is_refused():
    # Round-robin DNS with a private answer: the connection could go to any of them.
    resolve, _ = stub({"mixed.example": ["93.184.215.14", "127.0.0.1"]})
    with pytest.raises(FetchError, match=r"127\.0\.0\.1, a loopback address"):
        AddressGuard(False, resolve).address_for("http://mixed.example/", "mixed.example", 80)


def test_a_public_name_gives_the_address_to_connect_to():
    resolve, calls = stub(
        {"news.example": ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"]}
    )
    assert (
        AddressGuard(False, resolve).address_for("https://news.example/", "news.example", 443)
        == "93.184.215.14"
    )
    assert calls == ["news.example"]


def test_the_setting_allows_private_addresses_but_never_metadata():
    resolve, _ = stub(
        {
            "lan.example": ["192.168.1.20"],
            "meta.example": ["169.254.169.254"],
            "v6.example": ["fd00:ec2::254"],
        }
    )
    allowing = AddressGuard(True, resolve)
    assert allowing.address_for("http://lan.example/", "lan.example", 80) == "192.168.1.20"
    assert allowing.address_for("http://[::1]:8080/", "::1", 8080) == "::1"
    for host in ("meta.example", "v6.example", "169.254.169.254", "metadata.google.internal"):
        with pytest.raises(FetchError) as caught:
            allowing.address_for(f"http://{host}/", host, 80)
        assert "never fetched, whatever NEWSQA_FETCH_ALLOW_PRIVATE says" in str(caught.value)


def test_an_unknown_host_is_a_network_failure_naming_it():
    resolve, _ = stub({})
    with pytest.raises(FetchError) as caught:
        AddressGuard(False, resolve).address_for("https://no-such.example/", "no-such.example", 443)
    assert caught.value.kind == "network"
    assert "no-such.example could not be found" in str(caught.value)
