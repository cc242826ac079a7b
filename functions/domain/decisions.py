"""The rules staff work on a person keeps: the skyddsbedömning first, a decision whether to open an
investigation proposed by one person and approved by another (four eyes) on exactly the version they read,
the violence rule, and the limits on extending a person's clocks. Each check raises Refused with the rule,
in Swedish, for the person acting. Each person the report concerns gets their own decision."""

from datetime import date, timedelta

from functions.domain.errors import PersonNotInReport, Refused
from functions.domain.lifecycle import PersonFacts, ReportFacts
from functions.domain.persons import CHILDREN_RULE, Outcome
from functions.domain.routing import day_text

__all__ = ["Outcome"]

# A skyddsbedömning and a decision proposal are written out: what was weighed, in a sentence or more.
MOTIVATION_MIN_LENGTH = 10
# The 14-day limit moves only for exceptional reasons (SoL 11 kap. 1 a §, "synnerliga skäl"), the 4-month
# limit for special ones: the reason is written out, not a word.
EXTENSION_REASON_MIN_LENGTH = 10

# SOSFS 2014:4 (binding): violence against a child, or witnessed by one, always opens an investigation.
VIOLENCE_REQUIRES_INVESTIGATION = (
    "Anmälan gäller våld mot eller som ett barn har bevittnat. Då ska en utredning alltid inledas "
    "(SOSFS 2014:4); beslutet kan inte vara att inte inleda utredning."
)
PROTECTION_FIRST = "Gör skyddsbedömningen först; ett förslag till beslut om utredning kommer efter den."
PROPOSAL_CHANGED = (
    "Förslaget har ändrats sedan du läste det. Läs det nya förslaget innan du godkänner eller returnerar det."
)
ALREADY_DECIDED = "Beslutet för personen är redan fattat."


def person_of(facts: ReportFacts, number: int) -> PersonFacts:
    for person in facts.persons:
        if person.number == number:
            return person
    raise PersonNotInReport(number)


def check_outcome(outcome: Outcome, person: PersonFacts) -> None:
    """The violence rule: no decision not to investigate for a child the report tells of violence against
    (or witnessed by)."""
    if outcome == "no_investigation" and person.violence:
        raise Refused(VIOLENCE_REQUIRES_INVESTIGATION)


def check_proposal(person: PersonFacts, outcome: Outcome) -> None:
    if person.decision:
        raise Refused(ALREADY_DECIDED)
    if person.protection_assessed_at is None:
        raise Refused(PROTECTION_FIRST)
    check_outcome(outcome, person)


def check_review(person: PersonFacts, proposal: dict, reviewer: str, version: int, *, approve: bool) -> None:
    """A second person reviews exactly the version they read; approving keeps the violence rule too."""
    if person.decision:
        raise Refused(ALREADY_DECIDED)
    if proposal.get("status") != "proposed":
        raise Refused("Det finns inget förslag till beslut att granska.")
    if proposal.get("proposedBy") == reviewer:
        raise Refused("Förslaget måste granskas av en annan person än den som lämnade det.")
    if int(proposal.get("version", 1)) != version:
        raise Refused(PROPOSAL_CHANGED)
    if person.protection_assessed_at is None:
        raise Refused(PROTECTION_FIRST)
    if approve:
        check_outcome(proposal["outcome"], person)


def check_violence_assessment(person: PersonFacts) -> None:
    """Which child the report's violence concerns is staff's assessment (the form asks it once per report),
    made for a child before their decision."""
    if person.rule != CHILDREN_RULE:
        raise Refused("Regeln om våld (SOSFS 2014:4) gäller barn; personen är vuxen.")
    if person.decision:
        raise Refused(ALREADY_DECIDED)


def check_protection_measures(person: PersonFacts) -> None:
    if not person.immediate_protection_needed:
        raise Refused("Skyddsbedömningen för personen säger inte att omedelbart skydd behövs.")


def check_decision_deadline_extension(person: PersonFacts) -> None:
    if person.decision:
        raise Refused("Beslutet är redan fattat; tidsgränsen för det kan inte förlängas.")


def check_open_investigation(person: PersonFacts) -> None:
    if person.decision != "investigation" or person.decided_at is None:
        raise Refused("Ingen utredning har inletts för den här personen.")
    if person.investigation_closed_at:
        raise Refused("Utredningen är redan avslutad.")


def check_extension(ordinary_limit: date, current_limit: date, extended_to: date, at_most: timedelta) -> None:
    """A limit moves only later, and at most `at_most` (the municipality's bound) past its ordinary day."""
    if extended_to <= current_limit:
        raise Refused("En förlängning måste sluta senare än den nuvarande tidsgränsen.")
    latest = ordinary_limit + at_most
    if extended_to > latest:
        raise Refused(
            f"En förlängning kan sluta senast {day_text(latest)}: kommunens gräns är {at_most.days} dagar "
            "efter den ordinarie tidsgränsen. Kontrollera datumet."
        )
