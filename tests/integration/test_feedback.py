"""Återkoppling on the local stack: four eyes decide, Oro prepares the feedback, a case worker sends it (a
message kept for the reporter's own page and a notice in the outbox that holds no personal data) or
withholds it with a reason; the letter as PDF; a broken template refused whole."""

import base64
import io
import json
import uuid

import pypdf
import pytest

import functions.shared.names as names_module
from tests.integration.helpers import NEGLECT_ONLY, new_body, personal_data_in, post_report, store_for
from tests.integration.test_staff_api import assess, call, decide

TEACHER = {
    "type": "yrkesverksam",
    "name": "Sara Lärarsson",
    "role": "Klasslärare",
    "organisation": "Demoskolan",
    "workEmail": f"sara.{uuid.uuid4().hex[:8]}@demoskolan.example.se",
    "workPhone": "070-765 43 21",
    "wantsFeedback": True,
}
SECOND_CHILD = {
    "kind": "barn",
    "name": "Ture Exempelsson",
    "personalIdentityNumber": "20170704-1008",
    "knowsAboutReport": "nej",
}
REASON = "Barnets säkerhet: anmälaren är närstående till vårdnadshavaren."


def professional_report(stack, reporter: dict | None = None, *persons: dict) -> tuple[str, dict]:
    body = new_body(**NEGLECT_ONLY, reporter=reporter or TEACHER)
    if persons:
        body["persons"] = [*body["persons"], *persons]
    answer = post_report(stack, body)
    assert answer.status_code == 201, answer.text
    return stack.find_report(answer.json()["referenceNumber"])["reportId"], body


def report_of(stack, tokens, report_id: str) -> dict:
    answer = call(stack, "GET", f"/api/staff/reports/{report_id}", tokens["mottagning"])
    assert answer.status_code == 200, answer.text
    return answer.json()


def feedback_path(report_id: str, what: str) -> str:
    return f"/api/staff/reports/{report_id}/feedback/{what}"


def decided_report(stack, tokens, *outcomes: str, reporter: dict | None = None) -> tuple[str, dict]:
    extra = [SECOND_CHILD] if len(outcomes) > 1 else []
    report_id, body = professional_report(stack, reporter, *extra)
    for number, outcome in enumerate(outcomes, start=1):
        assess(stack, tokens, report_id, number)
        decide(stack, tokens, report_id, outcome, number)
    return report_id, body


def test_approved_decisions_prepare_feedback_that_is_sent_with_a_notice_holding_no_personal_data(
    local_stack, tokens
):
    report_id, body = professional_report(local_stack, None, SECOND_CHILD)
    assess(local_stack, tokens, report_id, 1)
    assess(local_stack, tokens, report_id, 2)
    decide(local_stack, tokens, report_id, "investigation", 1)
    assert report_of(local_stack, tokens, report_id)["feedback"] is None  # person 2 not yet decided
    decide(local_stack, tokens, report_id, "no_investigation", 2)

    shown = report_of(local_stack, tokens, report_id)
    feedback = shown["feedback"]
    assert feedback["status"] == "prepared"
    assert feedback["outcomes"] == {"1": "utredning inleds", "2": "utredning inleds inte"}
    assert "feedback_prepared" in [entry["action"] for entry in shown["timeline"]]
    queue = call(local_stack, "GET", "/api/staff/reports?status=feedback&pageSize=100", tokens["mottagning"])
    assert report_id in [row["reportId"] for row in queue.json()["items"]]
    assert queue.json()["feedbackDue"] >= 1

    sent = call(local_stack, "POST", feedback_path(report_id, "send"), tokens["mottagning"], {"version": 1})
    assert sent.status_code == 200, sent.text
    assert sent.json() == {"event": "feedback_sent", "notice": {"channel": "email", "delivered": True}}

    reference = shown["referenceNumber"]
    notices = [mail for mail in local_stack.outbox()["emails"] if TEACHER["workEmail"] in mail["to"]]
    assert len(notices) == 1
    text = notices[0]["subject"] + "\n" + notices[0]["text"]
    assert f"Du har ett nytt besked om anmälan {reference}. Logga in för att läsa." in text
    assert "/mina-anmalningar/" in text
    personal = [*personal_data_in(body), "Exempelsson", "Lärarsson", "20150315", "20170704", "070-765"]
    personal.remove(TEACHER["workEmail"])  # the address it is sent to: in "to", never in the text
    assert [value for value in personal if value in text] == []
    assert TEACHER["workEmail"] not in text
    assert "utredning" not in text  # the outcome is read after signing in, not in the notice

    item = store_for(local_stack).find_report_item(report_id)
    assert item["reporterMessages"] == [
        {
            "kind": "aterkoppling",
            "sentAt": item["feedback"]["sentAt"],
            "outcomes": {"1": "utredning inleds", "2": "utredning inleds inte"},
        }
    ]
    assert "feedbackDue" not in item
    after = report_of(local_stack, tokens, report_id)
    actions = [entry["action"] for entry in after["timeline"]]
    assert "send_feedback" in actions
    notice_entry = next(
        e for e in after["timeline"] if (e.get("detail") or {}).get("recipient") == "reporter"
    )
    assert notice_entry["detail"]["channels"] == ["email"]
    again = call(local_stack, "POST", feedback_path(report_id, "send"), tokens["mottagning"], {"version": 1})
    assert again.status_code == 409
    assert again.json()["message"] == "Återkopplingen är redan skickad."


