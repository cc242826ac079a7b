"""Letters to a child's family (functions/domain/letters.py): the case worker previews the municipality's
template filled from the report and what they type, edits the text, and makes the PDF, which is recorded on
the person with its text; then marks it sent once posted. Each step is audited and on the report's timeline
(with the letter's kind, never its text)."""

import json
import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

from functions.domain.access import Permission
from functions.domain.errors import PersonNotInReport, Refused
from functions.domain.feedback_letter import swedish_day
from functions.domain.letters import LetterSpec, check_available, check_edited, check_room, fill, letter_spec
from functions.shared.letters import letter_pdf, letter_template
from functions.staff.acting import Act, staff_use_case
from functions.staff.use_cases.common import person_in
from functions.staff.views import person_record
from functions.stores.errors import LetterNotFound
from functions.stores.letters import LettersStore
from functions.stores.reports import iso

LETTER_CHANGED = "Brevet har ändrats medan du läste det (någon annan kan ha markerat det). Läs anmälan igen."
LETTER_ALREADY_SENT = "Brevet är redan markerat som skickat."


def _person(act: Act, report_id: str, number: int, spec: LetterSpec) -> tuple[dict, dict, dict]:
    """The report item, the person's record and the person as the report names them; refused when the
    letter is not one this person's case has."""
    item, _, _ = person_in(act, report_id, number)
    record = person_record(item, number)
    written_persons = json.loads(item["content"]).get("persons") or []
    written = written_persons[number - 1] if number <= len(written_persons) else {}
    check_available(spec, str(record.get("kind") or written.get("kind") or ""), record.get("decision"))
    return item, record, written


def _values(act: Act, item: dict, record: dict, written: dict) -> dict[str, str | None]:
    municipality = act.services.municipality
    zone = ZoneInfo(municipality.office_hours.timezone)

    def day(instant: str | None) -> str | None:
        return swedish_day(datetime.fromisoformat(instant).astimezone(zone).date()) if instant else None

    guardians = [guardian.get("name") for guardian in written.get("guardians") or [] if guardian.get("name")]
    return {
        "kommun": municipality.name,
        "datum": swedish_day(act.services.now().astimezone(zone).date()),
        "referensnummer": item.get("referenceNumber"),
        "mottagen": day(item.get("receivedAt")),
        "namn": written.get("name"),
        "vardnadshavare": "\n".join(guardians) or None,
        "adress": written.get("address"),
        "telefon": municipality.intake_team.phone,
        "beslutsdag": day((record.get("decision") or {}).get("decidedAt")),
    }


def _entry(act: Act, item: dict, number: int, kind: str) -> dict:
    act.audited = True
    return act.services.audit.put_request(
        act.entry(item["reportId"], item.get("referenceNumber"), {"person": number, "letter": kind})
    )


@staff_use_case(Permission.WRITE_LETTERS, "preview_letter")
def preview_letter(act: Act, report_id: str, number: int, kind: str, typed: dict[str, str]) -> str:
    """The letter's text from the template, the report and what the case worker typed; LetterValuesMissing
    names each value still missing, LetterTemplateInvalid a broken template. Audited before it is shown."""
    spec = letter_spec(kind)
    item, record, written = _person(act, report_id, number, spec)
    text = fill(
        spec,
        letter_template(act.services.municipality.id, spec.kind.value),
        _values(act, item, record, written),
        typed,
    )
    act.log(report_id, item.get("referenceNumber"), {"person": number, "letter": spec.kind.value})
    return text


@staff_use_case(Permission.WRITE_LETTERS, "make_letter")
def make_letter(act: Act, report_id: str, number: int, kind: str, text: str) -> tuple[str, bytes]:
    """The letter as the case worker edited it, as PDF, recorded on the person with its text."""
    spec = letter_spec(kind)
    item, record, _ = _person(act, report_id, number, spec)
    check_room(record.get("letters") or [])
    letter = check_edited(text)
    reference = item["referenceNumber"]
    municipality = act.services.municipality
    pdf = letter_pdf(
        letter, title=f"{spec.title} – {reference}", author=f"Socialtjänsten i {municipality.name}"
    )
    record = {
        "id": str(uuid.uuid4()),
        "kind": spec.kind.value,
        "text": letter,
        "madeAt": iso(act.services.now()),
        "madeBy": act.staff.staff_id,
    }
    store = LettersStore(act.services.reports_table, act.services.dynamodb)
    if not store.add(report_id, number, record, _entry(act, item, number, spec.kind.value)):
        raise PersonNotInReport(number)
    return f"{spec.kind.value}-{reference}-person-{number}.pdf", pdf


@staff_use_case(Permission.WRITE_LETTERS, "mark_letter_sent")
def mark_letter_sent(act: Act, report_id: str, number: int, letter_id: str) -> str:
    item, _, _ = person_in(act, report_id, number)
    letters = person_record(item, number).get("letters") or []
    index = next((index for index, letter in enumerate(letters) if letter.get("id") == letter_id), None)
    if index is None:
        raise LetterNotFound(letter_id)
    if letters[index].get("sentAt"):
        raise Refused(LETTER_ALREADY_SENT)
    changes = {"sentAt": iso(act.services.now()), "sentBy": act.staff.staff_id}
    store = LettersStore(act.services.reports_table, act.services.dynamodb)
    if not store.mark_sent(
        report_id, number, index, letter_id, changes, _entry(act, item, number, letters[index]["kind"])
    ):
        raise Refused(LETTER_CHANGED)
    return "letter_marked_sent"
