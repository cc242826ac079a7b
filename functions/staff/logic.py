"""Staff events that move a report's lifecycle: a person's skyddsbedömning (and what was done when they
needed protection at once), extending a person's 14-day limit, closing or extending a person's
investigation, and acknowledging the report's escalation.

Each records the fact on the report first, in one transaction with its audit entry (durable, and what every
later checkpoint reads), then resumes the lifecycle if it waits for such an event. Only the staff API
(casework.py) calls this, after checking the staff member's role.
"""

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from functions.domain.deadlines import Deadline, investigation_deadline, preliminary_assessment_deadline
from functions.domain.lifecycle import PersonFacts
from functions.domain.municipality import Municipality
from functions.domain.persons import clock_rules
from functions.domain.routing import route_for_work
from functions.domain.text import multi_line
from functions.lifecycle.resume import ACKNOWLEDGEMENT_WAITS, PHASE_EVENT_WAITS, advance
from functions.stores.lifecycle import LifecycleStore, facts_of
from functions.stores.reports import iso

# The 14-day limit moves only for exceptional reasons (SoL 11 kap. 1 a §, "synnerliga skäl"): the reason
# is written out, not a word.
EXTENSION_REASON_MIN_LENGTH = 10
# A skyddsbedömning and a decision proposal are written out: what was weighed, in a sentence or more.
MOTIVATION_MIN_LENGTH = 10


class StaffActionRefused(Exception):
    """The action breaks a rule; the message says which, in Swedish."""


# A lifecycle waits at most this long for one limit (a Standard execution lives a year): a later day would
# be a typing error, and a wait it cannot hold. (Each municipality's own maximum comes with hardening.)
LONGEST_EXTENSION = timedelta(days=365)


def _refuse_beyond_a_year(extended_to: date, now: datetime) -> None:
    if extended_to > (now + LONGEST_EXTENSION).date():
        raise StaffActionRefused("En förlängning kan sluta högst ett år fram i tiden. Kontrollera datumet.")


