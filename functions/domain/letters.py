"""Letters to the family that a case worker makes, prints and posts: the municipality's template per letter (a
text file with named placeholders, `${namn}`, in municipalities/letters/), filled from the report and from
what the case worker types, shown to them to read and edit, then made into a PDF and recorded on the person.

- `kallelse`: to a child's guardians (and the child) that a report of concern came in, and an invitation to
  talk: when and where is typed by the case worker.
- `ingen_utredning`: to a child's guardians that the social services decided not to open an investigation.
- The återkoppling letter to a reporter is functions/domain/feedback_letter.py, with the same rules.

A placeholder the template names but Oro does not know is an error for whoever keeps the templates; one
without a value is an error naming the value, for the case worker to fill in: never a half-filled letter.
The errors name placeholders only: a template's text never reaches a message or a log."""

import re
from dataclasses import dataclass, field
from enum import StrEnum
from string import Template

from functions.domain.errors import FieldProblem, Refused

LETTER_MAX_LENGTH = 10_000
# Letters kept on one person (each with its text, on the report's one item, which DynamoDB caps at 400 KB).
LETTERS_PER_PERSON = 20
TYPED_MAX_LENGTH = 500
# A placeholder the case worker left in an edited letter: `${name}` or `$name`.
_LEFT_PLACEHOLDER = re.compile(r"\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*")


class LetterKind(StrEnum):
    KALLELSE = "kallelse"
    INGEN_UTREDNING = "ingen_utredning"


class UnknownLetterKind(Exception):
    """No letter by that name (the path names it): 404."""


class LetterTemplateInvalid(Exception):
    """The template cannot make a whole letter; the message (Swedish) names the placeholder."""


class LetterTextInvalid(Exception):
    """The letter as edited cannot be made (empty, too long, a placeholder left); the message says why."""


