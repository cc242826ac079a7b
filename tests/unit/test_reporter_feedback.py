"""Återkoppling: who is told what once the decisions are made (children always, adults only with consent,
never a private reporter or a professional who did not ask), the notice that holds no personal data, and
the letter that is whole or refused."""

import io
from datetime import date

import pypdf
import pytest

from functions.domain.feedback import feedback_allowed
from functions.domain.feedback_letter import (
    PLACEHOLDERS,
    LetterTemplateInvalid,
    outcome_lines,
    render_letter,
    swedish_day,
)
from functions.domain.municipality import load_municipality
from functions.domain.reporter_feedback import (
    ALREADY_ONGOING,
    NOT_OPENED,
    OPENED,
    OUTCOME_WORDS,
    notice,
    prepare_feedback,
    reporter_message,
    reporter_sign_in_url,
    sms_number,
)
from functions.shared import names
from functions.shared.letters import letter_pdf, letter_template

DEMO = load_municipality(names.municipality_config_file("demo"))
PROFESSIONAL = {
    "type": "yrkesverksam",
    "name": "Eva Lind",
    "role": "Lärare",
    "organisation": "Björkskolan",
    "workEmail": "eva.lind@skola.example.se",
    "wantsFeedback": True,
}


def content(*kinds: str, reporter: dict | None = None, consents: dict[int, object] | None = None) -> dict:
    persons = [{"kind": kind} for kind in kinds]
    for number, consent in (consents or {}).items():
        persons[number - 1]["feedbackConsent"] = consent
    return {"reporter": reporter or PROFESSIONAL, "persons": persons}


def decided(*outcomes: str | None, kinds: tuple[str, ...] = (), recorded: dict[int, object] | None = None):
    """The stored persons map: each person's kind and, where made, their decision."""
    persons = {}
    for number, outcome in enumerate(outcomes, start=1):
        person: dict = {"kind": kinds[number - 1] if kinds else "barn"}
        if outcome:
            person["decision"] = {"outcome": outcome}
        if recorded and number in recorded:
            person["feedbackConsent"] = recorded[number]
        persons[str(number)] = person
    return persons


def test_the_law_has_three_words_and_every_decision_has_one():
    assert OUTCOME_WORDS == {"investigation": "utredning inleds", "no_investigation": "utredning inleds inte"}
    assert ALREADY_ONGOING == "utredning pågår redan"


def test_a_child_is_told_once_the_decision_is_made():
    prepared = prepare_feedback(content("barn"), decided("investigation"))
    assert prepared is not None
    assert prepared.outcomes == {"1": OPENED}
    assert prepared.left_out == {}


def test_mixed_outcomes_are_told_per_person():
    prepared = prepare_feedback(content("barn", "barn"), decided("investigation", "no_investigation"))
    assert prepared is not None
    assert prepared.outcomes == {"1": OPENED, "2": NOT_OPENED}


def test_nothing_is_prepared_while_a_decision_is_missing():
    assert prepare_feedback(content("barn", "barn"), decided("investigation", None)) is None


def test_a_private_reporter_is_owed_no_feedback():
    private = {"type": "privatperson", "anonymous": False, "name": "Karin Berg"}
    assert prepare_feedback(content("barn", reporter=private), decided("investigation")) is None


def test_a_professional_who_did_not_ask_gets_none():
    silent = {**PROFESSIONAL, "wantsFeedback": False}
    assert prepare_feedback(content("barn", reporter=silent), decided("investigation")) is None


def test_an_adult_without_consent_is_left_out_and_alone_gives_no_feedback():
    assert prepare_feedback(content("vuxen"), decided("investigation", kinds=("vuxen",))) is None
    prepared = prepare_feedback(
        content("barn", "vuxen"), decided("no_investigation", "investigation", kinds=("barn", "vuxen"))
    )
    assert prepared is not None
    assert prepared.outcomes == {"1": NOT_OPENED}
    assert prepared.left_out == {"2": "no_consent"}


@pytest.mark.parametrize("kind", ["vuxen", "aldre", "missbruk"])
def test_an_adult_who_consented_in_the_report_is_told(kind):
    prepared = prepare_feedback(content(kind, consents={1: "ja"}), decided("investigation", kinds=(kind,)))
    assert prepared is not None
    assert prepared.outcomes == {"1": OPENED}


def test_consent_recorded_by_staff_later_counts_and_a_refusal_does_not():
    given = prepare_feedback(
        content("vuxen"), decided("no_investigation", kinds=("vuxen",), recorded={1: {"given": True}})
    )
    assert given is not None
    assert given.outcomes == {"1": NOT_OPENED}
    refused = decided("no_investigation", kinds=("vuxen",), recorded={1: {"given": False}})
    assert prepare_feedback(content("vuxen"), refused) is None
    # The latest word counts: a withdrawal recorded later outweighs the report's "ja".
    withdrawn = decided("no_investigation", kinds=("vuxen",), recorded={1: {"given": False}})
    assert prepare_feedback(content("vuxen", consents={1: "ja"}), withdrawn) is None
    assert not feedback_allowed("vuxen", "vet_inte", None)


