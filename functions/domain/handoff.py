"""The hand-off of a decided person's case to the municipality's case system (Treserva, Lifecare, Viva…), so
that nobody retypes the report there.

One hand-off per person, made when their decision is approved (in the decision's own transaction). Its id is
the report's id and the person's number: the same however often it is delivered, so the case system can
deduplicate on it, and a decision is handed off exactly once. Its status chain:

    prepared ─▶ delivered ─▶ fetched ─▶ acknowledged (with the case system's own case id)
         └────────────┴──────────┴────▶ registered manually (by a case worker, with the case id they got)

`delivered`: the document (HandoffDocument, JSON, schema docs/case-system/handoff-v1.schema.json) lies in the
outbound channel and its event was sent. `fetched`: the integration read it through Oro's case-system API.
Not acknowledged within the municipality's working days (two by default), the intake team is alerted, and
again each working day after, until the case system acknowledges or a case worker registers it by hand."""

import re
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from functions.domain.errors import Refused
from functions.domain.lifecycle import PersonFacts
from functions.domain.municipality import Municipality, OfficeHours
from functions.domain.office_hours import next_opening, open_intervals
from functions.domain.persons import rule_text
from functions.domain.report_document import clocks_of

SCHEMA_VERSION: Literal["1.0"] = "1.0"  # a new major version is a new schema file; a minor one only adds fields
EVENT_SOURCE = "oro"
EVENT_DETAIL_TYPE = "Oro hand-off ready"
_HANDOFF_ID = re.compile(r"^(?P<report>[0-9A-Za-z-]{1,64})-(?P<person>[1-9][0-9]{0,2})$")
_WORKING_DAYS_AHEAD = 366  # a year: no municipality is closed longer


class HandoffStatus(StrEnum):
    PREPARED = "prepared"
    DELIVERED = "delivered"
    FETCHED = "fetched"
    ACKNOWLEDGED = "acknowledged"
    REGISTERED_MANUALLY = "registered_manually"


# Still waiting for the case system: what the dispatcher delivers, and alerts on when due.
AWAITING = frozenset({HandoffStatus.PREPARED, HandoffStatus.DELIVERED, HandoffStatus.FETCHED})
STATUS_WORDS = {
    HandoffStatus.PREPARED: "Förberedd",
    HandoffStatus.DELIVERED: "Levererad",
    HandoffStatus.FETCHED: "Hämtad av verksamhetssystemet",
    HandoffStatus.ACKNOWLEDGED: "Kvitterad av verksamhetssystemet",
    HandoffStatus.REGISTERED_MANUALLY: "Registrerad manuellt",
}
ALREADY_SETTLED = {
    HandoffStatus.ACKNOWLEDGED: "Överlämningen är redan kvitterad av verksamhetssystemet.",
    HandoffStatus.REGISTERED_MANUALLY: "Överlämningen är redan registrerad manuellt i verksamhetssystemet.",
}
NOT_YET_DELIVERED = "Överlämningen är inte levererad än; den kan kvitteras först när den har hämtats."


class UnknownHandoff(Exception):
    """No hand-off by that id (a malformed id, no such report, or no hand-off for that person yet)."""


def handoff_id(report_id: str, person: int) -> str:
    return f"{report_id}-{person}"


def parse_handoff_id(value: str) -> tuple[str, int]:
    """The report id and person number of a hand-off id; UnknownHandoff when it cannot be one."""
    found = _HANDOFF_ID.match(value)
    if not found:
        raise UnknownHandoff(value)
    return found["report"], int(found["person"])


def _working_days(hours: OfficeHours, after: date) -> list[date]:
    return [
        day
        for day in (after + timedelta(days=offset) for offset in range(1, _WORKING_DAYS_AHEAD + 1))
        if open_intervals(hours, day)
    ]


