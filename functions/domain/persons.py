"""Each person a report concerns has their own clocks, by the rule that applies to them.

- A child (under 18): the law's clocks (docs/legal-rules.md, "Time limits"): skyddsbedömning within
  24 hours, the decision whether to open an investigation within 14 days, the investigation within 4 months.
- An adult, an elderly person, someone with an addiction, or an adult reporting about themself: the unit the
  municipality names for them (municipality.adult_units), with that unit's own target times. The law says
  "skyndsamt" for adults and sets no numbers, so these targets are shown as the municipality's, never as law.

Persons are numbered from 1 in the order the reporter wrote them; the number is all the lifecycle, messages
and logs ever carry of a person.
"""

from datetime import date, datetime
from typing import Literal

from functions.domain.municipality import Deadlines, Municipality
from functions.domain.report import (
    ADULT_AGE,
    ConcernedPerson,
    PersonKind,
    ReportSubmission,
    age_on,
    identity_number_birth_date,
)

CHILDREN_RULE = "barn"  # the law's clocks; any other rule is "unit:<id>", an adult unit's targets
UNIT_PREFIX = "unit:"

Outcome = Literal["no_investigation", "investigation"]


def is_child(person: ConcernedPerson, today: date) -> bool:
    """A child in law: reported as a child, or of an age that says under 18 whatever the reporter chose."""
    if person.kind is PersonKind.CHILD:
        return True
    if person.personal_identity_number:
        return age_on(identity_number_birth_date(person.personal_identity_number), today) < ADULT_AGE
    if person.birth_date is not None:
        return age_on(person.birth_date, today) < ADULT_AGE
    if person.age is not None:
        return person.age < ADULT_AGE
    return False


def rule_for(person: ConcernedPerson, municipality: Municipality, today: date) -> str:
    if is_child(person, today):
        return CHILDREN_RULE
    return UNIT_PREFIX + municipality.unit_serving(person.kind.value)


def unit_of(rule: str) -> str | None:
    """The adult unit's id for a unit rule; None for the children's law."""
    return rule.removeprefix(UNIT_PREFIX) if rule.startswith(UNIT_PREFIX) else None


def clock_rules(rule: str, municipality: Municipality) -> Deadlines:
    """The durations that govern a person's clocks: the law's for children, the unit's targets otherwise."""
    unit = unit_of(rule)
    return municipality.deadlines if unit is None else municipality.adult_units[unit].targets


def rule_text(rule: str, municipality: Municipality) -> str:
    """Which rule applies and why, in the words staff and reporters read."""
    unit = unit_of(rule)
    if unit is None:
        return (
            "Barn: lagens tidsfrister gäller (skyddsbedömning direkt och inom 24 timmar, beslut om "
            "utredning inom 14 dagar, utredning inom fyra månader)."
        )
    return (
        f"Vuxen: anmälan går till {municipality.adult_units[unit].name}. Lagen säger skyndsamt utan "
        "fasta tider; tiderna som visas är kommunens egna mål."
    )


def person_rules(submission: ReportSubmission, municipality: Municipality, received_at: datetime) -> tuple[str, ...]:
    """Each person's rule, in the order the reporter wrote them (person 1, 2, …), as of the day the report came."""
    today = received_at.date()
    return tuple(rule_for(person, municipality, today) for person in submission.persons)


def violence_against(rule: str, submission: ReportSubmission) -> bool:
    """Whether the report tells of violence against, or witnessed by, this person as a child (SOSFS 2014:4)."""
    return rule == CHILDREN_RULE and submission.concern.involves_violence
