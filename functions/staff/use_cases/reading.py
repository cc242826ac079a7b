"""Reading: the queue of open reports and one report with its persons and timeline. Every read is audited
before anything is shown."""

import json
from datetime import datetime

from functions.domain.access import Permission
from functions.domain.errors import Refused
from functions.domain.lifecycle import report_phase
from functions.domain.municipality import Municipality
from functions.domain.reporter_questions import require_askable
from functions.staff.acting import Act, staff_use_case
from functions.staff.views import attachments_view, persons_view, queue_item
from functions.stores.lifecycle import facts_of
from functions.stores.queue import QueueFilter
from functions.stores.reports import iso


@staff_use_case(Permission.VIEW_QUEUE, "view_queue")
def view_queue(
    act: Act, page_size: int = 25, cursor: str | None = None, only: QueueFilter | None = None
) -> dict:
    """Open reports, nearest deadline first, a page at a time."""
    items, next_cursor = act.services.queue.page(only or QueueFilter(), page_size, cursor)
    act.log()
    return {
        "items": [queue_item(item).model_dump(by_alias=True) for item in items],
        "nextCursor": next_cursor,
        "feedbackDue": act.services.queue.feedback_due_count(),
    }


@staff_use_case(Permission.READ_REPORT, "read_report")
def read_report(act: Act, report_id: str) -> dict:
    item = act.services.lifecycle.report_item(report_id)
    act.log(report_id, item.get("referenceNumber"))
    summary = queue_item(item).model_dump(by_alias=True)
    # What staff recorded shows at once, before the lifecycle's next checkpoint has caught up with it.
    facts = facts_of(item)
    summary["phase"] = report_phase(facts).value
    content = json.loads(item["content"])
    persons = persons_view(item, act.services.municipality, content.get("persons", []), act.services.now())
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
        "content": content,
        # Who sent it, as their identity provider verified it at sign-in (absent: not signed in).
        "reporterIdentity": _identity_with_label(item.get("reporterIdentity"), act.services.municipality),
        "persons": persons,
        "routingHistory": item.get("routingHistory", []),
        "purgeOn": item.get("purgeOn"),
        "legalHold": item.get("legalHold"),
        "attachments": attachments_view(item),
        "feedback": item.get("feedback"),
        "reporterMessages": item.get("reporterMessages") or [],
        "reporterQuestions": _questions_to_reporter(item),
        "timeline": [
            entry.model_dump(mode="json", by_alias=True) for entry in act.services.audit.timeline(report_id)
        ],
    }


def _identity_with_label(identity: dict | None, municipality: Municipality) -> dict | None:
    """The verified identity with its provider's name as the municipality calls it (the id if no longer
    configured)."""
    if not identity:
        return identity
    provider = municipality.reporter_identity_providers.get(identity.get("provider", ""))
    return {**identity, "providerLabel": provider.label if provider else identity.get("provider")}


def _questions_to_reporter(item: dict) -> dict:
    """Whether a question can be sent to the reporter in Oro and, when not, why (the page says so)."""
    try:
        require_askable(item)
    except Refused as refused:
        return {"askable": False, "reason": str(refused)}
    return {"askable": True, "reason": None}