def working_days_later(start: datetime, days: int, hours: OfficeHours) -> datetime:
    """The same time of day `days` working days (days the office opens, by its calendar) after `start`, or the
    office's next opening after it (an evening, a lunch, a closed day): an alert reaches people at work."""
    zone = ZoneInfo(hours.timezone)
    local = start.astimezone(zone)
    working = _working_days(hours, local.date())
    if len(working) < days:
        raise ValueError(f"the office opens on fewer than {days} days in the year after {start.isoformat()}")
    return next_opening(hours, datetime.combine(working[days - 1], local.time(), tzinfo=zone), _WORKING_DAYS_AHEAD)


def prepared(made_at: datetime, municipality: Municipality) -> dict:
    """A new hand-off as stored on the person's record (`handoff`): times in UTC ISO."""
    within = municipality.case_system.acknowledge_within_working_days
    due = working_days_later(made_at, within, municipality.office_hours)
    return {"status": HandoffStatus.PREPARED.value, "preparedAt": _iso(made_at), "acknowledgeBy": _iso(due)}


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _at(value: str) -> datetime:
    return datetime.fromisoformat(value)


def next_check(handoff: dict, hours: OfficeHours) -> datetime | None:
    """When the dispatcher must next look at this hand-off: at once while it is undelivered, at its
    acknowledgement limit while delivered, a working day after the last alert; None once settled."""
    status = HandoffStatus(handoff["status"])
    if status not in AWAITING:
        return None
    if status is HandoffStatus.PREPARED:
        return _at(handoff["preparedAt"])
    if handoff.get("lastAlertAt"):
        return working_days_later(_at(handoff["lastAlertAt"]), 1, hours)
    return _at(handoff["acknowledgeBy"])


def alert_due(handoff: dict, now: datetime, hours: OfficeHours) -> bool:
    """Past its acknowledgement limit and not alerted on this working day yet."""
    if HandoffStatus(handoff["status"]) not in AWAITING or now < _at(handoff["acknowledgeBy"]):
        return False
    last = handoff.get("lastAlertAt")
    return last is None or now >= working_days_later(_at(last), 1, hours)


def overdue(handoff: dict, now: datetime) -> bool:
    """Not acknowledged by its limit: the report page offers to print and register it manually."""
    return HandoffStatus(handoff["status"]) in AWAITING and now >= _at(handoff["acknowledgeBy"])


def check_acknowledgeable(handoff: dict | None) -> HandoffStatus:
    """The status an acknowledgement finds: delivered or fetched; otherwise why not."""
    if handoff is None:
        raise UnknownHandoff("")
    status = HandoffStatus(handoff["status"])
    if status in ALREADY_SETTLED:
        raise Refused(ALREADY_SETTLED[status])
    if status is HandoffStatus.PREPARED:
        raise Refused(NOT_YET_DELIVERED)
    return status


def check_registrable(handoff: dict | None, now: datetime) -> HandoffStatus:
    """A manual registration is for a hand-off the case system has not acknowledged by its limit."""
    if handoff is None:
        raise Refused("Det här beslutet har ingen överlämning till verksamhetssystemet.")
    status = HandoffStatus(handoff["status"])
    if status in ALREADY_SETTLED:
        raise Refused(ALREADY_SETTLED[status])
    if not overdue(handoff, now):
        raise Refused(
            "Verksamhetssystemet har ännu tid att kvittera överlämningen; registrera manuellt först när "
            "tiden har gått ut."
        )
    return status


# --- the document ------------------------------------------------------------------------------------------


class _Camel(BaseModel):
    # Every field is written, null where there is nothing: the schema requires them all.
    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        frozen=True,
        extra="forbid",
        json_schema_serialization_defaults_required=True,
    )


class MunicipalityRef(_Camel):
    id: str
    name: str


class VerifiedIdentity(_Camel):
    """Who the reporter proved to be when they signed in (their personnummer is never handed off)."""

    provider: str
    name: str | None = None
    title: str | None = None
    organisation: str | None = None


