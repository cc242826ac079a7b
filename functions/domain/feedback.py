"""Whether a professional reporter may be given återkoppling (feedback) about one person a report concerns.

The law (docs/legal-rules.md, "Återkoppling"): a professional who reported is told whether an investigation
was opened, not opened or already under way, unless that is inappropriate (SoL 2025:400, 14 kap.; old SoL
14 kap. 1 b § / 1 f §). About a child that needs no one's consent; about an adult only with the adult's
consent. The consent is either given in the report (the form asks the reporter, `feedbackConsent`) or told
to a case worker later, who records it, or its withdrawal, on the person (`persons.<n>.feedbackConsent`).
"""

from datetime import date

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from functions.domain.errors import Refused
from functions.domain.persons import CHILDREN_RULE
from functions.domain.report import ADULT_KINDS, Knowledge, PersonKind

NOTE_MAX_LENGTH = 500
NOTE_MIN_LENGTH = 3  # "muntligt i telefon": how, in a few words; not "ok"

CONSENT_CHANGED = (
    "Samtycket har ändrats av någon annan medan du skrev. Läs anmälan igen och registrera sedan på nytt."
)


def feedback_allowed(
    person_kind: PersonKind | str,
    consent_in_report: Knowledge | str | None,
    consent_recorded: bool | None,
) -> bool:
    """Whether återkoppling about this person may be given to the reporter.

    - `person_kind`: the person's kind ("barn", "vuxen", "aldre", "missbruk", "mig_sjalv"). Pass "barn" for a
      person whose rule is the children's (`persons.<n>.rule == "barn"`): someone reported as an adult whose
      age says under 18 is a child in law (see `kind_in_law`).
    - `consent_in_report`: the report's `feedbackConsent` for the person ("ja", "nej", "vet_inte"; None where
      the form did not ask).
    - `consent_recorded`: what a case worker recorded later, the latest: True given, False withdrawn, None
      nothing recorded. The latest word counts: a later consent outweighs the report's "nej", a withdrawal the
      report's "ja".

    A child: always. Anyone else: only with consent. Whether the reporter gets återkoppling at all (a
    professional who asked for it, and not inappropriate in the case) is the caller's to check first.
    """
    if PersonKind(person_kind) is PersonKind.CHILD:
        return True
    if consent_recorded is not None:
        return consent_recorded
    return consent_in_report is not None and Knowledge(consent_in_report) is Knowledge.YES


def kind_in_law(kind: PersonKind | str, rule: str) -> PersonKind:
    """The person's kind as feedback_allowed needs it: a child where the children's rule applies."""
    return PersonKind.CHILD if rule == CHILDREN_RULE else PersonKind(kind)


class ConsentRecord(BaseModel):
    """A consent to återkoppling (or its withdrawal) that the person gave a case worker after the report."""

    model_config = ConfigDict(frozen=True, alias_generator=to_camel, populate_by_name=True)

    given: bool  # False: withdrawn
    given_on: date  # the day the person said so (or withdrew it)
    note: str = Field(max_length=NOTE_MAX_LENGTH)  # how it was given: "muntligt i telefon"


def check_consent_record(kind: PersonKind | str, rule: str, record: ConsentRecord, today: date) -> None:
    """Consent is recorded for an adult named by someone else, on a day that has been."""
    if PersonKind(kind) not in ADULT_KINDS or rule == CHILDREN_RULE:
        raise Refused(
            "Samtycke till återkoppling registreras bara för en vuxen. För ett barn behövs inget samtycke."
        )
    if record.given_on > today:
        raise Refused("Dagen då samtycket lämnades kan inte ligga i framtiden.")
