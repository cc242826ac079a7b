"""The admin's gallring work: a dry run of what the nightly purge would destroy, the purge log, and legal
holds that keep a report past its purge date. None of it shows report content."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from functions.domain.access import Permission
from functions.gallring.purge import preview
from functions.staff.acting import Act, staff_use_case


@staff_use_case(Permission.MANAGE_GALLRING, "preview_gallring")
def preview_gallring(act: Act, on: date) -> dict:
    """What the nightly gallring would destroy on `on`. Changes nothing."""
    result = preview(act.services.gallring, act.services.municipality, on)
    act.log()
    return result


@staff_use_case(Permission.MANAGE_GALLRING, "view_purge_log")
def purge_log(act: Act, start: date, end: date) -> list[dict]:
    zone = ZoneInfo(act.services.municipality.office_hours.timezone)
    entries = act.services.gallring.log(
        datetime.combine(start, time.min, zone), datetime.combine(end, time.max, zone)
    )
    act.log()
    return entries


@staff_use_case(Permission.MANAGE_GALLRING, "place_legal_hold")
def place_legal_hold(act: Act, reference_number: str, reason: str) -> dict:
    report_id, hold = act.services.gallring.place_hold(
        reference_number, reason, act.staff.staff_id, act.services.now()
    )
    act.log(report_id, reference_number)
    return {"referenceNumber": reference_number, "legalHold": hold}


@staff_use_case(Permission.MANAGE_GALLRING, "lift_legal_hold")
def lift_legal_hold(act: Act, reference_number: str) -> dict:
    report_id = act.services.gallring.lift_hold(reference_number)
    act.log(report_id, reference_number)
    return {"referenceNumber": reference_number, "legalHold": None}