class LetterValuesMissing(Exception):
    """Values the letter needs that neither the report nor the case worker gave: field by field."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__("Brevet behöver uppgifter som inte finns i anmälan. Fyll i dem och förhandsgranska igen.")
        self.problems = problems


@dataclass(frozen=True)
class LetterSpec:
    kind: LetterKind
    name: str  # in a sentence: "kallelsen"
    title: str  # the heading staff see, and the PDF's title
    # What the report fills in; the case worker may type any of them that the report lacks.
    from_report: dict[str, str]
    # What only the case worker knows: placeholder → the label of its field.
    typed: dict[str, str] = field(default_factory=dict)

    @property
    def placeholders(self) -> dict[str, str]:
        return {**self.from_report, **self.typed}


_FAMILY = {
    "kommun": "kommunens namn",
    "datum": "dagens datum",
    "referensnummer": "anmälans referensnummer",
    "mottagen": "dagen anmälan kom in",
    "namn": "barnets namn",
    "vardnadshavare": "vårdnadshavarnas namn",
    "adress": "adressen",
    "telefon": "mottagningens telefonnummer",
}
LETTERS = {
    LetterKind.KALLELSE: LetterSpec(
        kind=LetterKind.KALLELSE,
        name="kallelsen",
        title="Kallelse till samtal",
        from_report=_FAMILY,
        typed={
            "mote": "Mötet: dag, tid och plats",
            "handlaggare": "Handläggare: namn och telefonnummer",
        },
    ),
    LetterKind.INGEN_UTREDNING: LetterSpec(
        kind=LetterKind.INGEN_UTREDNING,
        name="beskedet att ingen utredning inleds",
        title="Beslut att inte inleda utredning",
        from_report={**_FAMILY, "beslutsdag": "dagen för beslutet"},
        typed={"handlaggare": "Handläggare: namn och telefonnummer"},
    ),
}


def letter_spec(kind: str) -> LetterSpec:
    try:
        return LETTERS[LetterKind(kind)]
    except ValueError as error:
        raise UnknownLetterKind(kind) from error


def check_room(made: list) -> None:
    if len(made) >= LETTERS_PER_PERSON:
        raise Refused(
            f"Det finns redan {LETTERS_PER_PERSON} brev för den här personen i Oro, vilket är det mesta som sparas. "
            "Arkivera breven i verksamhetssystemet."
        )


def available_letters(person_kind: str, decision: dict | None) -> list[LetterKind]:
    """The letters a person's case has: to a child's guardians, the kallelse at any time and the notice once
    the decision is not to investigate."""
    if person_kind != "barn":
        return []
    kinds = [LetterKind.KALLELSE]
    if (decision or {}).get("outcome") == "no_investigation":
        kinds.append(LetterKind.INGEN_UTREDNING)
    return kinds


def check_available(spec: LetterSpec, person_kind: str, decision: dict | None) -> None:
    if spec.kind not in available_letters(person_kind, decision):
        raise Refused(
            f"{spec.title} finns bara för barn"
            + (" när beslutet är att inte inleda utredning." if spec.kind is LetterKind.INGEN_UTREDNING else ".")
        )


def _listed(names: list[str]) -> str:
    return ", ".join(f"${{{name}}}" for name in names)


def checked_template(template_text: str, known: dict[str, str], letter_name: str) -> Template:
    """The template, or LetterTemplateInvalid: a malformed `$` or a placeholder Oro does not know."""
    template = Template(template_text)
    if not template.is_valid():
        raise LetterTemplateInvalid(
            f"Brevmallen för {letter_name} har ett felaktigt $-tecken (skriv $$ för ett dollartecken). "
            "Brevet kan inte skapas; be den som förvaltar mallarna rätta den."
        )
    unknown = sorted(name for name in template.get_identifiers() if name not in known)
    if unknown:
        raise LetterTemplateInvalid(
            f"Brevmallen för {letter_name} innehåller okända platshållare: {_listed(unknown)}. "
            "Brevet kan inte skapas; be den som förvaltar mallarna rätta den."
        )
    return template


def render(template_text: str, values: dict[str, str | None], known: dict[str, str], letter_name: str) -> str:
    """The letter's text; LetterTemplateInvalid for a broken template or a placeholder without a value."""
    template = checked_template(template_text, known, letter_name)
    named = template.get_identifiers()
    empty = sorted(name for name in named if not (values.get(name) or "").strip())
    if empty:
        raise LetterTemplateInvalid(
            f"Det finns inget värde för {_listed(empty)} i brevmallen för {letter_name}. "
            "Brevet kan inte skapas förrän uppgiften finns."
        )
    return template.substitute({name: str(values[name]).strip() for name in named})


def fill(spec: LetterSpec, template_text: str, from_report: dict[str, str | None], typed: dict[str, str]) -> str:
    """The letter `spec` from its template: the report's values, then what the case worker typed (which
    may also give what the report lacks). LetterValuesMissing names each placeholder still without a value,
    as a field the case worker can fill in."""
    template = checked_template(template_text, spec.placeholders, spec.name)
    values = {**from_report, **{name: value for name, value in typed.items() if value and value.strip()}}
    missing = sorted(name for name in template.get_identifiers() if not (values.get(name) or "").strip())
    if missing:
        raise LetterValuesMissing(
            [
                FieldProblem(
                    field=f"values.{name}",
                    message=f"Fyll i {spec.placeholders[name][0].lower()}{spec.placeholders[name][1:]}"
                    + (" (uppgiften finns inte i anmälan)." if name in spec.from_report else "."),
                )
                for name in missing
            ]
        )
    return template.substitute({name: str(values[name]).strip() for name in template.get_identifiers()})


def check_edited(text: str) -> str:
    """The letter as the case worker edited it: not empty, not too long, and no placeholder left unfilled."""
    letter = text.strip()
    if not letter:
        raise LetterTextInvalid("Brevet är tomt. Förhandsgranska det igen eller skriv texten.")
    if len(letter) > LETTER_MAX_LENGTH:
        raise LetterTextInvalid(f"Brevet är för långt. Det får vara högst {LETTER_MAX_LENGTH} tecken.")
    left = sorted(set(_LEFT_PLACEHOLDER.findall(letter)))
    if left:
        raise LetterTextInvalid(
            f"Brevet har kvar {', '.join(left)}, som inte är ifyllt. Fyll i det eller ta bort det innan brevet skapas."
        )
    return letter
