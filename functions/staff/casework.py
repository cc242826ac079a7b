"""What staff do through the dashboard, each step checked against the role table and written to the audit
trail: the queue, a report and its timeline, the skyddsbedömning, decision proposals reviewed by a second
person (four eyes), acknowledging escalations, and the audit export for log review."""

import base64
import json
import uuid
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from botocore.exceptions import ClientError
from pydantic import BaseModel, ConfigDict, model_validator
from pydantic.alias_generators import to_camel

from functions.domain.access import Permission, permissions_of
from functions.domain.deadlines import investigation_deadline
from functions.domain.decisions import Outcome, refusal
from functions.domain.lifecycle import MessageKind, Notification, Phase, phase_of, report_phase
from functions.domain.persons import clock_rules, rule_text
from functions.domain.report import Channel, normalise_identity_number
from functions.domain.routing import Route, route_for_work
from functions.gallring.purge import preview
from functions.intake.logic import receive_report
from functions.lifecycle.resume import advance
from functions.lifecycle.starter import LifecycleStarter
from functions.shared import names
from functions.shared.observability import logger, metrics
from functions.staff.logic import (
    AcknowledgeEscalation,
    CloseInvestigation,
    ExtendDecisionDeadline,
    ExtendInvestigation,
    RecordProtectionAssessment,
    RecordProtectionMeasures,
    StaffActionRefused,
    perform,
    person_of,
)
from functions.stores.audit import AuditEntry, AuditStore
from functions.stores.gallring import GallringStore
from functions.stores.lifecycle import AWAITING_REVIEW, LifecycleStore, facts_of
from functions.stores.reports import (
    OPEN_QUEUE,
    ReportsStore,
    iso,
    item_of,
    plain,
    report_key,
    reports_about_person,
)

MAX_PAGE = 100
_PROTECTION_FIRST = "Gör skyddsbedömningen först; ett förslag till beslut om utredning kommer efter den."
_PROPOSAL_CHANGED = (
    "Förslaget har ändrats sedan du läste det. Läs det nya förslaget innan du godkänner eller returnerar det."
)


class Forbidden(Exception):
    """The role does not allow this; the answer says nothing about the report."""


class StaffMember(BaseModel):
    model_config = ConfigDict(frozen=True)

    staff_id: str
    roles: list[str]
    source_ip: str = ""
    user_agent: str = ""
    # The municipality's setting: without it, no role may search by personnummer.
    personnummer_search: bool = False

    @property
    def permissions(self) -> frozenset[Permission]:
        return permissions_of(self.roles, personnummer_search=self.personnummer_search)

    def require(self, permission: Permission) -> None:
        if permission not in self.permissions:
            raise Forbidden(permission.value)


class QueueItem(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)

    report_id: str
    reference_number: str
    received_at: str
    channel: str
    next_deadline_at: str | None = None
    phase: str | None = None
    route: str | None = None
    routing_reason: str | None = None
    escalation: dict | None = None
    protection_due_at: str | None = None
    decision_due_at: str | None = None
    investigation_due_at: str | None = None
    acute_danger: bool = False
    # Each person the report concerns, by number: kind, rule and phase, never a name.
    persons: list[dict] = []
    # How many persons' decision proposals await a second reader.
    proposals_awaiting_review: int = 0


def _kinds(item: dict) -> list[str]:
    persons = item.get("persons") or {}
    return [persons[number].get("kind", "barn") for number in sorted(persons, key=int)]


def _persons_of(item: dict, municipality) -> list[dict]:
    """Each person's record as the report page shows it: rule (and why), phase, what staff recorded, and
    their running clocks."""
    facts = facts_of(item)
    stored = item.get("persons") or {}
    shown = []
    for person in facts.persons:
        record = stored.get(str(person.number)) or {}
        phase = phase_of(person)
        deadlines = record.get("deadlines") or {}
        shown.append(
            {
                "number": person.number,
                "kind": record.get("kind"),
                "rule": person.rule,
                "ruleText": rule_text(person.rule, municipality),
                "violence": person.violence,
                "phase": phase.value,
                "protectionAssessment": record.get("protectionAssessment"),
                "protectionMeasures": record.get("protectionMeasures", []),
                "decisionProposal": record.get("decisionProposal"),
                "decision": record.get("decision"),
                "investigation": record.get("investigation"),
                "decisionDueExtendedTo": record.get("decisionDueExtendedTo"),
                "decisionDeadlineExtensions": record.get("decisionDeadlineExtensions", []),
                "protectionDueAt": (deadlines.get("protection_assessment") or {}).get("dueAt")
                if phase is Phase.PROTECTION_ASSESSMENT
                else None,
                "decisionDueAt": (deadlines.get("decision") or {}).get("dueAt")
                if phase in (Phase.PROTECTION_ASSESSMENT, Phase.DECISION)
                else None,
                "investigationDueAt": (deadlines.get("investigation") or {}).get("dueAt")
                if phase is Phase.INVESTIGATION
                else None,
            }
        )
    return shown


