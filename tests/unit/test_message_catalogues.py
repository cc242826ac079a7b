"""The message catalogues (locales/): every language has every key with the same placeholders, the public
form uses only keys that exist, and the API picks its language from Accept-Language as werkzeug would."""

import json
import re

import pytest
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from functions.domain.languages import (
    LOCALES_DIR,
    catalogue,
    default_language,
    language_codes,
    negotiate,
    placeholders,
    registry,
    text,
)
from functions.shared.names import FORM_DIR

LANGUAGES = language_codes()
# Texts that are the same words in English and Swedish.
SAME_IN_ENGLISH = {
    "api.field.ofPerson",
    "form.person.heading",
    "form.person.prefix",
    "form.errors.ofPerson",
    "form.mina.person",
    "form.mina.personNamed",
    "form.attachments.problem",  # "{name}: {message}": the file and why, in the message's own language
}


def test_swedish_english_and_arabic_are_registered_with_their_direction_and_swedish_is_the_default():
    assert default_language() == "sv"
    assert LANGUAGES == ("sv", "en", "ar")
    directions = {code: entry["dir"] for code, entry in registry()["languages"].items()}
    assert directions == {"sv": "ltr", "en": "ltr", "ar": "rtl"}


def test_every_registered_language_has_a_catalogue_and_every_catalogue_is_registered():
    files = {path.stem for path in LOCALES_DIR.glob("*.json")} - {"languages"}
    assert files == set(LANGUAGES)


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != "sv"])
def test_every_key_is_in_every_language(language):
    swedish, other = set(catalogue("sv")), set(catalogue(language))
    assert sorted(swedish - other) == [], f"missing in {language}.json"
    assert sorted(other - swedish) == [], f"in {language}.json but not in sv.json"


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != "sv"])
def test_placeholders_are_the_same_in_every_language(language):
    different = {
        key: (placeholders(swedish), placeholders(catalogue(language)[key]))
        for key, swedish in catalogue("sv").items()
        if placeholders(swedish) != placeholders(catalogue(language)[key])
    }
    assert different == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_text_is_empty_or_left_in_swedish(language):
    texts = catalogue(language)
    assert [key for key, value in texts.items() if not value.strip()] == []
    if language != "sv":
        # A text identical to Swedish is untranslated, unless it holds no words (a number, a code, a name).
        untranslated = [
            key
            for key, value in texts.items()
            if value == catalogue("sv")[key]
            and re.search(r"[a-zåäö]{4,}", value)
            and key not in SAME_IN_ENGLISH
        ]
        assert untranslated == [], untranslated


def _form_sources() -> str:
    # Mina anmälningar (mina-anmalningar/) uses the form's catalogues too.
    return (FORM_DIR / "index.html").read_text(encoding="utf-8") + "".join(
        path.read_text(encoding="utf-8") for path in sorted(FORM_DIR.rglob("*.js"))
    )


def test_every_key_the_public_form_uses_exists():
    sources = _form_sources()
    used = set(re.findall(r'data-i18n="([\w.]+)"', sources))
    used |= {
        key
        for attribute in re.findall(r'data-i18n-attr="([^"]+)"', sources)
        for key in re.findall(r":([\w.]+)", attribute)
    }
    used |= set(re.findall(r"\bt\(\s*\"([\w.]+)\"\s*[,)]", sources))
    assert len(used) > 100  # the whole form
    assert sorted(used - set(catalogue("sv"))) == []


def test_the_html_holds_the_swedish_texts_of_its_keys():
    # Swedish is in the page itself (the first paint waits for nothing); it must say what sv.json says.
    html = (FORM_DIR / "index.html").read_text(encoding="utf-8")
    swedish = catalogue("sv")
    for key, inline in re.findall(r'data-i18n="([\w.]+)"[^>]*>([^<]*)<', html):
        if "{" not in swedish[key]:
            assert " ".join(inline.split()) == swedish[key], key


def test_a_text_has_its_placeholders_filled_and_an_unknown_language_is_swedish():
    assert (
        text("en", "api.request.tooLarge", kilobytes=64)
        == "The report is too large. It may be at most 64 kB."
    )
    assert text("xx", "api.request.empty") == "Anmälan är tom."


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, "sv"),
        ("", "sv"),
        ("en", "en"),
        ("en-GB,en;q=0.9", "en"),
        ("ar-SA", "ar"),
        ("de-DE, ar;q=0.5, en;q=0.4", "ar"),
        ("en;q=0.2, ar;q=0.8", "ar"),
        ("fr, de", "sv"),
        ("*", "sv"),
        ("en;q=0, ar;q=0.1", "ar"),
        ("sv-SE, en;q=0.9", "sv"),
        ("EN-us", "en"),
        (";;;,,,", "sv"),
    ],
)
def test_the_language_is_negotiated_from_accept_language(header, expected):
    assert negotiate(header) == expected


@pytest.mark.parametrize(
    "header",
    [
        "en",
        "en-GB,en;q=0.9",
        "ar-SA",
        "de-DE, ar;q=0.5, en;q=0.4",
        "en;q=0.2, ar;q=0.8",
        "fr, de",
        "*",
        "en;q=0",
    ],
)
def test_negotiation_agrees_with_werkzeug(header):
    # Where q-values are equal, negotiate() takes the client's first and werkzeug the server's first; the
    # form sends one language, so that difference never shows.
    werkzeug = parse_accept_header(header, LanguageAccept).best_match(list(LANGUAGES), default="sv")
    assert negotiate(header) == werkzeug


def test_every_catalogue_is_the_forms_file_and_the_apis_and_the_form_downloads_no_api_text_it_does_not_show():
    form_modules = "\n".join(path.read_text(encoding="utf-8") for path in FORM_DIR.glob("*.js"))
    for language in LANGUAGES:
        form = json.loads((LOCALES_DIR / f"{language}.json").read_text(encoding="utf-8"))
        api = json.loads((LOCALES_DIR / "api" / f"{language}.json").read_text(encoding="utf-8"))
        assert set(form) == {"form", "receipt", "api"} and set(api) == {"api"}
        # The API's texts in the form's file are only those the form itself shows (attachment refusals).
        for section in form["api"]:
            assert f'"api.{section}.' in form_modules, f"api.{section} in {language}.json, unused by the form"
        assert not set(form["api"]) & set(api["api"])
