"""The domain's errors, and validation problems in plain Swedish, each naming the field it is about.

The API answers with a list of {field, message}; `field` is the JSON path the form uses to put the
message beside the right input, `message` is what a person reads. Which HTTP status and message each error
gets is one table: functions/shared/problems.py.
"""

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

LABELS = {
    "submissionId": "Inskickningens id",
    "persons": "Personer som anmälan gäller",
    "kind": "Vem anmälan gäller",
    "name": "Namn",
    "personalIdentityNumber": "Personnummer eller samordningsnummer",
    "birthDate": "Födelsedatum",
    "age": "Ålder",
    "unborn": "Ofött barn",
    "address": "Adress",
    "schoolOrPreschool": "Skola eller förskola",
    "guardians": "Vårdnadshavare",
    "knowsAboutReport": "Känner till anmälan",
    "concern": "Oron",
    "description": "Beskrivning av oron",
    "categories": "Vad oron gäller",
    "mainCategory": "Det oron främst gäller",
    "since": "Hur länge oron funnits",
    "acuteDanger": "Akut fara",
    "interpreter": "Tolk",
    "needed": "Behov av tolk",
    "language": "Språk",
    "otherAgencies": "Andra verksamheter som är inkopplade",
    "reporter": "Anmälare",
    "type": "Typ av anmälare",
    "anonymous": "Anonym anmälan",
    "phone": "Telefonnummer",
    "email": "E-postadress",
    "relation": "Relation till personen",
    "role": "Yrkesroll",
    "organisation": "Arbetsplats eller organisation",
    "workPhone": "Telefonnummer i arbetet",
    "workEmail": "E-postadress i arbetet",
    "wantsFeedback": "Återkoppling",
    # The staff API's own fields.
    "reason": "Skälet",
    "extendedTo": "Nytt sista datum",
    "identityNumber": "Personnummer",
    "receivedAt": "Tiden då anmälan kom in",
    "channel": "Hur anmälan kom in",
    "outcome": "Beslutet",
    "immediateProtectionNeeded": "Behov av omedelbart skydd",
    "concernsPerson": "Om våldet gäller barnet",
    "version": "Förslagets version",
    "comment": "Kommentaren",
    "motivation": "Motiveringen",
    "note": "Anteckningen om vad som gjorts",
    "confirmed": "Bekräftelsen av beslutet",
    "report": "Anmälan",
    "referenceNumber": "Diarienumret",
}

# Codes raised by the domain's own validators (ValueError("code")).
DOMAIN_MESSAGES = {
    "invalid_personnummer": "Personnumret eller samordningsnumret stämmer inte. Kontrollera siffrorna, "
    "eller lämna fältet tomt och ange födelsedatum eller ålder.",
    "control_characters": "innehåller osynliga styrtecken som inte kan tas emot. Skriv in texten igen.",
    "nothing_visible": "innehåller inga synliga tecken. Skriv med ord.",
    "unborn_with_identity": "Ett ofött barn har inget personnummer, födelsedatum eller ålder.",
    "birth_date_in_future": "Födelsedatumet ligger i framtiden.",
    "child_age_adult": "Ett barn är under 18 år. Är personen 18 år eller äldre, ange att anmälan gäller en vuxen.",
    "child_birth_date_adult": "Enligt födelsedatumet har personen fyllt 18 år, men ett barn är under 18 år. "
    "Kontrollera datumet, eller ange att anmälan gäller en vuxen.",
    "child_identity_number_adult": "Enligt personnumret har personen fyllt 18 år, men ett barn är under 18 år. "
    "Kontrollera siffrorna, eller ange att anmälan gäller en vuxen.",
    "unborn_with_school": "Ett barn som inte är fött ännu går inte i skola eller förskola. Ta bort uppgiften.",
    "unborn_with_knowledge": "Ett barn som inte är fött ännu kan inte veta om anmälan. Ta bort uppgiften.",
    "professional_about_oneself": "Som yrkesverksam anmäler du oro för någon annan, inte för dig själv. "
    "Välj vem oron gäller, eller gör anmälan som privatperson.",
    "duplicate_categories": "Samma val finns med flera gånger under Vad oron gäller.",
    "main_category_not_chosen": "Det oron främst gäller måste vara ett av de val du gjort under Vad oron gäller.",
    "interpreter_language_missing": "Skriv vilket språk tolken behöver tala.",
    "anonymous_with_contact": "En anonym anmälan kan inte innehålla namn eller kontaktuppgifter. "
    "Ta bort dem eller välj att inte vara anonym.",
    "reporter_name_missing": "Skriv ditt namn, eller välj att vara anonym.",
    "work_contact_missing": "Ange telefonnummer eller e-postadress i arbetet, så att vi kan nå dig.",
    "anonymous_not_allowed": "Kommunen tar inte emot anonyma anmälningar via webben. "
    "Skriv ditt namn, eller ring oss om du vill vara anonym.",
}

