"""The audit export for log review: one staff member's entries, or one report's, over a period, a page at
a time at any size of trail. Each request for a page is itself audited (whose entries or which report, which
period): log review reviews the reviewers too."""

from datetime import datetime

from functions.domain.access import Permission
from functions.staff.acting import Act, staff_use_case
from functions.stores.reports import iso

PAGE_SIZE = 500


@staff_use_case(Permission.EXPORT_AUDIT, "export_audit")
def export_audit(
    act: Act,
    start: datetime,
    end: datetime,
    *,
    staff_id: str | None = None,
    reference_number: str | None = None,
    cursor: str | None = None,
) -> dict:
    """Exactly one of `staff_id` and `reference_number` says whose entries."""
    services = act.services
    period = {"from": iso(start), "to": iso(end)}
    if staff_id is not None:
        act.log(detail={"staffId": staff_id, **period})
        entries, next_cursor = services.audit.page_by_staff(staff_id, start, end, PAGE_SIZE, cursor)
    else:
        assert reference_number is not None
        report_id = services.reports.report_id_of(reference_number)
        act.log(detail={"reportId": report_id, "referenceNumber": reference_number, **period})
        entries, next_cursor = services.audit.page_by_report(report_id, start, end, PAGE_SIZE, cursor)
    return {
        "entries": [entry.model_dump(mode="json", by_alias=True) for entry in entries],
        "nextCursor": next_cursor,
    }
