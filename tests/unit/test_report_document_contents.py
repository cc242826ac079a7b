"""The report as a document (functions/domain/report_document.py, laid out by functions/shared/documents.py):
what it says of a report, its persons, their decisions and clocks, in Swedish time, and the PDF's text,
title, language and outline read back with pypdf."""

import io
import json
from datetime import UTC, datetime

import pypdf
import pytest

from functions.domain.errors import PersonNotInReport
from functions.domain.municipality import load_municipality
from functions.domain.report_document import report_document
from functions.shared import names
from functions.shared.documents import document_pdf
from functions.stores.lifecycle import facts_of
from tests.conftest import load_event

PROV = load_municipality(names.municipality_config_file("prov"))
TEACHER = {
    "type": "yrkesverksam",
    "name": "Lena Lind",
    "role": "Lärare",
    "organisation": "Solängsskolan",
    "workEmail": "lena.lind@skola.example.se",
    "wantsFeedback": True,
}
# Friday 27 November 2026, 16:30 Swedish time.
RECEIVED = "2026-11-27T15:30:00.000Z"
MADE_AT = datetime(2026, 12, 14, 9, 0, tzinfo=UTC)


def two_children() -> dict:
    """A teacher's report about Alva (assessed in time, decided after the 14 days: investigation) and Leo
    (assessed late, no decision yet)."""
    body = load_event("report-private-anonymous.json")
    body["reporter"] = TEACHER
    leo = {"kind": "barn", "name": "Leo Exempelsson", "age": 9, "knowsAboutReport": "vet_inte"}
    body["persons"] = [body["persons"][0], leo]
    return {
        "reportId": "r-1",
        "referenceNumber": "2026-K7F-3MX",
        "receivedAt": RECEIVED,
        "channel": "webb",
        "content": json.dumps(body, ensure_ascii=False),
        "persons": {
            "1": {
                "kind": "barn",
                "rule": "barn",
                "violence": True,
                "protectionAssessment": {
                    "recordedAt": "2026-11-27T18:00:00.000Z",
                    "recordedBy": "demo-mottagning",
                    "immediateProtectionNeeded": True,
                    "motivation": "Alva berättar om slag hemma och vågar inte gå hem.",
                },
                "protectionMeasures": [
                    {
                        "note": "Placerad hos mormor i natt.",
                        "staffId": "demo-socialjour",
                        "at": "2026-11-27T20:00:00.000Z",
                    }
                ],
                "decision": {
                    "outcome": "investigation",
                    "motivation": "Våldet behöver utredas med familjen.",
                    "decidedAt": "2026-12-12T10:00:00.000Z",
                    "decidedBy": "demo-forste-socialsekreterare",
                    "proposedBy": "demo-mottagning",
                },
            },
            "2": {
                "kind": "barn",
                "rule": "barn",
                "protectionAssessment": {
                    "recordedAt": "2026-11-29T09:00:00.000Z",
                    "recordedBy": "demo-mottagning",
                    "immediateProtectionNeeded": False,
                    "motivation": "Leo bor hos sin pappa och är inte utsatt.",
                },
            },
        },
    }


def document(item: dict, person: int | None = None):
    return report_document(
        item, facts_of(item).persons, PROV, person=person, made_at=MADE_AT, made_by="demo-mottagning"
    )


def rows(section) -> dict[str, str]:
    return {row.label: row.value for row in section.rows}


def test_the_document_says_when_and_how_the_report_came_and_who_sent_it():
    made = document(two_children())
    assert made.title == "Orosanmälan 2026-K7F-3MX"
    assert made.file_name == "anmalan-2026-K7F-3MX.pdf"
    arrival, reporter, concern = made.sections[:3]
    assert rows(arrival) == {
        "Referensnummer": "2026-K7F-3MX",
        "Kom in": "27 november 2026 kl. 16:30",
        "Kanal": "Webbformulär",
    }
    assert rows(reporter)["Namn"] == "Lena Lind" and rows(reporter)["Vill ha återkoppling"] == "Ja"
    assert rows(concern)["Oron gäller"] == "Våld, Brister i omsorgen"
    assert concern.paragraphs[0].startswith("Anmälarens beskrivning:\nJag bor granne med familjen.")
    assert "26 kap. offentlighets- och sekretesslagen" in made.footer and "demo-mottagning" in made.footer