_TYPE_MESSAGES = {
    "missing": "{label} behöver fyllas i.",
    "string_too_short": "{label} behöver fyllas i.",
    "string_too_long": "{label} får vara högst {max_length} tecken.",
    "too_short": "{label}: välj eller ange minst {min_length}.",
    "too_long": "{label}: högst {max_length} får anges.",
    "extra_forbidden": "Uppgiften {field} känns inte igen och kan inte tas emot.",
    "bool_type": "{label} ska vara ja eller nej.",
    "string_type": "{label} ska vara text.",
    "int_type": "{label} ska vara ett heltal.",
    "list_type": "{label} ska vara en lista.",
    "model_type": "{label} har fel form.",
    "dict_type": "{label} har fel form.",
    "enum": "{label} har ett värde som inte finns bland valen.",
    "literal_error": "{label} har ett värde som inte finns bland valen.",
    "uuid_type": "{label} ska vara ett UUID.",
    "uuid_parsing": "{label} ska vara ett UUID.",
    "date_type": "{label} ska vara ett datum (ÅÅÅÅ-MM-DD).",
    "date_parsing": "{label} ska vara ett datum (ÅÅÅÅ-MM-DD).",
    "date_from_datetime_parsing": "{label} ska vara ett datum (ÅÅÅÅ-MM-DD).",
    "string_pattern_mismatch": "{label} har fel format.",
    "greater_than_equal": "{label} får inte vara mindre än {ge}.",
    "less_than_equal": "{label} får inte vara större än {le}.",
    "union_tag_invalid": "Ange om du anmäler som privatperson eller som yrkesverksam.",
    "union_tag_not_found": "Ange om du anmäler som privatperson eller som yrkesverksam.",
}
_TEXT_TYPE_MESSAGES = {
    "too_short": "{label} behöver fyllas i.",
    "too_long": "{label} får vara högst {max_length} tecken.",
}
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

    problems = [
        FieldProblem(field="submissionId", message="Inskickningens id används redan för en annan anmälan.")
    ]


class EServiceNotOpen(Exception):
    """The e-service is open only inside the municipality's networks and the client is outside them; the message
    says how to report by phone instead (functions/domain/internal_launch.py)."""


class PersonNotInReport(Exception):
    """The report names no person with that number."""


class InvalidIdentityNumber(Exception):
    """Not a valid personnummer or samordningsnummer."""

    problems = [
        FieldProblem(field="identityNumber", message="Personnumret eller samordningsnumret är inte giltigt.")
    ]


class InvalidDay(Exception):
    """A date parameter that is not a day (YYYY-MM-DD) a time zone can hold; names the parameter."""

    def __init__(self, parameter: str) -> None:
        super().__init__(parameter)
        self.problems = [FieldProblem(field=parameter, message="Ange datumet som ÅÅÅÅ-MM-DD.")]


def field_path(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc if part not in _DISCRIMINATOR_TAGS)


def _label(loc: tuple[int | str, ...]) -> str:
    names = [part for part in loc if isinstance(part, str) and part not in _DISCRIMINATOR_TAGS]
    label = LABELS.get(names[-1], names[-1]) if names else "Anmälan"
    person_numbers = [part for part in loc if isinstance(part, int)]
    if loc and loc[0] == "persons" and person_numbers:
        prefix = f"Person {person_numbers[0] + 1}"
        if "guardians" in names and len(person_numbers) > 1:
            prefix += f", vårdnadshavare {person_numbers[1] + 1}"
        return f"{prefix}: {label.lower() if names[-1] != 'persons' else label}"
    return label


def describe(error: ErrorDetails) -> FieldProblem:
    loc = tuple(error.get("loc", ()))
    context = error.get("ctx") or {}
    code = str(context.get("error", "")).strip() if error["type"] == "value_error" else ""
    # A rule about a whole object may name the field it is about (report.FieldRuleError).
    if code:
        loc = (*loc, *getattr(context["error"], "path", ()))
    if code in _DOMAIN_CODE_FIELDS and (not loc or loc[-1] != _DOMAIN_CODE_FIELDS[code]):
        loc = (*loc, _DOMAIN_CODE_FIELDS[code])
    label = _label(loc)
    if error["type"] == "value_error":
        message = DOMAIN_MESSAGES.get(code)
        if message and code in ("control_characters", "nothing_visible"):
            message = f"{label} {message}"
        return FieldProblem(field=field_path(loc), message=message or f"{label}: uppgiften är inte giltig.")
    templates = _TEXT_TYPE_MESSAGES if isinstance(error.get("input"), str) else _TYPE_MESSAGES
    template = templates.get(error["type"]) or _TYPE_MESSAGES.get(
        error["type"], "{label}: uppgiften är inte giltig."
    )
    given = error.get("input")
    written = given if isinstance(given, str) else ""
    if (
        error["type"] in ("too_short", "string_too_short")
        and written.strip()
        and context.get("min_length", 1) > 1
    ):
        template = "{label} behöver vara minst {min_length} tecken."  # written, but too little
    values = {"label": label, "field": field_path(loc)}
    values.update({key: context[key] for key in ("max_length", "min_length", "ge", "le") if key in context})
    return FieldProblem(field=field_path(loc), message=template.format(**values))


def describe_validation_error(error: ValidationError) -> list[FieldProblem]:
    problems = [describe(detail) for detail in error.errors(include_url=False)]
    # One message per field and text is enough for a person to act on.
    unique = {(problem.field, problem.message): problem for problem in problems}
    return list(unique.values())


class IncompleteAuditPeriod(Exception):
    """An audit export needs whose entries (staffId) or which report (referenceNumber), and the period (from,
    to, with time zones)."""
