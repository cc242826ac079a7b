"""Staff events that move a report's lifecycle: the skyddsbedömning, the decision whether to open an
investigation, acknowledging an escalation, closing or extending an investigation.

Each records the fact on the report first, in one transaction with its audit entry (durable, and what every
later checkpoint reads), then resumes the lifecycle if it waits for such an event. Only the staff API
(casework.py) calls this, after checking the staff member's role.
"""

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from functions.domain.deadlines import investigation_deadline, preliminary_assessment_deadline
from functions.domain.municipality import Municipality
from functions.domain.routing import route_for_work
from functions.domain.text import multi_line
from functions.lifecycle.resume import resume_if_awaiting
from functions.stores.lifecycle import LifecycleStore, facts_of
from functions.stores.reports import iso

# Which waits a fact can end: a phase's work ends any wait (the escalation about it included); an
# acknowledgement ends only a wait for an acknowledgement.
PHASE_EVENT_WAITS = {"staff_event", "acknowledgement"}
_ACKNOWLEDGEMENT = {"acknowledgement"}


# The 14-day limit moves only for exceptional reasons (SoL 11 kap. 1 a §, "synnerliga skäl"): the reason
# is written out, not a word.
EXTENSION_REASON_MIN_LENGTH = 10


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


class RecordProtectionAssessment(_Action):
    action: Literal["record_protection_assessment"]
    immediate_protection_needed: bool


class AcknowledgeEscalation(_Action):
    action: Literal["acknowledge_escalation"]


class CloseInvestigation(_Action):
    action: Literal["close_investigation"]


class ExtendInvestigation(_Action):
    action: Literal["extend_investigation"]
    extended_to: date
    # Special reasons (särskilda skäl), written out as for the 14-day limit.
    reason: multi_line(1_000, min_length=EXTENSION_REASON_MIN_LENGTH)  # type: ignore[valid-type]


class ExtendDecisionDeadline(_Action):
    action: Literal["extend_decision_deadline"]
    extended_to: date
    reason: multi_line(1_000, min_length=EXTENSION_REASON_MIN_LENGTH)  # type: ignore[valid-type]


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
    match action:
        case RecordProtectionAssessment():
            store.record_protection_assessment(
                action.report_id,
                {
                    "recordedAt": iso(now),
                    "recordedBy": action.staff_id,
                    "immediateProtectionNeeded": action.immediate_protection_needed,
                },
                # The decision whether to investigate is the intake team's: they hold the report now.
                holder=route_for_work("decision", municipality.office_hours, now),
                audit=entry,
            )
            event, kinds = "protection_assessment_recorded", PHASE_EVENT_WAITS
        case AcknowledgeEscalation():
            store.record_fact(action.report_id, "lastAcknowledgement", by, once=False, audit=entry)
            event, kinds = "acknowledged", _ACKNOWLEDGEMENT
        case ExtendDecisionDeadline():
            if facts.decision:
                raise StaffActionRefused("Beslutet är redan fattat; tidsgränsen för det kan inte förlängas.")
            current = preliminary_assessment_deadline(
                datetime.fromisoformat(item["receivedAt"]),
                municipality.deadlines,
                municipality.office_hours.timezone,
                facts.decision_due_extended_to,
            )
            if action.extended_to <= current.due_at.date():
                raise StaffActionRefused("En förlängning måste sluta senare än den nuvarande tidsgränsen.")
            _refuse_beyond_a_year(action.extended_to, now)
            extension = {"to": action.extended_to.isoformat(), "reason": action.reason, **by}
            extended = preliminary_assessment_deadline(
                datetime.fromisoformat(item["receivedAt"]),
                municipality.deadlines,
                municipality.office_hours.timezone,
                action.extended_to,
            )
            store.record_decision_deadline_extension(action.report_id, extension, extended, audit=entry)
            event, kinds = "decision_deadline_extended", {"staff_event"}
        case CloseInvestigation() | ExtendInvestigation():
            if facts.decision != "investigation" or facts.decided_at is None:
                raise StaffActionRefused("Ingen utredning har inletts för den här anmälan.")
            if facts.investigation_closed_at:
                raise StaffActionRefused("Utredningen är redan avslutad.")
            investigation = dict(item.get("investigation") or {})
            extended = None
            if isinstance(action, CloseInvestigation):
                investigation.update({"closedAt": iso(now), "closedBy": action.staff_id})
                event = "investigation_closed"
            else:
                current = investigation_deadline(
                    facts.decided_at,
                    municipality.deadlines,
                    municipality.office_hours.timezone,
                    facts.investigation_extended_to,
                )
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
                extended = investigation_deadline(
                    facts.decided_at,
                    municipality.deadlines,
                    municipality.office_hours.timezone,
                    action.extended_to,
                )
                event = "investigation_extended"
            store.record_investigation(action.report_id, investigation, extended, audit=entry)
            kinds = {"staff_event"}
    resume_if_awaiting(
        store, stepfunctions, action.report_id, store.report_item(action.report_id), kinds, event
    )
    return event