def _person_record(item: dict, number: int) -> dict:
    return (item.get("persons") or {}).get(str(number)) or {}


def _awaiting_review(item: dict) -> set[int]:
    """The persons whose decision proposals await a second reader."""
    return {
        int(number)
        for number, person in (item.get("persons") or {}).items()
        if (person.get("decisionProposal") or {}).get("status") == "proposed"
    }


class InvalidIdentityNumber(Exception):
    """Not a valid personnummer or samordningsnummer."""


class InvalidCursor(Exception):
    """The page cursor was not one this queue handed out."""


def _decode_cursor(cursor: str, partition: str, value: str) -> dict:
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (ValueError, TypeError) as error:
        raise InvalidCursor() from error
    valid = (
        isinstance(key, dict)
        and {"pk", "sk", partition, "nextDeadlineAt"} == set(key)
        and all(isinstance(part, dict) and set(part) == {"S"} for part in key.values())
        # a position in this queue only: one of its reports, under the same filter
        and key["pk"]["S"].startswith("REPORT#")
        and key["sk"]["S"] == "REPORT"
        and key[partition]["S"] == value
    )
    if not valid:
        raise InvalidCursor()
    return key


class QueueFilter(BaseModel):
    """At most one filter: status (a phase, or `review` for proposals awaiting a second person), channel
    or route. Each has its own sparse index (names.QUEUE_INDEXES)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    status: Literal["protection_assessment", "decision", "investigation", "review"] | None = None
    channel: Channel | None = None
    route: Route | None = None

    @model_validator(mode="after")
    def _one_at_most(self) -> "QueueFilter":
        if sum(value is not None for value in (self.status, self.channel, self.route)) > 1:
            raise ValueError("one_filter_at_a_time")
        return self

    def index(self) -> tuple[str, str, str]:
        """(index, partition attribute, value) to query."""
        if self.status == "review":
            return (*names.QUEUE_FILTER_INDEXES["review"], AWAITING_REVIEW)
        if self.status:
            return (*names.QUEUE_FILTER_INDEXES["status"], self.status)
        if self.channel:
            return (*names.QUEUE_FILTER_INDEXES["channel"], self.channel.value)
        if self.route:
            return (*names.QUEUE_FILTER_INDEXES["route"], self.route.value)
        return (*names.QUEUE_INDEXES[""], OPEN_QUEUE)


class Casework:
    def __init__(
        self,
        *,
        reports_table: str,
        dynamodb,
        lifecycle: LifecycleStore,
        audit: AuditStore,
        stepfunctions,
        municipality,
        now,
        reports: ReportsStore,
        starter: LifecycleStarter,
        gallring: GallringStore,
        messenger=None,
    ) -> None:
        self._gallring = gallring
        self._messenger = messenger
        self._reports = reports
        self._starter = starter
        self._table = reports_table
        self._dynamodb = dynamodb
        self._lifecycle = lifecycle
        self._audit = audit
        self._stepfunctions = stepfunctions
        self._municipality = municipality
        self._now = now

    def _entry(
        self,
        staff: StaffMember,
        action: str,
        report_id: str | None = None,
        reference_number: str | None = None,
    ) -> AuditEntry:
        return AuditEntry(
            at=self._now(),
            staff_id=staff.staff_id,
            roles=staff.roles,
            action=action,
            report_id=report_id,
            reference_number=reference_number,
            source_ip=staff.source_ip,
            user_agent=staff.user_agent,
        )

    def _log(
        self,
        staff: StaffMember,
        action: str,
        report_id: str | None = None,
        reference_number: str | None = None,
    ) -> None:
        self._audit.append(self._entry(staff, action, report_id, reference_number))

    def _audit_of(self, staff: StaffMember, action: str, person: int | None = None):
        """The audit entry of a write on a report, as a Put for the write's own transaction; an action about
        one person names its number (never more of the person)."""

        def entry(item: dict) -> dict:
            written = self._entry(staff, action, item["reportId"], item.get("referenceNumber"))
            if person is not None:
                written = written.model_copy(update={"detail": {"person": person}})
            return self._audit.put_request(written)

        return entry

    def queue(
        self,
        staff: StaffMember,
        page_size: int = 25,
        cursor: str | None = None,
        only: QueueFilter | None = None,
    ) -> dict:
        """Open reports, nearest deadline first, a page at a time through the index (never a scan); a filter
        reads its own sparse index, so a filtered page costs what it shows."""
        staff.require(Permission.VIEW_QUEUE)
        index, partition, value = (only or QueueFilter()).index()
        arguments = {
            "TableName": self._table,
            "IndexName": index,
            "KeyConditionExpression": "#partition = :value",
            "ExpressionAttributeNames": {"#partition": partition},
            "ExpressionAttributeValues": item_of({":value": value}),
            "Limit": max(1, min(page_size, MAX_PAGE)),
        }
        if cursor:
            arguments["ExclusiveStartKey"] = _decode_cursor(cursor, partition, value)
        page = self._dynamodb.query(**arguments)
        items = [self._queue_item(plain(item)) for item in page.get("Items", [])]
        self._log(staff, "view_queue")
        next_cursor = page.get("LastEvaluatedKey")
        return {
            "items": [item.model_dump(by_alias=True) for item in items],
            "nextCursor": base64.urlsafe_b64encode(json.dumps(next_cursor).encode()).decode()
            if next_cursor
            else None,
        }

    @staticmethod
    def _queue_item(item: dict) -> QueueItem:
        facts = facts_of(item)
        lifecycle = item.get("lifecycle") or {}
        routing = item.get("routing") or {}
        # Before its first checkpoint a report is in its first phase: every report starts there.
        phase = lifecycle.get("phase", "protection_assessment")
        return QueueItem(
            report_id=item["reportId"],
            reference_number=item["referenceNumber"],
            received_at=item["receivedAt"],
            channel=item.get("channel", "webb"),
            next_deadline_at=item.get("nextDeadlineAt"),
            phase=phase,
            route=routing.get("route"),
            routing_reason=routing.get("reason"),
            escalation=lifecycle.get("escalation"),
            protection_due_at=(item.get("protectionAssessmentDeadline") or {}).get("dueAt"),
            decision_due_at=(item.get("decisionDeadline") or {}).get("dueAt"),
            # the earliest running investigation, while any person's is running
            investigation_due_at=(item.get("investigationDeadline") or {}).get("dueAt")
            if any(phase_of(person) is Phase.INVESTIGATION for person in facts.persons)
            else None,
            acute_danger=bool(item.get("acuteDanger")),
            persons=[
                {"number": person.number, "kind": kind, "rule": person.rule, "phase": phase_of(person).value}
                for person, kind in zip(facts.persons, _kinds(item), strict=True)
            ],
            proposals_awaiting_review=sum(
                1
                for person in (item.get("persons") or {}).values()
                if (person.get("decisionProposal") or {}).get("status") == "proposed"
            ),
        )

    def report(self, staff: StaffMember, report_id: str) -> dict:
        staff.require(Permission.READ_REPORT)
        item = self._lifecycle.report_item(report_id)
        # every read is logged, before anything is shown
        self._log(staff, "read_report", report_id, item.get("referenceNumber"))
        summary = self._queue_item(item).model_dump(by_alias=True)
        # What staff recorded shows at once, before the lifecycle's next checkpoint has caught up with it.
        facts = facts_of(item)
        summary["phase"] = report_phase(facts).value
        persons = _persons_of(item, self._municipality)
        summary["investigationDueAt"] = min(
            (person["investigationDueAt"] for person in persons if person["investigationDueAt"]), default=None
        )
        escalation = summary["escalation"]
        acknowledged = facts.acknowledged_at
        if (
            escalation
            and not escalation.get("acknowledgedAt")
            and acknowledged
            and acknowledged >= datetime.fromisoformat(escalation["notifiedAt"])
        ):
            summary["escalation"] = {**escalation, "acknowledgedAt": iso(acknowledged)}
        return {
            **summary,
            "content": json.loads(item["content"]),
            "persons": persons,
            "routingHistory": item.get("routingHistory", []),
            "purgeOn": item.get("purgeOn"),
            "legalHold": item.get("legalHold"),
            "timeline": [
                entry.model_dump(mode="json", by_alias=True) for entry in self._audit.timeline(report_id)
            ],
        }

    def record_protection_assessment(
        self, staff: StaffMember, report_id: str, person: int, immediate: bool, motivation: str
    ) -> str:
        staff.require(Permission.RECORD_PROTECTION_ASSESSMENT)
        action = RecordProtectionAssessment(
            action="record_protection_assessment",
            report_id=report_id,
            staff_id=staff.staff_id,
            person=person,
            immediate_protection_needed=immediate,
            motivation=motivation,
        )
        return self._perform(staff, action, "record_protection_assessment")

    def record_protection_measures(self, staff: StaffMember, report_id: str, person: int, note: str) -> str:
        """What was done for a person who needed protection at once: whoever may assess may note it."""
        staff.require(Permission.RECORD_PROTECTION_ASSESSMENT)
        action = RecordProtectionMeasures(
            action="record_protection_measures",
            report_id=report_id,
            staff_id=staff.staff_id,
            person=person,
            note=note,
        )
        return self._perform(staff, action, "record_protection_measures")

    def acknowledge(self, staff: StaffMember, report_id: str) -> str:
        staff.require(Permission.ACKNOWLEDGE_ESCALATION)
        action = AcknowledgeEscalation(
            action="acknowledge_escalation", report_id=report_id, staff_id=staff.staff_id
        )
        return self._perform(staff, action, "acknowledge_escalation")

    def propose_decision(
        self, staff: StaffMember, report_id: str, person_number: int, outcome: Outcome, motivation: str
    ) -> int:
        """A proposal for one person, for a second person to review; replacing a pending one gives it a new
        version, so a reviewer can only approve what they saw. Answers the version. The förste
        socialsekreterare is told by e-mail (no personal data) that a proposal awaits review."""
        staff.require(Permission.PROPOSE_DECISION)
        item = self._lifecycle.report_item(report_id)
        person = person_of(facts_of(item), person_number)
        if person.decision:
            raise StaffActionRefused("Beslutet för personen är redan fattat.")
        if person.protection_assessed_at is None:
            raise StaffActionRefused(_PROTECTION_FIRST)
        if refused := refusal(outcome, person.violence):
            raise StaffActionRefused(refused)
        previous = _person_record(item, person_number).get("decisionProposal")
        replaces = int(previous.get("version", 1)) if previous else None
        version = (replaces or 0) + 1
        proposal = {
            "outcome": outcome,
            "motivation": motivation,
            "status": "proposed",
            "version": version,
            "proposedBy": staff.staff_id,
            "proposedAt": iso(self._now()),
        }
        audit = self._audit_of(staff, "propose_decision", person_number)(item)
        holder = route_for_work("review", self._municipality.office_hours, self._now())
        if not self._lifecycle.propose_decision(report_id, person_number, proposal, replaces, holder, audit):
            raise StaffActionRefused(
                "Anmälan har ändrats medan du skrev förslaget (ett beslut eller ett annat förslag). "
                "Läs den igen och föreslå sedan."
            )
        self._ask_for_review(item, awaiting=_awaiting_review(item) | {person_number})
        return version

    def _ask_for_review(self, item: dict, awaiting: set[int]) -> None:
        if self._messenger is None:
            return
        persons = len(item.get("persons") or {}) or 1
        try:
            self._messenger.send(
                item["reportId"],
                item["referenceNumber"],
                Notification(
                    recipient="first_social_secretary",
                    message=MessageKind.REVIEW_REQUESTED,
                    phase=Phase.DECISION,
                    persons_due=len(awaiting),
                    persons_total=persons,
                ),
                channels=("email",),
            )
        except ClientError:
            # The proposal stands and the queue's review filter shows it; the operators see the metric.
            logger.exception("review request not sent", extra={"report_id": item["reportId"]})
            metrics.add_metric(name="ReviewRequestsNotSent", unit="Count", value=1)

    def review_proposal(
        self,
        staff: StaffMember,
        report_id: str,
        person_number: int,
        approve: bool,
        version: int,
        comment: str | None = None,
    ) -> str:
        """Approves or returns exactly the proposal version the reviewer saw; approving records the person's
        decision. The decision, the proposal's new state and the audit entry are one transaction."""
        staff.require(Permission.APPROVE_DECISION)
        item = self._lifecycle.report_item(report_id)
        facts = facts_of(item)
        person = person_of(facts, person_number)
        proposal = _person_record(item, person_number).get("decisionProposal") or {}
        if person.decision:
            raise StaffActionRefused("Beslutet för personen är redan fattat.")
        if proposal.get("status") != "proposed":
            raise StaffActionRefused("Det finns inget förslag till beslut att granska.")
        if proposal.get("proposedBy") == staff.staff_id:
            raise StaffActionRefused("Förslaget måste granskas av en annan person än den som lämnade det.")
        if int(proposal.get("version", 1)) != version:
            raise StaffActionRefused(_PROPOSAL_CHANGED)
        if person.protection_assessed_at is None:
            raise StaffActionRefused(_PROTECTION_FIRST)
        if approve and (refused := refusal(proposal["outcome"], person.violence)):
            raise StaffActionRefused(refused)
        now = iso(self._now())
        reviewed = {
            **proposal,
            "version": version,
            "status": "approved" if approve else "returned",
            "reviewedBy": staff.staff_id,
            "reviewedAt": now,
            **({"comment": comment} if comment else {}),
        }
        decision = (
            {
                "outcome": proposal["outcome"],
                "motivation": proposal.get("motivation"),
                "decidedAt": now,
                "decidedBy": staff.staff_id,
                "proposedBy": proposal["proposedBy"],
            }
            if approve
            else None
        )
        action = "approve_decision" if approve else "return_decision_proposal"
        hours, moment = self._municipality.office_hours, self._now()
        investigating = approve and proposal["outcome"] == "investigation"
        # Returned, the report goes back to the intake team; an investigation is followed by förste
        # socialsekreterare; a decision not to investigate leaves the holder as it was.
        holder = (
            route_for_work("investigation", hours, moment)
            if investigating
            else None
            if approve
            else route_for_work("returned", hours, moment)
        )
        four_months = (
            investigation_deadline(moment, clock_rules(person.rule, self._municipality), hours.timezone)
            if investigating
            else None
        )
        if not self._lifecycle.review_decision_proposal(
            report_id,
            person_number,
            reviewed,
            decision,
            holder,
            self._audit_of(staff, action, person_number)(item),
            four_months,
            leaves_review=not (_awaiting_review(item) - {person_number}),
        ):
            raise StaffActionRefused(_PROPOSAL_CHANGED)
        if not approve:
            return "decision_proposal_returned"
        advance(self._lifecycle, self._stepfunctions, self._municipality, report_id, self._now())
        return "decision_recorded"

    def extend_decision_deadline(
        self, staff: StaffMember, report_id: str, person: int, extended_to: date, reason: str
    ) -> str:
        """A person's 14-day limit moves only for an exceptional reason, recorded with who and when."""
        staff.require(Permission.EXTEND_DECISION_DEADLINE)
        action = ExtendDecisionDeadline(
            action="extend_decision_deadline",
            report_id=report_id,
            staff_id=staff.staff_id,
            person=person,
            extended_to=extended_to,
            reason=reason,
        )
        return self._perform(staff, action, "extend_decision_deadline")

    def close_investigation(self, staff: StaffMember, report_id: str, person: int) -> str:
        staff.require(Permission.MANAGE_INVESTIGATION)
        action = CloseInvestigation(
            action="close_investigation", report_id=report_id, staff_id=staff.staff_id, person=person
        )
        return self._perform(staff, action, "close_investigation")

    def extend_investigation(
        self, staff: StaffMember, report_id: str, person: int, extended_to: date, reason: str
    ) -> str:
        """A person's 4-month limit moves only later, with a written reason kept with who and when."""
        staff.require(Permission.MANAGE_INVESTIGATION)
        action = ExtendInvestigation(
            action="extend_investigation",
            report_id=report_id,
            staff_id=staff.staff_id,
            person=person,
            extended_to=extended_to,
            reason=reason,
        )
        return self._perform(staff, action, "extend_investigation")

    def search_by_personnummer(self, staff: StaffMember, identity_number: str) -> list[dict]:
        """Earlier reports about a child, where the municipality allows it. The search is audited, and each
        report found gets an entry in its own timeline."""
        staff.require(Permission.SEARCH_BY_PERSON)
        try:
            number = normalise_identity_number(identity_number)
        except ValueError as error:
            raise InvalidIdentityNumber() from error
        found = reports_about_person(self._dynamodb, self._table, number)
        self._log(staff, "search_by_personnummer")
        for report in found:
            self._log(staff, "found_by_personnummer_search", report.report_id, report.reference_number)
        return [self._search_result(report) for report in found]

    def _search_result(self, report) -> dict:
        """What a search shows of a report: its reference, when it came, where it stands; no content."""
        item = self._dynamodb.get_item(
            TableName=self._table,
            Key=item_of(report_key(report.report_id)),
            ProjectionExpression="lifecycle.phase, persons",
        ).get("Item")
        stored = plain(item) if item else {}
        persons = stored.get("persons") or {}
        return {
            "reportId": report.report_id,
            "referenceNumber": report.reference_number,
            "receivedAt": iso(report.received_at),
            "phase": (stored.get("lifecycle") or {}).get("phase"),
            # Each person's decision, by number (the search does not say which person was searched for).
            "decisions": [
                (persons[number].get("decision") or {}).get("outcome") for number in sorted(persons, key=int)
            ],
        }

    def register_report(
        self, staff: StaffMember, report_json: str, channel: Channel, received_at: datetime
    ) -> dict:
        """A report that came by phone, letter, fax, e-mail or in person, dated when it really arrived."""
        staff.require(Permission.REGISTER_REPORT)
        if channel is Channel.WEB:
            raise StaffActionRefused("Webbanmälningar kommer via formuläret; välj hur anmälan kom in.")
        now = self._now()
        if received_at > now:
            raise StaffActionRefused("Tiden då anmälan kom in kan inte ligga i framtiden.")
        if received_at < now - timedelta(days=365):
            raise StaffActionRefused(
                "Tiden då anmälan kom in ligger mer än ett år bakåt. Kontrollera datumet."
            )
        result = receive_report(
            report_json,
            municipality=self._municipality,
            store=self._reports,
            lifecycle=self._starter,
            now=self._now,
            new_report_id=lambda: str(uuid.uuid4()),
            channel=channel,
            received_at=received_at,
        )
        self._log(staff, "register_report", result.report_id, result.receipt.reference_number)
        return {
            "reportId": result.report_id,
            "referenceNumber": result.receipt.reference_number,
            "receivedAt": iso(received_at),
            "created": result.created,
        }

    def audit_export(self, staff: StaffMember, staff_id: str, start: datetime, end: datetime) -> list[dict]:
        staff.require(Permission.EXPORT_AUDIT)
        entries = self._audit.by_staff(staff_id, start, end)
        # Whose entries over which period: log review reviews the reviewers too.
        entry = self._entry(staff, "export_audit").model_copy(
            update={"detail": {"staffId": staff_id, "from": iso(start), "to": iso(end)}}
        )
        self._audit.append(entry)
        return [entry.model_dump(mode="json", by_alias=True) for entry in entries]

    # --- gallring (the admin's) ---------------------------------------------------------------------

    def gallring_preview(self, staff: StaffMember, on: date) -> dict:
        """A dry run: what the nightly gallring would destroy on `on`. Changes nothing."""
        staff.require(Permission.MANAGE_GALLRING)
        result = preview(self._gallring, self._municipality, on)
        self._log(staff, "preview_gallring")
        return result

    def purge_log(self, staff: StaffMember, start: date, end: date) -> list[dict]:
        staff.require(Permission.MANAGE_GALLRING)
        zone = ZoneInfo(self._municipality.office_hours.timezone)
        entries = self._gallring.log(
            datetime.combine(start, time.min, zone), datetime.combine(end, time.max, zone)
        )
        self._log(staff, "view_purge_log")
        return entries

    def place_legal_hold(self, staff: StaffMember, reference_number: str, reason: str) -> dict:
        staff.require(Permission.MANAGE_GALLRING)
        report_id, hold = self._gallring.place_hold(reference_number, reason, staff.staff_id, self._now())
        self._log(staff, "place_legal_hold", report_id, reference_number)
        return {"referenceNumber": reference_number, "legalHold": hold}

    def lift_legal_hold(self, staff: StaffMember, reference_number: str) -> dict:
        staff.require(Permission.MANAGE_GALLRING)
        report_id = self._gallring.lift_hold(reference_number)
        self._log(staff, "lift_legal_hold", report_id, reference_number)
        return {"referenceNumber": reference_number, "legalHold": None}

    def _perform(self, staff: StaffMember, action, name: str) -> str:
        return perform(
            action,
            store=self._lifecycle,
            stepfunctions=self._stepfunctions,
            municipality=self._municipality,
            now=self._now(),
            audit=self._audit_of(staff, name, getattr(action, "person", None)),
        )
