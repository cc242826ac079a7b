"""The återkoppling letter for a professional who did not sign in: the municipality's template (a text file
with named placeholders, `${referensnummer}`) filled from the report, or refused whole. A placeholder the
template names but Oro does not know, or one without a value, is an error for the case worker, never a
half-filled letter. The errors name the placeholder only: the template's text never reaches a message or
a log."""

from datetime import date
from string import Template

from functions.domain.report import PersonKind

# Every placeholder a template may use, and what fills it.
PLACEHOLDERS = {
    "kommun": "the municipality's name",
    "datum": "the day the letter is written",
    "referensnummer": "the report's reference number",
    "mottagen": "the day the report was received",
    "anmalare": "the reporter's name",
    "organisation": "the reporter's organisation",
    "besked": "one line per person told: 'Person 1 i anmälan (barn): utredning inleds'",
    "telefon": "the intake team's phone",
}

_KIND_WORDS = {
    PersonKind.CHILD.value: "barn",
    PersonKind.ADULT.value: "vuxen",
    PersonKind.ELDERLY.value: "äldre person",
    PersonKind.ADDICTION.value: "vuxen med missbruk",
}


class LetterTemplateInvalid(Exception):
    """The template cannot make a whole letter; the message (Swedish) names the placeholder."""


def outcome_lines(outcomes: dict[str, str], kinds: dict[str, str]) -> str:
    """The persons by their number in the report, never by name: the reporter knows whom they named."""
    return "\n".join(
        f"Person {number} i anmälan ({_KIND_WORDS.get(kinds.get(number, ''), 'person')}): {words}"
        for number, words in sorted(outcomes.items(), key=lambda pair: int(pair[0]))
    )


def swedish_day(day: date) -> str:
    months = (
        "januari",
        "februari",
        "mars",
        "april",
        "maj",
        "juni",
        "juli",
        "augusti",
        "september",
        "oktober",
        "november",
        "december",
    )
    return f"{day.day} {months[day.month - 1]} {day.year}"


def render_letter(template_text: str, values: dict[str, str | None]) -> str:
    """The letter's text, or LetterTemplateInvalid: a malformed `$`, an unknown placeholder or one without
    a value."""
    template = Template(template_text)
    if not template.is_valid():
        raise LetterTemplateInvalid(
            "Brevmallen för återkoppling har ett felaktigt $-tecken (skriv $$ för ett dollartecken). "
            "Brevet kan inte skapas; be den som förvaltar mallarna rätta den."
        )
    named = template.get_identifiers()
    unknown = sorted(name for name in named if name not in PLACEHOLDERS)
    if unknown:
        raise LetterTemplateInvalid(
            f"Brevmallen för återkoppling innehåller okända platshållare: {_listed(unknown)}. "
            "Brevet kan inte skapas; be den som förvaltar mallarna rätta den."
        )
    empty = sorted(name for name in named if not (values.get(name) or "").strip())
    if empty:
        raise LetterTemplateInvalid(
            f"Det finns inget värde för {_listed(empty)} i brevmallen för återkoppling. "
            "Brevet kan inte skapas förrän uppgiften finns."
        )
    return template.substitute({name: values[name] for name in named})


def _listed(names: list[str]) -> str:
    return ", ".join(f"${{{name}}}" for name in names)
