"""The report as a document (a PDF the case system files, or staff print): what came in and when, the report
as the reporter wrote it, and for each person the skyddsbedömning, the decision with its motivation and both
of the four eyes, and the legal clocks with whether they were kept. One document for the whole report, or one
per person where the case system wants one per person (the report as written is then the same, the persons'
part only that person's).

This module says what the document holds, as headings with rows and paragraphs of plain text;
functions/shared/documents.py lays it out as PDF. The times are Swedish time, the words Swedish."""

import json
from datetime import datetime
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict

from functions.domain.errors import PersonNotInReport
from functions.domain.feedback_letter import swedish_day
from functions.domain.languages import text
from functions.domain.lifecycle import PersonFacts, Phase, deadline_of
from functions.domain.municipality import Municipality
from functions.domain.persons import rule_text
from functions.domain.report import Channel

CHANNEL_WORDS = {
    Channel.WEB.value: "Webbformulär",
    Channel.PHONE.value: "Telefon",
    Channel.LETTER.value: "Brev",
    Channel.FAX.value: "Fax",
    Channel.EMAIL.value: "E-post",
    Channel.IN_PERSON.value: "Besök",
}
OUTCOME_WORDS = {"investigation": "Utredning inleds", "no_investigation": "Utredning inleds inte"}
CONFIDENTIAL = (
    "Innehåller uppgifter som omfattas av sekretess enligt 26 kap. offentlighets- och sekretesslagen. "
    "Förvara och lämna ut enligt kommunens rutiner."
)


class Row(BaseModel):
    model_config = ConfigDict(frozen=True)

    label: str
    value: str


class Section(BaseModel):
    """A heading (level 1 or 2), then its rows (label: value) and its paragraphs (free text as written)."""

    model_config = ConfigDict(frozen=True)

    heading: str
    level: int = 1
    rows: tuple[Row, ...] = ()
    paragraphs: tuple[str, ...] = ()


class ReportDocument(BaseModel):
    model_config = ConfigDict(frozen=True)

    title: str
    author: str  # who the document is from: the municipality's social services
    file_name: str
    sections: tuple[Section, ...]
    footer: str


def swedish_time(instant: datetime | str, zone: str) -> str:
    moment = datetime.fromisoformat(instant) if isinstance(instant, str) else instant
    local = moment.astimezone(ZoneInfo(zone))
    return f"{swedish_day(local.date())} kl. {local:%H:%M}"


def _yes_no(value: object) -> str:
    return "Ja" if value is True else "Nej" if value is False else str(value)


def _answer(group: str, value: object) -> str:
    """A value the form offered as an answer, in the form's Swedish words for it (the value itself if none)."""
    key = f"form.answers.{group}.{value}.label"
    words = text("sv", key)
    return str(value) if words == key else words


def _rows(*pairs: tuple[str, object]) -> tuple[Row, ...]:
    """The rows with a value: nothing empty is printed."""
    return tuple(
        Row(label=label, value=value if isinstance(value, str) else _yes_no(value))
        for label, value in pairs
        if value is not None and value != "" and value != []
    )


def _arrival(item: dict, zone: str) -> Section:
    return Section(
        heading="Anmälan",
        rows=_rows(
            ("Referensnummer", item["referenceNumber"]),
            ("Kom in", swedish_time(item["receivedAt"], zone)),
            ("Kanal", CHANNEL_WORDS.get(item.get("channel", ""), item.get("channel"))),
            (
                "Registrerad i Oro",
                swedish_time(item["registeredAt"], zone) if item.get("registeredAt") else None,
            ),
        ),
    )


def _reporter(reporter: dict, identity: dict | None, municipality: Municipality) -> Section:
    if reporter.get("anonymous") is True:
        return Section(heading="Anmälaren", rows=_rows(("Anmälaren", "Anonym")))
    provider = municipality.reporter_identity_providers.get((identity or {}).get("provider", ""))
    verified = None
    if identity:
        facts = [identity.get("name"), identity.get("title"), identity.get("organisation")]
        verified = f"{provider.label if provider else identity.get('provider')}: " + ", ".join(
            str(fact) for fact in facts if fact
        )
    return Section(
        heading="Anmälaren",
        rows=_rows(
            ("Anmälde", _answer("reporterType", reporter.get("type"))),
            ("Namn", reporter.get("name")),
            ("Relation", reporter.get("relation")),
            ("Yrkesroll", reporter.get("role")),
            ("Arbetsplats", reporter.get("organisation")),
            ("Telefon", reporter.get("phone") or reporter.get("workPhone")),
            ("E-post", reporter.get("email") or reporter.get("workEmail")),
            ("Vill ha återkoppling", reporter.get("wantsFeedback")),
            ("Identifierad vid inloggning", verified),
        ),
    )


