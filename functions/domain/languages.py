"""The languages the public form and API speak, registered with their direction in locales/languages.json.
Swedish is the default and the fallback.

A language's catalogue is two files: locales/<code>.json, what the form shows (its own words, the receipt's,
and the attachment refusals it words as the API does), and locales/api/<code>.json, what only the API says.
The form fetches just the first, so a phone does not download the API's texts before the first question.
Both are the repository's top-level `locales/`, which the Lambda asset carries beside `functions/`
(infra/bundling.py); the web deployment serves the form's files at /locales/ (infra/constructs/web.py).
"""

import functools
import json
import re
from pathlib import Path
from typing import Any

from functions.shared.names import LOCALES_DIR

REGISTRY_FILE = "languages.json"
API_DIR = "api"  # locales/api/<code>.json: what only the API says

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@functools.cache
def registry(locales_dir: Path = LOCALES_DIR) -> dict[str, Any]:
    return json.loads((locales_dir / REGISTRY_FILE).read_text(encoding="utf-8"))


def default_language() -> str:
    return str(registry()["default"])


def language_codes() -> tuple[str, ...]:
    return tuple(registry()["languages"])


@functools.cache
def catalogue(language: str, locales_dir: Path = LOCALES_DIR) -> dict[str, str]:
    """A language's texts by dotted key ("api.labels.name"), nested JSON flattened: the form's file and the
    API's, which share no key."""
    texts: dict[str, str] = {}
    for path in (locales_dir / f"{language}.json", locales_dir / API_DIR / f"{language}.json"):
        part = _flatten(json.loads(path.read_text(encoding="utf-8")))
        if texts.keys() & part.keys():
            raise ValueError(
                f"{path} repeats keys of the form's catalogue: {sorted(texts.keys() & part.keys())}"
            )
        texts.update(part)
    return texts


def _flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in tree.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = str(value)
    return flat


def placeholders(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text))


def has_text(language: str, key: str) -> bool:
    return key in catalogue(language if language in language_codes() else default_language())


def text(language: str, key: str, **values: object) -> str:
    """The text of `key` in `language` (an unknown language: Swedish), its {placeholders} filled in."""
    chosen = language if language in language_codes() else default_language()
    template = catalogue(chosen)[key]
    return _PLACEHOLDER.sub(lambda match: str(values.get(match.group(1), match.group(0))), template)


# Accept-Language (RFC 9110, section 12.5.4): "ar-SA, en;q=0.8, *;q=0.1". A few lines here rather than
# werkzeug's parser, whose import costs a Lambda cold start about 130 ms; tests/unit/test_message_catalogues.py checks
# these answer as werkzeug's LanguageAccept.best_match does.
_RANGE = re.compile(
    r"^\s*([A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*|\*)\s*(?:;\s*q\s*=\s*([01](?:\.\d{0,3})?))?\s*$"
)


def negotiate(accept_language: str | None) -> str:
    """The known language the header prefers most (by q-value, then order; "en-GB" is English); Swedish when
    none is known, the header is missing or cannot be read. "*" and q=0 choose nothing."""
    codes = language_codes()
    preferred = []
    for position, part in enumerate((accept_language or "").split(",")[:32]):
        match = _RANGE.match(part)
        if not match:
            continue
        primary, quality = match.group(1).lower().split("-")[0], float(match.group(2) or 1)
        if primary in codes and quality > 0:
            preferred.append((-quality, position, primary))
    return min(preferred)[2] if preferred else default_language()
