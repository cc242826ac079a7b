"""The follow-up check's work: for every report whose follow-up of measures is due a reminder, tell whoever
follows the case up (by e-mail: the reference number and a link, nothing more) and record the reminder on the
follow-up, so that it is sent once. Plain functions over the collaborators the handler passes in."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from functions.domain.follow_up import Due, due, reminded
from functions.domain.lifecycle import MessageKind, Notification, Phase
from functions.domain.messages import recipient_contact
from functions.domain.municipality import Municipality
from functions.domain.persons import unit_of
from functions.shared.messaging import Messenger
from functions.shared.observability import logger, metrics
from functions.stores.follow_ups import FollowUpStore, follow_ups_of
from functions.stores.lifecycle import facts_of
from functions.stores.reports import ReportsStore

_PASSES = 20  # a report's reminders, one person a pass: bounded, whatever comes between
_MESSAGES = {Due.UPCOMING: MessageKind.FOLLOW_UP_DUE, Due.OVERDUE: MessageKind.FOLLOW_UP_OVERDUE}


@dataclass(frozen=True)
class FollowUpWork:
    municipality: Municipality
    reports: ReportsStore
    follow_ups: FollowUpStore
    messenger: Messenger
    now: Callable[[], datetime]


def _recipient(rule: str) -> str:
    """Who follows up a child's measures (förste socialsekreteraren), or the adult unit whose they are."""
    unit = unit_of(rule)
    return f"unit:{unit}" if unit else "first_social_secretary"


def _channels(municipality: Municipality, recipient: str) -> tuple[str, ...]:
    """By e-mail; by SMS to whoever the municipality reaches only by phone."""
    return ("email",) if recipient_contact(municipality, recipient).email else ("sms",)


def remind_report(work: FollowUpWork, report_id: str) -> int:
    """Each of the report's follow-ups due a reminder now. A reminder is recorded first, conditionally, so two
    runs at once never both send it, then sent; if it does not go out, the record is undone for the next run.
    The count sent."""
    settings, hours = work.municipality.follow_up, work.municipality.office_hours
    sent = 0
    for _ in range(_PASSES):
        item = work.reports.find_report_item(report_id)
        if item is None:
            return sent
        now = work.now()
        waiting = {
            number: kind
            for number, follow_up in follow_ups_of(item).items()
            if (kind := due(follow_up, now, settings, hours)) is not None
        }
        if not waiting:
            work.follow_ups.reindex(item)  # nothing due after all: keep the check time true to what is stored
            return sent
        number, kind = min(waiting.items())
        follow_up = follow_ups_of(item)[number]
        if not work.follow_ups.change(item, number, reminded(follow_up, kind, now)):
            continue  # another run or a case worker came between: read again
        rule = {person.number: person.rule for person in facts_of(item).persons}.get(number, "barn")
        recipient = _recipient(rule)
        delivery = work.messenger.send(
            report_id,
            item["referenceNumber"],
            Notification(
                recipient=recipient,
                message=_MESSAGES[kind],
                phase=Phase.CLOSED,
                due_at=datetime.fromisoformat(f"{follow_up['nextDueOn']}T12:00:00+00:00"),
                persons_due=1,
                persons_total=max(len(item.get("persons") or {}), 1),
                rule=rule,
            ),
            channels=_channels(work.municipality, recipient),
        )
        if delivery.delivered:
            sent += 1
            continue
        metrics.add_metric(name="FollowUpRemindersNotSent", unit="Count", value=1)
        again = work.reports.find_report_item(report_id)
        if again is None or not work.follow_ups.change(again, number, follow_up):
            logger.warning("follow-up reminder not undone", extra={"report_id": report_id, "person": number})
        return sent
    return sent


def remind_due(work: FollowUpWork) -> dict[str, int]:
    totals = {"reports": 0, "reminders": 0, "failed": 0}
    for report_id in work.follow_ups.due(work.now()):
        totals["reports"] += 1
        try:
            totals["reminders"] += remind_report(work, report_id)
        except (
            Exception
        ) as error:  # one report's failure does not hold up the others; the next run tries again
            logger.error(
                "follow-up reminder failed", extra={"report_id": report_id, "error": type(error).__name__}
            )
            metrics.add_metric(name="FollowUpCheckFailures", unit="Count", value=1)
            totals["failed"] += 1
    return totals