def _concern(content: dict) -> Section:
    concern = content.get("concern") or {}
    interpreter = content.get("interpreter") or {}
    return Section(
        heading="Det här anmäldes",
        rows=_rows(
            (
                "Oron gäller",
                ", ".join(_answer("category", value) for value in concern.get("categories") or []),
            ),
            ("Främst", _answer("category", concern["mainCategory"]) if concern.get("mainCategory") else None),
            ("Akut fara", concern.get("acuteDanger")),
            ("Sedan när", concern.get("since")),
            ("Andra som vet om oron", content.get("otherAgencies")),
            ("Behöver tolk", interpreter.get("language") if interpreter.get("needed") else None),
        ),
        paragraphs=(f"Anmälarens beskrivning:\n{concern['description']}",)
        if concern.get("description")
        else (),
    )


def _as_written(person: dict) -> tuple[Row, ...]:
    guardians = "; ".join(
        ", ".join(
            part
            for part in (
                guardian.get("name"),
                f"vet om anmälan: {_answer('knows', guardian['knowsAboutReport'])}"
                if guardian.get("knowsAboutReport")
                else None,
            )
            if part
        )
        for guardian in person.get("guardians") or []
    )
    return _rows(
        ("Namn", person.get("name")),
        ("Personnummer", person.get("personalIdentityNumber")),
        ("Födelsedatum", person.get("birthDate")),
        ("Ålder", str(person["age"]) if person.get("age") is not None else None),
        ("Inte fött ännu, beräknat", person.get("expectedBirthDate") if person.get("unborn") else None),
        ("Adress", person.get("address")),
        ("Skola eller förskola", person.get("schoolOrPreschool")),
        ("Vårdnadshavare", guardians),
        (
            "Vet om anmälan",
            _answer("knows", person["knowsAboutReport"]) if person.get("knowsAboutReport") else None,
        ),
    )


def _clock(label: str, due: datetime, done: datetime | None, zone: str, now: datetime) -> Row:
    if done is not None:
        kept = "inom tidsgränsen" if done <= due else "efter tidsgränsen"
        return Row(
            label=label, value=f"senast {swedish_time(due, zone)}; klart {swedish_time(done, zone)}, {kept}"
        )
    passed = ", tidsgränsen har passerats" if now > due else ""
    return Row(label=label, value=f"senast {swedish_time(due, zone)}; inte klart{passed}")


class Clock(BaseModel):
    """One of a person's clocks: when its work was due (extensions included) and when it was done."""

    model_config = ConfigDict(frozen=True)

    kind: Phase
    due_at: datetime
    done_at: datetime | None

    @property
    def label(self) -> str:
        return CLOCK_WORDS[self.kind]

    @property
    def kept(self) -> bool | None:
        return None if self.done_at is None else self.done_at <= self.due_at


CLOCK_WORDS = {
    Phase.PROTECTION_ASSESSMENT: "Skyddsbedömning",
    Phase.DECISION: "Beslut om utredning",
    Phase.INVESTIGATION: "Utredning",
}


def clocks_of(facts: PersonFacts, received_at: datetime, municipality: Municipality) -> tuple[Clock, ...]:
    """The person's clocks, computed by the lifecycle's own `deadline_of`: the investigation's only when one
    was opened."""
    done = {
        Phase.PROTECTION_ASSESSMENT: facts.protection_assessed_at,
        Phase.DECISION: facts.decided_at,
        Phase.INVESTIGATION: facts.investigation_closed_at,
    }
    phases = [Phase.PROTECTION_ASSESSMENT, Phase.DECISION]
    if facts.decision == "investigation":
        phases.append(Phase.INVESTIGATION)
    return tuple(
        Clock(kind=phase, due_at=deadline_of(phase, received_at, facts, municipality).due_at, done_at=done[phase])
        for phase in phases
    )