def test_without_a_work_email_the_notice_goes_by_sms_to_the_work_phone(local_stack, tokens):
    phone_only = {key: value for key, value in TEACHER.items() if key != "workEmail"}
    phone_only["workPhone"] = "070-111 22 33"
    report_id, _ = decided_report(local_stack, tokens, "investigation", reporter=phone_only)
    sent = call(local_stack, "POST", feedback_path(report_id, "send"), tokens["mottagning"], {"version": 1})
    assert sent.json()["notice"] == {"channel": "sms", "delivered": True}, sent.text
    reference = report_of(local_stack, tokens, report_id)["referenceNumber"]
    texts = [sms["text"] for sms in local_stack.outbox()["sms"] if reference in sms["text"]]
    assert texts == [
        f"Du har ett nytt besked om anmälan {reference}. Logga in för att läsa. "
        "https://oro.prov.example.se/mina-anmalningar/"
    ]


def test_withholding_needs_a_reason_and_is_audited(local_stack, tokens):
    report_id, _ = decided_report(local_stack, tokens, "no_investigation")
    before = store_for(local_stack).find_report_item(report_id)["feedback"]
    for reasonless in ({"version": 1}, {"version": 1, "reason": "nej"}, {"version": 1, "reason": "   "}):
        refused = call(
            local_stack, "POST", feedback_path(report_id, "withhold"), tokens["mottagning"], reasonless
        )
        assert refused.status_code == 422, refused.text
        assert refused.json()["message"]
    assert store_for(local_stack).find_report_item(report_id)["feedback"] == before

    withheld = call(
        local_stack,
        "POST",
        feedback_path(report_id, "withhold"),
        tokens["mottagning"],
        {"version": 1, "reason": REASON},
    )
    assert withheld.json() == {"event": "feedback_withheld"}, withheld.text
    item = store_for(local_stack).find_report_item(report_id)
    assert item["feedback"]["status"] == "withheld"
    assert item["feedback"]["reason"] == REASON
    assert item["feedback"]["withheldBy"] == local_stack.demo_users["mottagning"]
    assert "reporterMessages" not in item
    entry = next(
        e for e in report_of(local_stack, tokens, report_id)["timeline"] if e["action"] == "withhold_feedback"
    )
    assert entry["staffId"] == local_stack.demo_users["mottagning"]
    assert REASON not in json.dumps(entry, ensure_ascii=False)  # the audit entry holds no text
    assert not [mail for mail in local_stack.outbox()["emails"] if TEACHER["workEmail"] in mail["to"]][1:]
    sent = call(local_stack, "POST", feedback_path(report_id, "send"), tokens["mottagning"], {"version": 1})
    assert sent.status_code == 409


