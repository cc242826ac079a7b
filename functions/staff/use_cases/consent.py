"""An adult's consent to återkoppling that the person gives a case worker after the report (or withdraws):
recorded on the person, with how it was given, who recorded it and when; the report as written is not
changed. The rule it feeds is functions/domain/feedback.py."""

from zoneinfo import ZoneInfo

from functions.domain.access import Permission
from functions.domain.errors import Refused
from functions.domain.feedback import CONSENT_CHANGED, ConsentRecord, check_consent_record
from functions.staff.acting import Act, staff_use_case
from functions.staff.use_cases.common import person_in
from functions.staff.views import person_record
from functions.stores.reports import iso


@staff_use_case(Permission.RECORD_FEEDBACK_CONSENT, "record_feedback_consent")
def record_feedback_consent(act: Act, report_id: str, number: int, consent: ConsentRecord, seen: int) -> int:
    """Records the consent over version `seen` of the person's consent as the case worker read it (0: none
    yet), or refuses (409) when it changed since; answers the new version."""
    item, _, person = person_in(act, report_id, number)
    record = person_record(item, number)
    services = act.services
    today = services.now().astimezone(ZoneInfo(services.municipality.office_hours.timezone)).date()
    check_consent_record(record.get("kind", "barn"), person.rule, consent, today)
    version = seen + 1
    stored = {
        **consent.model_dump(mode="json", by_alias=True),
        "version": version,
        "recordedBy": act.staff.staff_id,
        "recordedAt": iso(services.now()),
    }
    if not services.lifecycle.record_feedback_consent(report_id, number, stored, seen, act.put(item, number)):
        raise Refused(CONSENT_CHANGED)
    return version