class Reporter(_Camel):
    anonymous: bool
    type: str | None = Field(None, description="private or professional, as the form asked")
    name: str | None = None
    relation: str | None = None
    role: str | None = Field(None, description="a professional's role")
    organisation: str | None = None
    phone: str | None = None
    email: str | None = None
    wants_feedback: bool | None = None
    verified_identity: VerifiedIdentity | None = None


class Concern(_Camel):
    categories: list[str] = []
    main_category: str | None = None
    acute_danger: bool | None = None
    since: str | None = None
    description: str | None = Field(None, description="the concern as the reporter wrote it")
    other_agencies: str | None = None
    interpreter_language: str | None = None


class ReportPart(_Camel):
    report_id: str
    reference_number: str
    received_at: datetime
    channel: str
    registered_at: datetime | None = None
    reporter: Reporter
    concern: Concern
    persons_in_report: int = Field(
        description="how many persons the report concerns; each is handed off on its own"
    )


class Guardian(_Camel):
    name: str | None = None
    knows_about_report: str | None = None


class Person(_Camel):
    number: int
    kind: str = Field(description="child, adult, elderly or addiction (barn, vuxen, aldre, missbruk)")
    rule: str = Field(description="the rule the person's clocks follow (the law for children, else the unit)")
    rule_text: str
    name: str | None = None
    personal_identity_number: str | None = None
    birth_date: str | None = None
    age: int | None = None
    unborn: bool | None = None
    expected_birth_date: str | None = None
    address: str | None = None
    school_or_preschool: str | None = None
    guardians: list[Guardian] = []
    knows_about_report: str | None = None


class ProtectionMeasure(_Camel):
    at: datetime
    staff_id: str | None = None
    note: str | None = None


class ProtectionAssessment(_Camel):
    immediate_protection_needed: bool
    motivation: str | None = None
    recorded_by: str | None = None
    recorded_at: datetime | None = None
    measures: list[ProtectionMeasure] = []


class Decision(_Camel):
    outcome: Literal["investigation", "no_investigation"]
    motivation: str | None = None
    decided_at: datetime
    proposed_by: str = Field(description="the first of the four eyes")
    approved_by: str = Field(description="the second of the four eyes")


class ClockRecord(_Camel):
    kind: Literal["protection_assessment", "decision", "investigation"]
    due_at: datetime
    done_at: datetime | None = None
    kept: bool | None = Field(None, description="done by its limit; null while not done")


class PdfDocument(_Camel):
    media_type: Literal["application/pdf"] = "application/pdf"
    file_name: str
    sha256: str
    content_base64: str


class HandoffDocument(_Camel):
    """What Oro hands the case system for one person when their decision is approved."""

    model_config = ConfigDict(
        **_Camel.model_config,
        title="Oro hand-off to the case system",
        json_schema_extra={"$id": "https://oro.se/schemas/case-system/handoff-v1.schema.json"},
    )

    schema_version: Literal["1.0"] = SCHEMA_VERSION
    handoff_id: str = Field(description="deduplicate on this: the same for every delivery of this hand-off")
    municipality: MunicipalityRef
    created_at: datetime
    report: ReportPart
    person: Person
    protection_assessment: ProtectionAssessment | None = None
    decision: Decision
    clocks: list[ClockRecord]
    document: PdfDocument


def _reporter(reporter: dict, identity: dict | None) -> Reporter:
    if reporter.get("anonymous") is True:
        return Reporter(anonymous=True)
    verified = None
    if identity:
        verified = VerifiedIdentity(
            provider=str(identity.get("provider")),
            name=identity.get("name"),
            title=identity.get("title"),
            organisation=identity.get("organisation"),
        )
    return Reporter(
        anonymous=False,
        type=reporter.get("type"),
        name=reporter.get("name"),
        relation=reporter.get("relation"),
        role=reporter.get("role"),
        organisation=reporter.get("organisation"),
        phone=reporter.get("phone") or reporter.get("workPhone"),
        email=reporter.get("email") or reporter.get("workEmail"),
        wants_feedback=reporter.get("wantsFeedback"),
        verified_identity=verified,
    )


