"""An internal-first launch in the domain: the municipality's `[e_service]` setting (validated CIDR ranges, IPv4
and IPv6), who is inside them, and what everyone else is told."""

import pytest
from pydantic import ValidationError

from functions.domain.errors import EServiceNotOpen
from functions.domain.internal_launch import PAGE_LIMIT_BYTES, not_open_message, not_open_page
from functions.domain.municipality import EService, Municipality, load_municipality
from functions.domain.public_settings import public_form_settings
from functions.intake.logic import admit_client
from functions.shared import names
from functions.shared.problems import problem_of

DEMO = load_municipality(names.municipality_config_file("demo"))
INTERN = load_municipality(names.municipality_config_file("intern"))
INTERNAL = EService(mode="internal", internal_networks=["10.0.0.0/8", "192.0.2.128/25", "2001:db8::/32"])


def test_municipalities_are_public_unless_their_file_says_internal():
    for municipality_id in ("demo", "prov", "kalix"):
        assert load_municipality(names.municipality_config_file(municipality_id)).e_service.mode == "public"
    assert INTERN.e_service.internal
    assert INTERN.e_service.networks_of_version(4) == ["192.0.2.0/24", "198.51.100.0/24"]
    assert INTERN.e_service.networks_of_version(6) == ["2001:db8::/32"]


@pytest.mark.parametrize(
    "network",
    [
        "10.0.0.1/8",  # host bits set: a typo for 10.0.0.0/8 or for 10.0.0.1/32? Refused, not guessed
        "10.0.0.0/33",
        "2001:db8::/129",
        "2001:db8::1/32",
        "10.0.0.0/8, 192.0.2.0/24",
        "kommunens nät",
        "",
    ],
)
def test_a_range_that_is_not_a_cidr_network_is_refused(network):
    with pytest.raises(ValidationError, match="internal_networks"):
        EService(mode="internal", internal_networks=[network])


def test_internal_mode_needs_at_least_one_range_and_only_known_modes_exist():
    with pytest.raises(ValidationError, match="at least one range"):
        EService(mode="internal")
    with pytest.raises(ValidationError, match="at least one range"):
        EService(mode="internal", internal_networks=[])
    with pytest.raises(ValidationError, match="mode"):
        EService(mode="staff")
    with pytest.raises(ValidationError, match="extra"):
        EService(mode="public", networks=["10.0.0.0/8"])
    # ranges may be written before the switch to internal
    assert EService(internal_networks=["10.0.0.0/8"]).admits("203.0.113.1")


def test_a_municipality_file_with_an_internal_e_service_and_no_ranges_does_not_load():
    data = DEMO.model_dump(mode="json")
    data["e_service"] = {"mode": "internal"}
    with pytest.raises(ValidationError, match="at least one range"):
        Municipality.model_validate(data)


@pytest.mark.parametrize(
    ("address", "inside"),
    [
        ("10.0.0.0", True),
        ("10.255.255.255", True),
        ("11.0.0.0", False),
        ("9.255.255.255", False),
        ("192.0.2.128", True),
        ("192.0.2.127", False),  # just below the /25
        ("::ffff:10.1.2.3", True),  # an IPv4 client written as IPv6
        ("2001:db8::1", True),
        ("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", True),
        ("2001:db9::1", False),
        ("::1", False),
        ("127.0.0.1", False),
        ("", False),  # no address known: not inside
        ("10.0.0.1:443", False),  # not an address
    ],
)
def test_who_is_inside_the_internal_networks(address, inside):
    assert INTERNAL.admits(address) is inside


def test_a_public_e_service_admits_every_client_even_without_an_address():
    assert all(EService().admits(address) for address in ("203.0.113.1", "2001:db8::1", "", "garbage"))


def test_the_refusal_says_the_e_service_is_not_open_yet_and_whom_to_call():
    message = not_open_message(INTERN)
    assert message.startswith("E-tjänsten för orosanmälningar är ännu bara öppen inom kommunens nät.")
    for number in (INTERN.intake_team.phone, INTERN.socialjour.public_phone, "112"):
        assert number in message
    assert INTERN.socialjour.public_hours in message


def test_intake_refuses_a_client_outside_with_403_and_that_message_and_admits_one_inside():
    with pytest.raises(EServiceNotOpen) as refused:
        admit_client(INTERN, "203.0.113.5")
    assert problem_of(refused.value) == (403, not_open_message(INTERN), [])
    with pytest.raises(EServiceNotOpen):
        admit_client(INTERN, "")
    admit_client(INTERN, "198.51.100.77")
    admit_client(INTERN, "2001:db8:1::5")
    admit_client(DEMO, "203.0.113.5")


def test_the_closed_page_is_small_swedish_html_with_the_numbers_as_links_and_text_escaped():
    page = not_open_page(INTERN)
    assert page.startswith('<!doctype html><html lang="sv">')
    assert '<meta charset="utf-8">' in page and "<h1>E-tjänsten är inte öppen ännu</h1>" in page
    assert '<a href="tel:0101234500">010-123 45 00</a>' in page
    assert '<a href="tel:0101234599">010-123 45 99</a>' in page
    assert '<a href="tel:112">112</a>' in page
    assert len(page.encode("utf-8")) <= PAGE_LIMIT_BYTES

    odd = INTERN.model_copy(update={"name": "<script>alert(1)</script> kommun"})
    assert "<script>" not in not_open_page(odd) and "&lt;script&gt;" in not_open_page(odd)


def test_the_form_is_told_the_mode_and_nothing_of_the_networks():
    assert public_form_settings(DEMO)["eService"] == {"mode": "public"}
    settings = public_form_settings(INTERN)
    assert settings["eService"] == {"mode": "internal"}
    assert "192.0.2" not in str(settings) and "2001:db8" not in str(settings)
