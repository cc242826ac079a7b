"""The client's address comes only from CloudFront-Viewer-Address, parsed as an address and a port."""

import pytest

from functions.shared.client_address import viewer_address


@pytest.mark.parametrize(
    ("header", "address"),
    [
        ("198.51.100.10:46532", "198.51.100.10"),
        ("[2001:db8::1]:443", "2001:db8::1"),
        ("2001:db8:0:0:0:0:0:1:443", "2001:db8::1"),  # unbracketed: the last colon is the port's
        ("[::1]:8080", "::1"),
        (" 192.0.2.1:1 ", "192.0.2.1"),
    ],
)
def test_an_address_and_port_give_the_address(header, address):
    assert viewer_address(header) == address


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "198.51.100.10",  # no port
        "198.51.100.10:",
        "198.51.100.10:70000",
        "198.51.100.10:http",
        "999.1.1.1:80",
        "[2001:db8::1]",
        "[2001:db8::1:443",
        "evil.example:80",
        "198.51.100.10, 203.0.113.5:80",  # a list, as X-Forwarded-For would be
        "<script>:80",
    ],
)
def test_anything_else_gives_no_address(header):
    assert viewer_address(header) == ""