def _concern(content: dict) -> Concern:
    concern = content.get("concern") or {}
    interpreter = content.get("interpreter") or {}
    return Concern(
        categories=list(concern.get("categories") or []),
        main_category=concern.get("mainCategory"),
        acute_danger=concern.get("acuteDanger"),
        since=concern.get("since"),
        description=concern.get("description"),
        other_agencies=content.get("otherAgencies"),
        interpreter_language=interpreter.get("language") if interpreter.get("needed") else None,
    )


def _person(
    number: int, written: dict, record: dict, facts: PersonFacts, municipality: Municipality
) -> Person:
    age = written.get("age")
    return Person(
        number=number,
        kind=str(written.get("kind") or record.get("kind") or "barn"),
        rule=facts.rule,
        rule_text=rule_text(facts.rule, municipality),
        name=written.get("name"),
        personal_identity_number=written.get("personalIdentityNumber"),
        birth_date=written.get("birthDate"),
        age=int(age) if age is not None else None,
        unborn=written.get("unborn"),
        expected_birth_date=written.get("expectedBirthDate"),
        address=written.get("address"),
        school_or_preschool=written.get("schoolOrPreschool"),
        guardians=[
            Guardian(name=guardian.get("name"), knows_about_report=guardian.get("knowsAboutReport"))
            for guardian in written.get("guardians") or []
        ],
        knows_about_report=written.get("knowsAboutReport"),
    )


def _protection(record: dict) -> ProtectionAssessment | None:
    assessment = record.get("protectionAssessment")
    if not assessment:
        return None
    return ProtectionAssessment(
        immediate_protection_needed=bool(assessment.get("immediateProtectionNeeded")),
        motivation=assessment.get("motivation"),
        recorded_by=assessment.get("recordedBy"),
        recorded_at=assessment.get("recordedAt"),
        measures=[
            ProtectionMeasure(at=measure["at"], staff_id=measure.get("staffId"), note=measure.get("note"))
            for measure in record.get("protectionMeasures") or []
        ],
    )


def handoff_document(
    item: dict,
    content: dict,
    facts: PersonFacts,
    municipality: Municipality,
    pdf: PdfDocument,
    made_at: datetime,
) -> HandoffDocument:
    """The hand-off of person `facts.number` of the report `item` (its stored REPORT item, `content` its
    report as written), once their decision is approved."""
    number = facts.number
    record = (item.get("persons") or {}).get(str(number)) or {}
    decision = record.get("decision")
    if not decision:
        raise Refused(f"Person {number} har inget godkänt beslut att lämna över.")
    written_persons = content.get("persons") or []
    written = written_persons[number - 1] if number <= len(written_persons) else {}
    received_at = datetime.fromisoformat(item["receivedAt"])
    return HandoffDocument(
        handoff_id=handoff_id(item["reportId"], number),
        municipality=MunicipalityRef(id=municipality.id, name=municipality.name),
        created_at=made_at,
        report=ReportPart(
            report_id=item["reportId"],
            reference_number=item["referenceNumber"],
            received_at=received_at,
            channel=str(item.get("channel") or "web"),
            registered_at=item.get("registeredAt"),
            reporter=_reporter(content.get("reporter") or {}, item.get("reporterIdentity")),
            concern=_concern(content),
            persons_in_report=max(len(item.get("persons") or {}), 1),
        ),
        person=_person(number, written, record, facts, municipality),
        protection_assessment=_protection(record),
        decision=Decision(
            outcome=decision["outcome"],
            motivation=decision.get("motivation"),
            decided_at=decision["decidedAt"],
            proposed_by=decision["proposedBy"],
            approved_by=decision["decidedBy"],
        ),
        clocks=[
            ClockRecord(kind=clock.kind.value, due_at=clock.due_at, done_at=clock.done_at, kept=clock.kept)
            for clock in clocks_of(facts, received_at, municipality)
        ],
        document=pdf,
    )
