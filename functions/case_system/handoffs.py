"""The hand-off's work (functions/domain/handoff.py): deliver what decisions prepared, alert the intake team
on what the case system has not acknowledged in time, and answer the integration's fetches and
acknowledgements. Plain functions over the collaborators the handlers pass in.

Delivery writes the document and sends its event before it records `delivered`: a failure in between
delivers again under the same hand-off id, which the case system deduplicates on. Each step of the chain is
one conditional write with its audit entry; a step that finds the hand-off changed by another does nothing
and is tried again from what is stored."""

import base64
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from functions.domain.errors import Refused
from functions.domain.handoff import (
    ALREADY_SETTLED,
    NOT_YET_DELIVERED,
    HandoffStatus,
    PdfDocument,
    UnknownHandoff,
    alert_due,
    check_acknowledgeable,
    handoff_document,
    handoff_id,
    parse_handoff_id,
)
from functions.domain.lifecycle import MessageKind, Notification, Phase
from functions.domain.municipality import Municipality
from functions.domain.report_document import report_document
from functions.shared.messaging import SYSTEM_ACTOR, Messenger
from functions.shared.observability import logger, metrics
from functions.stores.audit import AuditEntry, AuditStore
from functions.stores.handoff_channel import HandoffChannel
from functions.stores.handoffs import HandoffStore, handoffs_of
from functions.stores.lifecycle import facts_of
from functions.stores.reports import ReportsStore, iso

# Who the timeline names for what the municipality's integration did (not a staff member).
INTEGRATION_ACTOR = "verksamhetssystem"
INTEGRATION_ROLE = "case_system_integration"
_ATTEMPTS = 3  # a change that met another is read again and tried this often


@dataclass(frozen=True)
class CaseSystemWork:
    municipality: Municipality
    reports: ReportsStore
    handoffs: HandoffStore
    channel: HandoffChannel
    audit: AuditStore
    now: Callable[[], datetime]
    messenger: Messenger | None = None


def _entry(work: CaseSystemWork, item: dict, action: str, person: int, actor: str) -> AuditEntry:
    return AuditEntry(
        at=work.now(),
        staff_id=actor,
        roles=[INTEGRATION_ROLE] if actor == INTEGRATION_ACTOR else [],
        action=action,
        report_id=item["reportId"],
        reference_number=item.get("referenceNumber"),
        detail={"person": person},
    )


def _document_bytes(work: CaseSystemWork, item: dict, number: int, made_at: datetime) -> bytes:
    """The hand-off's JSON, with the person's PDF in it (fpdf2 imported only here: delivery makes documents)."""
    from functions.shared.documents import document_pdf

    facts = facts_of(item)
    person = next(person for person in facts.persons if person.number == number)
    printed = report_document(
        item, facts.persons, work.municipality, person=number, made_at=made_at, made_by="Oro"
    )
    pdf = document_pdf(printed)
    document = handoff_document(
        item,
        json.loads(item["content"]),
        person,
        work.municipality,
        PdfDocument(
            file_name=printed.file_name,
            sha256=hashlib.sha256(pdf).hexdigest(),
            content_base64=base64.b64encode(pdf).decode("ascii"),
        ),
        made_at,
    )
    return document.model_dump_json(by_alias=True).encode("utf-8")


def deliver(work: CaseSystemWork, item: dict, number: int) -> bool:
    """Puts person `number`'s prepared hand-off in the channel and records it delivered."""
    handoff = handoffs_of(item)[number]
    identifier = handoff_id(item["reportId"], number)
    now = work.now()
    work.channel.put_document(identifier, _document_bytes(work, item, number, now))
    work.channel.announce(identifier, item["referenceNumber"], number)
    delivered = {**handoff, "status": HandoffStatus.DELIVERED.value, "deliveredAt": iso(now)}
    done = work.handoffs.change(
        item,
        number,
        delivered,
        {HandoffStatus.PREPARED},
        work.municipality.office_hours,
        work.audit.put_request(_entry(work, item, "handoff_delivered", number, SYSTEM_ACTOR)),
    )
    if done:
        metrics.add_metric(name="HandoffsDelivered", unit="Count", value=1)
        logger.info("hand-off delivered", extra={"report_id": item["reportId"], "person": number})
    return done


def alert(work: CaseSystemWork, item: dict, numbers: list[int]) -> bool:
    """Tells the intake team by e-mail (the reference number and a link, nothing more) that the case system
    has not acknowledged these persons' hand-offs, and records the alert on each."""
    handoffs = handoffs_of(item)
    due = min(datetime.fromisoformat(handoffs[number]["acknowledgeBy"]) for number in numbers)
    if work.messenger is not None:
        delivery = work.messenger.send(
            item["reportId"],
            item["referenceNumber"],
            Notification(
                recipient="intake_team",
                message=MessageKind.HANDOFF_NOT_ACKNOWLEDGED,
                phase=Phase.CLOSED,
                due_at=due,
                persons_due=len(numbers),
                persons_total=max(len(item.get("persons") or {}), 1),
            ),
            channels=("email",),
        )
        if not delivery.delivered:
            metrics.add_metric(name="HandoffAlertsNotSent", unit="Count", value=1)
            return False  # not recorded: the next run alerts again
    metrics.add_metric(name="HandoffsNotAcknowledged", unit="Count", value=len(numbers))
    now = iso(work.now())
    for number in numbers:
        handoff = handoffs[number]
        alerted = {**handoff, "lastAlertAt": now, "alerts": int(handoff.get("alerts", 0)) + 1}
        if not work.handoffs.change(
            item, number, alerted, {HandoffStatus(handoff["status"])}, work.municipality.office_hours
        ):
            return False
        item = _read(work, item["reportId"]) or item
    return True