def _clocks(
    facts: PersonFacts, received_at: datetime, municipality: Municipality, zone: str, now: datetime
) -> tuple[Row, ...]:
    return tuple(
        _clock(clock.label, clock.due_at, clock.done_at, zone, now)
        for clock in clocks_of(facts, received_at, municipality)
    )


def _person_sections(
    number: int,
    written: dict,
    record: dict,
    facts: PersonFacts,
    received_at: datetime,
    municipality: Municipality,
    now: datetime,
) -> list[Section]:
    zone = municipality.office_hours.timezone
    kind = _answer("kind", written.get("kind") or record.get("kind"))
    sections = [
        Section(
            heading=f"Person {number}: {kind}",
            rows=(*_as_written(written), Row(label="Regel", value=rule_text(facts.rule, municipality))),
        )
    ]
    protection = record.get("protectionAssessment")
    if protection:
        measures = record.get("protectionMeasures") or []
        sections.append(
            Section(
                heading="Skyddsbedömning",
                level=2,
                rows=_rows(
                    ("Omedelbart skydd behövs", protection.get("immediateProtectionNeeded")),
                    ("Gjord av", protection.get("recordedBy")),
                    (
                        "Gjord",
                        swedish_time(protection["recordedAt"], zone)
                        if protection.get("recordedAt")
                        else None,
                    ),
                ),
                paragraphs=(
                    *((f"Motivering: {protection['motivation']}",) if protection.get("motivation") else ()),
                    *(
                        f"Vad som gjorts ({swedish_time(measure['at'], zone)}, {measure.get('staffId')}): "
                        f"{measure.get('note')}"
                        for measure in measures
                    ),
                ),
            )
        )
    decision = record.get("decision")
    if decision:
        sections.append(
            Section(
                heading="Beslut",
                level=2,
                rows=_rows(
                    ("Beslut", OUTCOME_WORDS.get(decision.get("outcome", ""), decision.get("outcome"))),
                    ("Föreslaget av", decision.get("proposedBy")),
                    ("Godkänt av", decision.get("decidedBy")),
                    (
                        "Beslutat",
                        swedish_time(decision["decidedAt"], zone) if decision.get("decidedAt") else None,
                    ),
                    (
                        "Utredningen avslutad",
                        swedish_time(facts.investigation_closed_at, zone)
                        if facts.investigation_closed_at
                        else None,
                    ),
                ),
                paragraphs=(f"Motivering: {decision['motivation']}",) if decision.get("motivation") else (),
            )
        )
    sections.append(
        Section(heading="Tidsgränser", level=2, rows=_clocks(facts, received_at, municipality, zone, now))
    )
    return sections


def report_document(
    item: dict,
    persons: tuple[PersonFacts, ...],
    municipality: Municipality,
    *,
    person: int | None = None,
    made_at: datetime,
    made_by: str,
) -> ReportDocument:
    """The document of the report `item` (its stored REPORT item), with `persons` its persons' facts; of
    one person only when `person` is given (PersonNotInReport if the report has none by that number)."""
    content = json.loads(item["content"])
    written = content.get("persons") or []
    numbers = [facts.number for facts in persons]
    if person is not None and person not in numbers:
        raise PersonNotInReport(person)
    zone = municipality.office_hours.timezone
    received_at = datetime.fromisoformat(item["receivedAt"])
    reference = item["referenceNumber"]
    sections = [
        _arrival(item, zone),
        _reporter(content.get("reporter") or {}, item.get("reporterIdentity"), municipality),
        _concern(content),
    ]
    records = item.get("persons") or {}
    for facts in persons:
        if person is None or facts.number == person:
            sections += _person_sections(
                facts.number,
                written[facts.number - 1] if facts.number <= len(written) else {},
                records.get(str(facts.number)) or {},
                facts,
                received_at,
                municipality,
                made_at,
            )
    suffix = f" – person {person}" if person is not None else ""
    return ReportDocument(
        title=f"Orosanmälan {reference}{suffix}",
        author=f"Socialtjänsten i {municipality.name}",
        file_name=f"anmalan-{reference}{f'-person-{person}' if person is not None else ''}.pdf",
        sections=tuple(sections),
        footer=f"Utskriven ur Oro {swedish_time(made_at, zone)} av {made_by}, {municipality.name}. {CONFIDENTIAL}",
    )
