"""What a member of the public is told while the e-service is open only inside the municipality's networks
(`[e_service] mode = "internal"`): the same words in intake's refusal and in the page the edge WAF answers
with, so the two cannot drift apart."""

import html
import re
from collections.abc import Callable

from functions.domain.municipality import Municipality
from functions.domain.public_settings import EMERGENCY_NUMBER, office_hours_text

NOT_OPEN_HEADING = "E-tjänsten är inte öppen ännu"
# AWS WAF takes a custom response body of at most 4 KB.
PAGE_LIMIT_BYTES = 4 * 1024


def _plain(text: str) -> str:
    return text


def not_open_message(
    municipality: Municipality,
    text: Callable[[str], str] = _plain,
    phone: Callable[[str], str] = _plain,
) -> str:
    """One paragraph: the e-service is not open yet, and whom to call instead (`text` and `phone` render the
    words and the numbers: plain for the API, HTML for the page)."""
    return (
        text(
            "E-tjänsten för orosanmälningar är ännu bara öppen inom kommunens nät. "
            "Gör din anmälan per telefon: ring socialtjänstens mottagning på "
        )
        + phone(municipality.intake_team.phone)
        + text(f" – {office_hours_text(municipality)} – eller socialjouren på ")
        + phone(municipality.socialjour.public_phone)
        + text(f" ({municipality.socialjour.public_hours}). Om någons liv är i fara: ring ")
        + phone(EMERGENCY_NUMBER)
        + text(".")
    )


def _phone_link(number: str) -> str:
    return f'<a href="tel:{re.sub(r"[^0-9+]", "", number)}">{html.escape(number)}</a>'


def not_open_page(municipality: Municipality) -> str:
    """The small Swedish HTML page the edge WAF answers outside visitors with: one file, unstyled (the site's
    Content-Security-Policy allows no inline style, and no other file is served to them), within WAF's 4 KB."""
    name = html.escape(municipality.name)
    page = (
        '<!doctype html><html lang="sv"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">'
        f"<title>{NOT_OPEN_HEADING} – {name}</title></head>"
        "<body>"
        f"<main><p>{name}, socialtjänsten</p><h1>{NOT_OPEN_HEADING}</h1>"
        f"<p>{not_open_message(municipality, html.escape, _phone_link)}</p></main></body></html>"
    )
    if len(page.encode("utf-8")) > PAGE_LIMIT_BYTES:
        raise ValueError(f"the e-service's closed page is over WAF's {PAGE_LIMIT_BYTES} bytes")
    return page
