"""Search by personnummer, where the municipality allows it: earlier reports about a person. The search is
audited, and each report found gets an entry in its own timeline."""

from functions.domain.access import Permission
from functions.domain.errors import InvalidIdentityNumber
from functions.domain.report import normalise_identity_number
from functions.staff.acting import Act, staff_use_case
from functions.stores.reports import ReportAboutPerson, iso, reports_about_person


@staff_use_case(Permission.SEARCH_BY_PERSON, "search_by_personnummer")
def search_by_personnummer(act: Act, identity_number: str) -> list[dict]:
    try:
        number = normalise_identity_number(identity_number)
    except ValueError as error:
        raise InvalidIdentityNumber() from error
    services = act.services
    found = reports_about_person(services.dynamodb, services.reports_table, number)
    act.log()
    for report in found:
        act.log(report.report_id, report.reference_number, action="found_by_personnummer_search")
    return [_result(act, report) for report in found]


def _result(act: Act, report: ReportAboutPerson) -> dict:
    """What a search shows of a report: its reference, when it came, where it stands; no content."""
    stored = act.services.queue.search_view(report.report_id)
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
