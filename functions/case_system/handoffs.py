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
_PASSES = 20  # a report's deliveries, one person a pass, then its alert: bounded, whatever comes between


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


def _undo(work: CaseSystemWork, report_id: str, before: dict[int, dict]) -> None:
    """Puts back hand-offs as they were before an alert that did not go out, so the next run alerts again."""
    for number, handoff in before.items():
        item = _read(work, report_id)
        current = handoffs_of(item).get(number) if item else None
        if item is None or current is None:
            continue
        if not work.handoffs.change(
            item, number, handoff, {HandoffStatus(current["status"])}, work.municipality.office_hours
        ):
            logger.warning("hand-off alert not undone", extra={"report_id": report_id, "person": number})


def alert(work: CaseSystemWork, item: dict, numbers: list[int]) -> bool:
    """Tells the intake team by e-mail (the reference number and a link, nothing more) that the case system
    has not acknowledged these persons' hand-offs. The alert is recorded on each first, conditionally, so two
    runs at once never both send it; if it does not go out, the record is undone for the next run. False when
    it was not sent."""
    report_id, hours = item["reportId"], work.municipality.office_hours
    before: dict[int, dict] = {}
    now = iso(work.now())
    for number in numbers:
        handoff = handoffs_of(item)[number]
        alerted = {**handoff, "lastAlertAt": now, "alerts": int(handoff.get("alerts", 0)) + 1}
        if not work.handoffs.change(item, number, alerted, {HandoffStatus(handoff["status"])}, hours):
            _undo(work, report_id, before)  # another run or the integration came between: read again
            return False
        before[number] = handoff
        item = _read(work, report_id) or item
    due = min(datetime.fromisoformat(handoff["acknowledgeBy"]) for handoff in before.values())
    delivery = (
        work.messenger.send(
            report_id,
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
        if work.messenger is not None
        else None
    )
    if delivery is not None and not delivery.delivered:
        metrics.add_metric(name="HandoffAlertsNotSent", unit="Count", value=1)
        _undo(work, report_id, before)
        return False
    metrics.add_metric(name="HandoffsNotAcknowledged", unit="Count", value=len(numbers))
    return True


def _read(work: CaseSystemWork, report_id: str) -> dict | None:
    return work.reports.find_report_item(report_id)


def dispatch_report(work: CaseSystemWork, report_id: str) -> dict[str, int]:
    """Everything due on one report's hand-offs: each person's delivery on its own (one that fails does not
    hold up the others), then one alert for those overdue, whatever the deliveries did."""
    counts = {"delivered": 0, "alerted": 0, "failed": 0}
    failed: set[int] = set()
    hours = work.municipality.office_hours
    for _ in range(_PASSES):
        item = _read(work, report_id)
        if item is None:
            return counts
        handoffs = handoffs_of(item)
        prepared = [number for number, handoff in handoffs.items() if handoff["status"] == "prepared"]
        waiting = [number for number in prepared if number not in failed]
        if waiting:
            number = waiting[0]
            try:
                counts["delivered"] += int(deliver(work, item, number))
            except Exception as error:  # tried again next minute; the operators see the metric's alarm
                failed.add(number)
                counts["failed"] += 1
                metrics.add_metric(name="HandoffDispatchFailures", unit="Count", value=1)
                # The error's type only: a message could quote the report.
                logger.error(
                    "hand-off delivery failed",
                    extra={"report_id": report_id, "person": number, "error": type(error).__name__},
                )
            continue  # read again: the next change needs the new version
        overdue = [number for number, handoff in handoffs.items() if alert_due(handoff, work.now(), hours)]
        if overdue and alert(work, item, overdue):
            counts["alerted"] += len(overdue)
            return counts
        if overdue:
            continue  # not sent (another change came between, or no channel delivered): read again
        if (
            not failed
        ):  # nothing due after all (another run did it): keep the check time true to what is stored
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
        except (
            Exception
        ) as error:  # one report's failure does not hold up the others; the next run tries again
            logger.error(
                "hand-off dispatch failed", extra={"report_id": report_id, "error": type(error).__name__}
            )
            metrics.add_metric(name="HandoffDispatchFailures", unit="Count", value=1)
            totals["failed"] += 1
            continue
        for key in ("delivered", "alerted", "failed"):
            totals[key] += counts[key]
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
    """The case system has the hand-off, under its own case id: the chain ends, the document is removed. The
    same acknowledgement again (a retry) answers the same; another case id for it is refused."""
    for _ in range(_ATTEMPTS):
        item, number, handoff = _handoff_of(work, identifier)
        if handoff["status"] == HandoffStatus.ACKNOWLEDGED.value and handoff.get("caseId") == case_id:
            return _acknowledged(identifier, handoff)
        status = check_acknowledgeable(handoff)
        acknowledged = {
            **handoff,
            "status": HandoffStatus.ACKNOWLEDGED.value,
            "acknowledgedAt": iso(work.now()),
            "caseId": case_id,
        }
        audit = work.audit.put_request(_entry(work, item, "handoff_acknowledged", number, INTEGRATION_ACTOR))
        if work.handoffs.change(item, number, acknowledged, {status}, work.municipality.office_hours, audit):
            _remove(work, identifier)
            metrics.add_metric(name="HandoffsAcknowledged", unit="Count", value=1)
            return _acknowledged(identifier, acknowledged)
    raise Refused("Överlämningen ändrades just; kvittera den igen.")


def _acknowledged(identifier: str, handoff: dict) -> dict:
    return {
        "handoffId": identifier,
        "status": "acknowledged",
        "acknowledgedAt": handoff["acknowledgedAt"],
        "caseId": handoff["caseId"],
    }


def _remove(work: CaseSystemWork, identifier: str) -> None:
    """The document goes once the case system has it; if S3 refuses now, its 30-day expiry removes it."""
    try:
        work.channel.remove_document(identifier)
    except Exception as error:  # the acknowledgement stands
        logger.warning(
            "hand-off document not removed", extra={"handoff_id": identifier, "error": type(error).__name__}
        )
        metrics.add_metric(name="HandoffDocumentsNotRemoved", unit="Count", value=1)