def test_each_person_has_their_assessment_decision_four_eyes_and_clocks_kept_or_not():
    headings = [(section.level, section.heading) for section in document(two_children()).sections]
    assert headings[3:] == [
        (1, "Person 1: Ett barn eller en ungdom"),
        (2, "Skyddsbedömning"),
        (2, "Beslut"),
        (2, "Tidsgränser"),
        (1, "Person 2: Ett barn eller en ungdom"),
        (2, "Skyddsbedömning"),
        (2, "Tidsgränser"),
    ]
    sections = document(two_children()).sections
    alva_decision, alva_clocks = rows(sections[5]), rows(sections[6])
    assert alva_decision == {
        "Beslut": "Utredning inleds",
        "Föreslaget av": "demo-mottagning",
        "Godkänt av": "demo-forste-socialsekreterare",
        "Beslutat": "12 december 2026 kl. 11:00",
    }
    assert sections[5].paragraphs == ("Motivering: Våldet behöver utredas med familjen.",)
    assert "Placerad hos mormor i natt." in sections[4].paragraphs[1]
    assert alva_clocks["Skyddsbedömning"] == (
        "senast 28 november 2026 kl. 16:30; klart 27 november 2026 kl. 19:00, inom tidsgränsen"
    )
    # 14 days from Friday 27 November end on Friday 11 December; decided the 12th: late.
    assert alva_clocks["Beslut om utredning"].startswith("senast 11 december 2026 kl. 23:59")
    assert alva_clocks["Beslut om utredning"].endswith("efter tidsgränsen")
    assert alva_clocks["Utredning"].endswith("inte klart")
    leo_clocks = rows(sections[9])
    assert leo_clocks["Skyddsbedömning"].endswith("efter tidsgränsen")  # assessed after 24 hours
    # Not decided, and on 14 December the 14 days have passed.
    assert (
        leo_clocks["Beslut om utredning"]
        == "senast 11 december 2026 kl. 23:59; inte klart, tidsgränsen har passerats"
    )
    assert "Utredning" not in leo_clocks


def test_one_persons_document_holds_the_report_and_only_that_persons_part():
    leo = document(two_children(), person=2)
    assert leo.title == "Orosanmälan 2026-K7F-3MX – person 2"
    assert leo.file_name == "anmalan-2026-K7F-3MX-person-2.pdf"
    headings = [section.heading for section in leo.sections]
    assert "Person 2: Ett barn eller en ungdom" in headings
    assert not any(heading.startswith("Person 1") for heading in headings)
    assert "Beslut" not in headings
    with pytest.raises(PersonNotInReport):
        document(two_children(), person=3)


def test_an_anonymous_reporter_is_said_to_be_anonymous_and_nothing_more():
    item = two_children()
    item["content"] = json.dumps(load_event("report-private-anonymous.json"), ensure_ascii=False)
    reporter = document(item).sections[1]
    assert rows(reporter) == {"Anmälaren": "Anonym"}


def test_the_pdf_reads_back_as_the_document_with_its_title_language_and_outline():
    made = document(two_children())
    reader = pypdf.PdfReader(io.BytesIO(document_pdf(made)))
    assert reader.metadata.title == "Orosanmälan 2026-K7F-3MX"
    assert reader.metadata.author == "Socialtjänsten i Provkommun"
    assert reader.trailer["/Root"]["/Lang"] == "sv"
    written = "\n".join(page.extract_text() for page in reader.pages)
    for expected in (
        "2026-K7F-3MX",
        "27 november 2026 kl. 16:30",
        "Alva Exempelsson",
        "Motivering: Våldet behöver utredas med familjen.",
        "demo-forste-socialsekreterare",
        "efter tidsgränsen",
        "Sida 1 av",
    ):
        assert expected in written, expected
    outline = [entry.title for entry in reader.outline if not isinstance(entry, list)]
    assert outline[0] == "Orosanmälan 2026-K7F-3MX"
    nested = [
        entry.title
        for level in reader.outline
        if isinstance(level, list)
        for entry in level
        if not isinstance(entry, list)
    ]
    assert "Person 1: Ett barn eller en ungdom" in nested