def _read(work: CaseSystemWork, report_id: str) -> dict | None:
    return work.reports.find_report_item(report_id)


def dispatch_report(work: CaseSystemWork, report_id: str) -> dict[str, int]:
    """Everything due on one report's hand-offs: deliveries first, then one alert for those overdue."""
    counts = {"delivered": 0, "alerted": 0}
    for _ in range(_ATTEMPTS):
        item = _read(work, report_id)
        if item is None:
            return counts
        hours = work.municipality.office_hours
        handoffs = handoffs_of(item)
        prepared = [number for number, handoff in handoffs.items() if handoff["status"] == "prepared"]
        if prepared:
            counts["delivered"] += int(deliver(work, item, prepared[0]))
            continue  # read again: the next person's change needs the new version
        overdue = [number for number, handoff in handoffs.items() if alert_due(handoff, work.now(), hours)]
        if overdue:
            if alert(work, item, overdue):
                counts["alerted"] += len(overdue)
            return counts
        # Nothing due after all (another run did it): keep the report's check time true to what is stored.
        work.handoffs.reindex(item, hours)
        return counts
    return counts


def dispatch_due(work: CaseSystemWork) -> dict[str, int]:
    """Every report with a hand-off due now (the schedule's run, or the staff API's request after a decision)."""
    totals = {"reports": 0, "delivered": 0, "alerted": 0, "failed": 0}
    for report_id in work.handoffs.due(work.now()):
        totals["reports"] += 1
        try:
            counts = dispatch_report(work, report_id)
        except Exception:  # one report's failure does not hold up the others; the next run tries again
            logger.exception("hand-off dispatch failed", extra={"report_id": report_id})
            metrics.add_metric(name="HandoffDispatchFailures", unit="Count", value=1)
            totals["failed"] += 1
            continue
        totals["delivered"] += counts["delivered"]
        totals["alerted"] += counts["alerted"]
    return totals


# --- what the integration asks ------------------------------------------------------------------------------


def _handoff_of(work: CaseSystemWork, identifier: str) -> tuple[dict, int, dict]:
    report_id, number = parse_handoff_id(identifier)
    item = _read(work, report_id)
    handoff = handoffs_of(item).get(number) if item else None
    if item is None or handoff is None:
        raise UnknownHandoff(identifier)
    return item, number, handoff


def fetch(work: CaseSystemWork, identifier: str) -> bytes:
    """The hand-off's document for the integration; the first fetch moves it to `fetched`, and every fetch
    is in the report's audit timeline (the integration reads personal data)."""
    for _ in range(_ATTEMPTS):
        item, number, handoff = _handoff_of(work, identifier)
        status = HandoffStatus(handoff["status"])
        if status in ALREADY_SETTLED:
            raise Refused(ALREADY_SETTLED[status])
        if status is HandoffStatus.PREPARED:
            raise Refused(NOT_YET_DELIVERED)
        document = work.channel.read_document(identifier)
        if document is None:
            raise UnknownHandoff(identifier)
        entry = _entry(work, item, "handoff_fetched", number, INTEGRATION_ACTOR)
        if status is HandoffStatus.FETCHED:
            work.audit.append(entry)
            return document
        fetched = {**handoff, "status": HandoffStatus.FETCHED.value, "fetchedAt": iso(work.now())}
        hours = work.municipality.office_hours
        if work.handoffs.change(item, number, fetched, {status}, hours, work.audit.put_request(entry)):
            return document
    raise Refused("Överlämningen ändrades just; hämta den igen.")


def acknowledge(work: CaseSystemWork, identifier: str, case_id: str) -> dict:
    """The case system has the hand-off, under its own case id: the chain ends, the document is removed."""
    for _ in range(_ATTEMPTS):
        item, number, handoff = _handoff_of(work, identifier)
        status = check_acknowledgeable(handoff)
        now = iso(work.now())
        acknowledged = {
            **handoff,
            "status": HandoffStatus.ACKNOWLEDGED.value,
            "acknowledgedAt": now,
            "caseId": case_id,
        }
        audit = work.audit.put_request(_entry(work, item, "handoff_acknowledged", number, INTEGRATION_ACTOR))
        if work.handoffs.change(item, number, acknowledged, {status}, work.municipality.office_hours, audit):
            work.channel.remove_document(identifier)
            metrics.add_metric(name="HandoffsAcknowledged", unit="Count", value=1)
            return {
                "handoffId": identifier,
                "status": "acknowledged",
                "acknowledgedAt": now,
                "caseId": case_id,
            }
    raise Refused("Överlämningen ändrades just; kvittera den igen.")