def test_the_stored_record_and_the_reporters_message_keep_their_documented_shape():
    prepared = prepare_feedback(content("barn", "barn"), decided("investigation", "no_investigation"))
    assert prepared is not None
    record = prepared.record("2026-11-30T10:00:00+00:00")
    assert record == {
        "status": "prepared",
        "version": 1,
        "preparedAt": "2026-11-30T10:00:00+00:00",
        "outcomes": {"1": OPENED, "2": NOT_OPENED},
        "leftOut": {},
    }
    assert reporter_message(record["outcomes"], "2026-11-30T11:00:00+00:00") == {
        "kind": "aterkoppling",
        "sentAt": "2026-11-30T11:00:00+00:00",
        "outcomes": {"1": OPENED, "2": NOT_OPENED},
    }


def test_the_notice_says_there_is_news_and_where_to_sign_in_and_nothing_else():
    message = notice(DEMO, "2026-K7F-3MX")
    sign_in = reporter_sign_in_url(DEMO)
    assert sign_in == "https://oro.demo.example.se/mina-anmalningar/"
    assert message.sms == f"Du har ett nytt besked om anmälan 2026-K7F-3MX. Logga in för att läsa. {sign_in}"
    assert "Du har ett nytt besked om anmälan 2026-K7F-3MX. Logga in för att läsa." in message.body
    everything = message.sms + message.subject + message.body
    for leaked in ("utredning", "Eva", "Lind", "Björkskolan", "@skola", "barn"):
        assert leaked not in everything


VALUES = {
    "kommun": "Demo kommun",
    "datum": "30 november 2026",
    "referensnummer": "2026-K7F-3MX",
    "mottagen": "2 november 2026",
    "anmalare": "Eva Lind",
    "organisation": "Björkskolan",
    "besked": outcome_lines({"2": NOT_OPENED, "1": OPENED}, {"1": "barn", "2": "barn"}),
    "telefon": "010-123 45 00",
}


def test_the_default_template_uses_known_placeholders_and_fills_whole():
    template = letter_template("demo", "aterkoppling")
    text = render_letter(template, VALUES)
    assert "$" not in text
    assert (
        "Person 1 i anmälan (barn): utredning inleds\nPerson 2 i anmälan (barn): utredning inleds inte"
        in text
    )
    assert set(PLACEHOLDERS) == set(VALUES)


def test_a_municipality_s_own_template_comes_before_the_default(tmp_path):
    (tmp_path / "default").mkdir()
    (tmp_path / "default" / "aterkoppling.txt").write_text("standard", encoding="utf-8")
    assert letter_template("kalix", "aterkoppling", tmp_path) == "standard"
    (tmp_path / "kalix").mkdir()
    (tmp_path / "kalix" / "aterkoppling.txt").write_text("Kalix egen", encoding="utf-8")
    assert letter_template("kalix", "aterkoppling", tmp_path) == "Kalix egen"


def test_an_unknown_placeholder_refuses_the_letter_and_names_it_only():
    secret = "Hemlig mening ur mallen"
    with pytest.raises(LetterTemplateInvalid) as refused:
        render_letter(f"{secret} ${{referensnummer}} ${{personnummer}}", VALUES)
    assert "${personnummer}" in str(refused.value)
    assert secret not in str(refused.value)


def test_a_placeholder_without_a_value_refuses_the_letter():
    with pytest.raises(LetterTemplateInvalid, match=r"\$\{organisation\}"):
        render_letter("Till ${anmalare}, ${organisation}", {**VALUES, "organisation": None})


def test_a_stray_dollar_refuses_the_letter():
    with pytest.raises(LetterTemplateInvalid, match=r"\$\$"):
        render_letter("Kostar 5 $ att skicka", VALUES)


def test_the_letter_pdf_has_its_text_title_and_language():
    text = render_letter(letter_template("demo", "aterkoppling"), VALUES)
    pdf = pypdf.PdfReader(
        io.BytesIO(letter_pdf(text, title="Återkoppling 2026-K7F-3MX", author="Demo kommun"))
    )
    written = "\n".join(page.extract_text() for page in pdf.pages)
    assert "2026-K7F-3MX" in written
    assert "utredning inleds inte" in written
    assert "Björkskolan" in written  # å, ä, ö through the embedded font
    assert pdf.metadata is not None
    assert pdf.metadata.title == "Återkoppling 2026-K7F-3MX"
    assert pdf.trailer["/Root"]["/Lang"] == "sv"


def test_swedish_day():
    assert swedish_day(date(2026, 12, 1)) == "1 december 2026"


@pytest.mark.parametrize(
    ("written", "e164"),
    [
        ("070-123 45 67", "+46701234567"),
        ("+46 70 123 45 67", "+46701234567"),
        ("0046 (0)70", None),
        ("0047 22 33 44 55", "+4722334455"),
        ("ring växeln", None),
        (None, None),
    ],
)
def test_a_work_phone_becomes_an_sms_number_or_none(written, e164):
    assert sms_number(written) == e164