class _Action(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid", frozen=True)

    report_id: Annotated[str, Field(min_length=1, max_length=64)]
    staff_id: Annotated[str, Field(min_length=1, max_length=128)]


class _PersonAction(_Action):
    person: Annotated[int, Field(ge=1, le=99)]


class RecordProtectionAssessment(_PersonAction):
    action: Literal["record_protection_assessment"]
    immediate_protection_needed: bool
    motivation: multi_line(2_000, min_length=MOTIVATION_MIN_LENGTH)  # type: ignore[valid-type]


class RecordProtectionMeasures(_PersonAction):
    """What was done for a person who needed protection at once."""

    action: Literal["record_protection_measures"]
    note: multi_line(2_000, min_length=MOTIVATION_MIN_LENGTH)  # type: ignore[valid-type]


class AcknowledgeEscalation(_Action):
    action: Literal["acknowledge_escalation"]


class CloseInvestigation(_PersonAction):
    action: Literal["close_investigation"]


class ExtendInvestigation(_PersonAction):
    action: Literal["extend_investigation"]
    extended_to: date
    # Special reasons (särskilda skäl), written out as for the 14-day limit.
    reason: multi_line(1_000, min_length=EXTENSION_REASON_MIN_LENGTH)  # type: ignore[valid-type]


class ExtendDecisionDeadline(_PersonAction):
    action: Literal["extend_decision_deadline"]
    extended_to: date
    reason: multi_line(1_000, min_length=EXTENSION_REASON_MIN_LENGTH)  # type: ignore[valid-type]


class PersonNotInReport(Exception):
    """The report names no person with that number."""


def person_of(facts, number: int) -> PersonFacts:
    for person in facts.persons:
        if person.number == number:
            return person
    raise PersonNotInReport(number)


def perform(
    action,
    *,
    store: LifecycleStore,
    stepfunctions,
    municipality: Municipality,
    now: datetime,
    audit: Callable[[dict], dict],
) -> str:
    """Records the action, with the audit entry `audit` makes of the report item, and resumes the lifecycle
    if it waits; answers the event name."""
    item = store.report_item(action.report_id)
    entry = audit(item)
    facts = facts_of(item)
    by = {"staffId": action.staff_id, "at": iso(now)}
    zone = municipality.office_hours.timezone
    received_at = datetime.fromisoformat(item["receivedAt"])
    person = person_of(facts, action.person) if isinstance(action, _PersonAction) else None
    match action:
        case RecordProtectionAssessment():
            assert person is not None
            others_waiting = any(
                other.protection_assessed_at is None for other in facts.persons if other.number != person.number
            )
            store.record_protection_assessment(
                action.report_id,
                person.number,
                {
                    "recordedAt": iso(now),
                    "recordedBy": action.staff_id,
                    "immediateProtectionNeeded": action.immediate_protection_needed,
                    "motivation": action.motivation,
                },
                # With every person assessed, the decisions whether to investigate are the intake team's:
                # they hold the report now.
                holder=None if others_waiting else route_for_work("decision", municipality.office_hours, now),
                audit=entry,
            )
            event, kinds = "protection_assessment_recorded", PHASE_EVENT_WAITS
        case RecordProtectionMeasures():
            assert person is not None
            if not person.immediate_protection_needed:
                raise StaffActionRefused(
                    "Skyddsbedömningen för personen säger inte att omedelbart skydd behövs."
                )
            store.record_protection_measures(
                action.report_id, person.number, {"note": action.note, **by}, audit=entry
            )
            return "protection_measures_recorded"  # a note: the lifecycle waits for nothing here
        case AcknowledgeEscalation():
            store.record_fact(action.report_id, "lastAcknowledgement", by, once=False, audit=entry)
            event, kinds = "acknowledged", ACKNOWLEDGEMENT_WAITS
        case ExtendDecisionDeadline():
            assert person is not None
            if person.decision:
                raise StaffActionRefused("Beslutet är redan fattat; tidsgränsen för det kan inte förlängas.")
            rules = clock_rules(person.rule, municipality)
            current = preliminary_assessment_deadline(
                received_at, rules, zone, person.decision_due_extended_to
            )
            if action.extended_to <= current.due_at.date():
                raise StaffActionRefused("En förlängning måste sluta senare än den nuvarande tidsgränsen.")
            _refuse_beyond_a_year(action.extended_to, now)
            extension = {"to": action.extended_to.isoformat(), "reason": action.reason, **by}
            new_limit = preliminary_assessment_deadline(received_at, rules, zone, action.extended_to)
            store.record_decision_deadline_extension(
                action.report_id, person.number, extension, new_limit, audit=entry
            )
            event, kinds = "decision_deadline_extended", PHASE_EVENT_WAITS
        case CloseInvestigation() | ExtendInvestigation():
            assert person is not None
            if person.decision != "investigation" or person.decided_at is None:
                raise StaffActionRefused("Ingen utredning har inletts för den här personen.")
            if person.investigation_closed_at:
                raise StaffActionRefused("Utredningen är redan avslutad.")
            stored = (item.get("persons") or {}).get(str(person.number)) or {}
            investigation = dict(stored.get("investigation") or {})
            extended: Deadline | None = None
            if isinstance(action, CloseInvestigation):
                investigation.update({"closedAt": iso(now), "closedBy": action.staff_id})
                event = "investigation_closed"
            else:
                rules = clock_rules(person.rule, municipality)
                current = investigation_deadline(person.decided_at, rules, zone, person.investigation_extended_to)
                if action.extended_to <= current.due_at.date():
                    raise StaffActionRefused(
                        "En förlängning måste sluta senare än den nuvarande tidsgränsen."
                    )
                _refuse_beyond_a_year(action.extended_to, now)
                extensions = [
                    *investigation.get("extensions", []),
                    {"to": action.extended_to.isoformat(), "reason": action.reason, **by},
                ]
                investigation.update({"extendedTo": action.extended_to.isoformat(), "extensions": extensions})
                extended = investigation_deadline(person.decided_at, rules, zone, action.extended_to)
                event = "investigation_extended"
            store.record_investigation(action.report_id, person.number, investigation, extended, audit=entry)
            kinds = PHASE_EVENT_WAITS
    advance(store, stepfunctions, municipality, action.report_id, now, kinds)
    return event
