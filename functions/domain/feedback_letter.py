"""The återkoppling letter for a professional who did not sign in: the municipality's template (a text file
with named placeholders, `${referensnummer}`) filled from the report, or refused whole. A placeholder the
template names but Oro does not know, or one without a value, is an error for the case worker, never a
half-filled letter. The errors name the placeholder only: the template's text never reaches a message or
a log."""

from datetime import date

from functions.domain.letters import LetterTemplateInvalid, render
from functions.domain.report import PersonKind

__all__ = ["PLACEHOLDERS", "LetterTemplateInvalid", "outcome_lines", "render_letter", "swedish_day"]

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
    return render(template_text, values, PLACEHOLDERS, "återkoppling")