def test_no_feedback_without_one_prepared_and_not_for_socialjouren(local_stack, tokens):
    private_report_id, _ = decided_report(
        local_stack, tokens, "investigation", reporter={"type": "privatperson", "anonymous": True}
    )
    assert report_of(local_stack, tokens, private_report_id)["feedback"] is None
    refused = call(
        local_stack, "POST", feedback_path(private_report_id, "send"), tokens["mottagning"], {"version": 1}
    )
    assert refused.status_code == 409
    assert refused.json()["message"] == "Det finns ingen återkoppling att skicka för den här anmälan."
    report_id, _ = decided_report(local_stack, tokens, "investigation")
    denied = call(local_stack, "POST", feedback_path(report_id, "send"), tokens["socialjour"], {"version": 1})
    assert denied.status_code == 403
    stale = call(local_stack, "POST", feedback_path(report_id, "send"), tokens["mottagning"], {"version": 2})
    assert stale.status_code == 409
    assert store_for(local_stack).find_report_item(report_id)["feedback"]["status"] == "prepared"


def test_the_letter_pdf_holds_the_reference_and_the_outcomes_and_is_marked_sent(local_stack, tokens):
    report_id, _ = decided_report(local_stack, tokens, "investigation", "no_investigation")
    reference = report_of(local_stack, tokens, report_id)["referenceNumber"]
    early = call(local_stack, "POST", feedback_path(report_id, "letter-sent"), tokens["mottagning"], {})
    assert early.status_code == 409  # sent first, then the letter

    letter = call(local_stack, "GET", feedback_path(report_id, "letter"), tokens["mottagning"])
    assert letter.status_code == 200, letter.text
    assert letter.json()["fileName"] == f"aterkoppling-{reference}.pdf"
    pdf = pypdf.PdfReader(io.BytesIO(base64.b64decode(letter.json()["data"])))
    text = "\n".join(page.extract_text() for page in pdf.pages)
    assert reference in text
    assert "Person 1 i anmälan (barn): utredning inleds" in text
    assert "Person 2 i anmälan (barn): utredning inleds inte" in text
    assert "Sara Lärarsson" in text
    assert pdf.metadata is not None and reference in (pdf.metadata.title or "")
    assert pdf.trailer["/Root"]["/Lang"] == "sv"

    call(local_stack, "POST", feedback_path(report_id, "send"), tokens["mottagning"], {"version": 1})
    marked = call(local_stack, "POST", feedback_path(report_id, "letter-sent"), tokens["mottagning"], {})
    assert marked.json() == {"event": "feedback_letter_sent"}, marked.text
    twice = call(local_stack, "POST", feedback_path(report_id, "letter-sent"), tokens["mottagning"], {})
    assert twice.status_code == 409
    actions = [entry["action"] for entry in report_of(local_stack, tokens, report_id)["timeline"]]
    assert "download_feedback_letter" in actions
    assert actions.count("mark_feedback_letter_sent") == 1


@pytest.fixture
def broken_template(tmp_path, monkeypatch):
    """Provkommun's own template names a placeholder Oro does not know (the staff API runs in this process)."""
    secret_line = "En rad ur mallen som aldrig får synas i ett fel."
    (tmp_path / "prov").mkdir()
    (tmp_path / "prov" / "aterkoppling.txt").write_text(
        f"{secret_line}\n${{referensnummer}} ${{personnummer}}\n", encoding="utf-8"
    )
    monkeypatch.setattr(names_module, "LETTERS_DIR", tmp_path)
    return secret_line


def test_a_template_with_an_unknown_placeholder_is_a_clear_refusal_that_changes_nothing(
    local_stack, tokens, broken_template
):
    report_id, _ = decided_report(local_stack, tokens, "investigation")
    before = store_for(local_stack).find_report_item(report_id)
    refused = call(local_stack, "GET", feedback_path(report_id, "letter"), tokens["mottagning"])
    assert refused.status_code == 422, refused.text
    message = refused.json()["message"]
    assert "okända platshållare: ${personnummer}" in message
    assert broken_template not in refused.text
    after = store_for(local_stack).find_report_item(report_id)
    assert after["feedback"] == before["feedback"]
    assert "download_feedback_letter" not in [
        entry["action"] for entry in report_of(local_stack, tokens, report_id)["timeline"]
    ]
