"""Search by personnummer, where the municipality allows it: earlier reports about a person, a page at a
time, newest first. The search is audited, and each report found gets an entry in its own timeline, written
in batches with the search's own entry."""

from functions.domain.access import Permission
from functions.domain.errors import InvalidIdentityNumber
from functions.domain.report import normalise_identity_number
from functions.staff.acting import Act, staff_use_case
from functions.stores.reports import iso

PAGE_SIZE = 25


@staff_use_case(Permission.SEARCH_BY_PERSON, "search_by_personnummer")
def search_by_personnummer(act: Act, identity_number: str, cursor: str | None = None) -> dict:
    try:
        number = normalise_identity_number(identity_number)
    except ValueError as error:
        raise InvalidIdentityNumber() from error
    store = act.services.person_search
    found, next_cursor = store.page(number, PAGE_SIZE, cursor)
    act.log_all(
        [
            act.entry(),
            *(
                act.entry(report.report_id, report.reference_number, action="found_by_personnummer_search")
                for report in found
            ),
        ]
    )
    views = store.views([report.report_id for report in found])
    reports = []
    for report in found:
        # What a search shows of a report: its reference, when it came, where it stands; no content.
        view = views.get(report.report_id) or {}
        persons = view.get("persons") or {}
        reports.append(
            {
                "reportId": report.report_id,
                "referenceNumber": report.reference_number,
                "receivedAt": iso(report.received_at),
                "phase": (view.get("lifecycle") or {}).get("phase"),
                # Each person's decision, by number (the search does not say which person was searched for).
                "decisions": [
                    (persons[number].get("decision") or {}).get("outcome")
                    for number in sorted(persons, key=int)
                ],
            }
        )
    return {"reports": reports, "nextCursor": next_cursor}
