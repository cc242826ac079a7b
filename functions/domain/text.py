"""Text field types for everything a person types: length-limited, normalised, free of control characters.

Free text is kept as text. Nothing here escapes HTML: pages render it with textContent, never as markup.
"""

import re
import unicodedata
from typing import TYPE_CHECKING, Annotated

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints

# C0/C1 control characters except tab and newline, and the bidirectional overrides that can disguise text.
_FORBIDDEN_IN_MULTI_LINE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_FORBIDDEN_IN_SINGLE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _normalise(value: object) -> object:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value.replace("\r\n", "\n")).strip()
    return value


def _reject_control_characters(pattern: re.Pattern[str]):
    def check(value: str) -> str:
        if pattern.search(value):
            raise ValueError("control_characters")
        return value

    return check


# Letters and marks that render as nothing: Hangul fillers, the combining grapheme joiner, the braille blank,
# Khmer and Mongolian invisible vowels and separators.
_BLANK_LOOKALIKES = frozenset("\u115f\u1160\u3164\uffa0\u034f\u2800\u17b4\u17b5\u180e")


def _invisible(character: str) -> bool:
    return unicodedata.category(character)[0] in "ZC" or character in _BLANK_LOOKALIKES


def _require_something_visible(value: str) -> str:
    """Text of only spaces and invisible characters (zero-width spaces, joiners, fillers) says nothing."""
    if value and all(_invisible(character) for character in value):
        raise ValueError("nothing_visible")
    return value


def _allowed_characters(forbidden: re.Pattern[str]) -> Field:  # type: ignore[valid-type]
    """The rule for the OpenAPI documents (schema only: the validators below give the Swedish messages)."""
    return Field(json_schema_extra={"pattern": f"^[^{forbidden.pattern[1:-1]}]*$"})


def single_line(max_length: int, min_length: int = 1) -> object:
    return Annotated[
        str,
        BeforeValidator(_normalise),
        StringConstraints(min_length=min_length, max_length=max_length),
        _allowed_characters(_FORBIDDEN_IN_SINGLE_LINE),
        AfterValidator(_reject_control_characters(_FORBIDDEN_IN_SINGLE_LINE)),
        AfterValidator(_require_something_visible),
    ]


def multi_line(max_length: int, min_length: int = 1) -> object:
    return Annotated[
        str,
        BeforeValidator(_normalise),
        StringConstraints(min_length=min_length, max_length=max_length),
        _allowed_characters(_FORBIDDEN_IN_MULTI_LINE),
        AfterValidator(_reject_control_characters(_FORBIDDEN_IN_MULTI_LINE)),
        AfterValidator(_require_something_visible),
    ]


if TYPE_CHECKING:  # to a type checker these are str; pydantic reads their constraints below
    Name = str
    ShortText = str
    Address = str
    ConcernText = str
    LongText = str
else:
    Name = single_line(200)
    ShortText = single_line(200)
    Address = single_line(300)
    ConcernText = multi_line(10_000)
    LongText = multi_line(2_000)
PhoneNumber = Annotated[str, BeforeValidator(_normalise), Field(pattern=r"^\+?[0-9][0-9 ()-]{4,24}$")]
Email = Annotated[
    str,
    BeforeValidator(_normalise),
    StringConstraints(max_length=254),
    Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$"),
]
