"""The domain's errors, and validation problems in plain words, each naming the field it is about.

The API answers with a list of {field, message}; `field` is the JSON path the form uses to put the
message beside the right input, `message` is what a person reads, in the language asked for (the words are
the catalogues' `api.*`, locales/<language>.json; Swedish by default). Which HTTP status and message each
error gets is one table: functions/shared/problems.py.
"""

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from functions.domain.languages import default_language, has_text, text

_DISCRIMINATOR_TAGS = {"privatperson", "yrkesverksam"}
# A model-level rule is about one field in particular: point the form at it.
_DOMAIN_CODE_FIELDS = {
    "interpreter_language_missing": "language",
    "reporter_name_missing": "name",
    "anonymous_with_contact": "anonymous",
    "work_contact_missing": "workPhone",
    "main_category_not_chosen": "mainCategory",
    "duplicate_categories": "categories",
    "unborn_with_identity": "unborn",
    "birth_date_in_future": "birthDate",
}


class FieldProblem(BaseModel):
    field: str
    message: str


class Refused(Exception):
    """An action breaks one of the domain's rules; the message says which, in Swedish, to the person acting."""


class InvalidReport(Exception):
    """A report that does not hold together: its problems, field by field."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems

    def within(self, field: str) -> "InvalidReport":
        """The same problems, for a report sent as `field` of a larger body."""
        return InvalidReport(
            [FieldProblem(field=f"{field}.{p.field}", message=p.message) for p in self.problems]
        )


class MalformedJson(Exception):
    """The body is not JSON at all: nothing to name field by field."""


class SubmissionIdReused(Exception):
    """The same submission id came with different content: refuse rather than guess which one is meant."""

    field_messages = [("submissionId", "api.field.submissionIdReused")]


class EServiceNotOpen(Exception):
    """The e-service is open only inside the municipality's networks and the client is outside them; the message
    says how to report by phone instead (functions/domain/internal_launch.py)."""


class SignInRequired(Exception):
    """Web reports here need a signed-in reporter (seed 000); the message points to phone and letter for those
    who want to stay anonymous."""


class PersonNotInReport(Exception):
    """The report names no person with that number."""


class InvalidIdentityNumber(Exception):
    """Not a valid personnummer or samordningsnummer."""

    field_messages = [("identityNumber", "api.field.invalidIdentityNumber")]


class InvalidDay(Exception):
    """A date parameter that is not a day (YYYY-MM-DD) a time zone can hold; names the parameter."""

    def __init__(self, parameter: str) -> None:
        super().__init__(parameter)
        self.field_messages = [(parameter, "api.field.invalidDay")]


def field_path(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc if part not in _DISCRIMINATOR_TAGS)


def _label(loc: tuple[int | str, ...], language: str) -> str:
    names = [part for part in loc if isinstance(part, str) and part not in _DISCRIMINATOR_TAGS]
    name = names[-1] if names else "report"
    label = text(language, f"api.labels.{name}") if has_text(language, f"api.labels.{name}") else name
    person_numbers = [part for part in loc if isinstance(part, int)]
    if loc and loc[0] == "persons" and person_numbers:
        within = label.lower() if name != "persons" else label
        if "guardians" in names and len(person_numbers) > 1:
            return text(
                language,
                "api.field.ofGuardian",
                person=person_numbers[0] + 1,
                guardian=person_numbers[1] + 1,
                label=within,
            )
        return text(language, "api.field.ofPerson", person=person_numbers[0] + 1, label=within)
    return label


def domain_message(language: str, code: str, **values: object) -> str:
    """The words of a code the domain's validators raise (ValueError("code"))."""
    return text(language, f"api.domain.{code}", **values)


def describe(error: ErrorDetails, language: str | None = None) -> FieldProblem:
    language = language or default_language()
    loc = tuple(error.get("loc", ()))
    context = error.get("ctx") or {}
    code = str(context.get("error", "")).strip() if error["type"] == "value_error" else ""
    # A rule about a whole object may name the field it is about (report.FieldRuleError).
    if code:
        loc = (*loc, *getattr(context["error"], "path", ()))
    if code in _DOMAIN_CODE_FIELDS and (not loc or loc[-1] != _DOMAIN_CODE_FIELDS[code]):
        loc = (*loc, _DOMAIN_CODE_FIELDS[code])
    label = _label(loc, language)
    if error["type"] == "value_error":
        known = has_text(language, f"api.domain.{code}")
        message = domain_message(language, code, label=label) if known else None
        return FieldProblem(
            field=field_path(loc), message=message or text(language, "api.field.invalid", label=label)
        )
    given = error.get("input")
    kind = error["type"]
    key = (
        f"api.text.{kind}"
        if isinstance(given, str) and has_text(language, f"api.text.{kind}")
        else f"api.type.{kind}"
    )
    if not has_text(language, key):
        key = "api.field.invalid"
    written = given if isinstance(given, str) else ""
    if kind in ("too_short", "string_too_short") and written.strip() and context.get("min_length", 1) > 1:
        key = "api.field.tooShortWritten"  # written, but too little
    values = {"label": label, "field": field_path(loc)}
    values.update(
        {name: context[name] for name in ("max_length", "min_length", "ge", "le") if name in context}
    )
    return FieldProblem(field=field_path(loc), message=text(language, key, **values))


def describe_validation_error(error: ValidationError, language: str | None = None) -> list[FieldProblem]:
    problems = [describe(detail, language) for detail in error.errors(include_url=False)]
    # One message per field and text is enough for a person to act on.
    unique = {(problem.field, problem.message): problem for problem in problems}
    return list(unique.values())


class IncompleteAuditPeriod(Exception):
    """An audit export needs whose entries (staffId) or which report (referenceNumber), and the period (from,
    to, with time zones)."""
