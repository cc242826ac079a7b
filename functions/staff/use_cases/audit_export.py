"""The audit export for log review: one staff member's entries over a period. The export is itself
audited (whose entries, which period): log review reviews the reviewers too."""

from datetime import datetime

from functions.domain.access import Permission
from functions.staff.acting import Act, staff_use_case
from functions.stores.reports import iso


@staff_use_case(Permission.EXPORT_AUDIT, "export_audit")
def export_audit(act: Act, staff_id: str, start: datetime, end: datetime) -> list[dict]:
    entries = act.services.audit.by_staff(staff_id, start, end)
    act.log(detail={"staffId": staff_id, "from": iso(start), "to": iso(end)})
    return [entry.model_dump(mode="json", by_alias=True) for entry in entries]
