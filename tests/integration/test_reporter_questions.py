"""More information needed on the local stack: a teacher signs in with the municipality's provider and
reports; the intake asks a question; the notice in the outbox holds no personal data; the teacher reads the
question in Mina anmälningar and answers once; the staff view and the timeline show both. Every way around it
gets a 4xx and changes nothing; asking moves no clock."""

import json
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import requests

from functions.domain.reporter_questions import answered
from functions.shared import names
from functions.stores.audit import AuditEntry, AuditStore
from functions.stores.reporter_questions import ReporterQuestionsStore
from tests.integration.helpers import (
    NAMED_NEIGHBOUR,
    NEGLECT_ONLY,
    TEACHER,
    eventually,
    new_body,
    personal_data_in,
    post_report,
    sign_in_reporter,
    store_for,
)
from tests.integration.test_staff_api import assess, call, decide

STAFF_IDP, CITIZEN = "kommunens_inloggning", "e_legitimation"
QUESTION = "Vilken klass går barnet i, och vem är mentor?"
HOSTILE = '<img src=x onerror="alert(1)"> Klass 3B; mentor </script><script>alert(2)</script> & "citat"'


def signed_in_report(stack, provider: str = STAFF_IDP, subject: str = "lena.lind", reporter=TEACHER):
    browser = sign_in_reporter(stack, provider, subject)
    sent = browser.post(
        f"{stack.base_url}/api/reports", json=new_body(**NEGLECT_ONLY, reporter=reporter), timeout=30
    )
    assert sent.status_code == 201, sent.text
    return (
        browser,
        stack.find_report(sent.json()["referenceNumber"])["reportId"],
        sent.json()["referenceNumber"],
    )


def ask(
    stack, tokens, report_id: str, question: str = QUESTION, role: str = "mottagning"
) -> requests.Response:
    return call(
        stack,
        "POST",
        f"/api/staff/reports/{report_id}/reporter-questions",
        tokens[role],
        {"question": question},
    )


def answer(browser, stack, report_id: str, question_id: str, text: str, **headers) -> requests.Response:
    return browser.post(
        f"{stack.base_url}/api/reporter/reports/{report_id}/answers",
        data=json.dumps({"questionId": question_id, "text": text}),
        headers={"Content-Type": "application/json", **headers},
        timeout=30,
    )


def clocks(item: dict) -> dict:
    return {key: value for key, value in item.items() if "Deadline" in key or key == "persons"}


def test_the_intake_asks_the_signed_in_teacher_who_answers_in_mina_anmalningar(local_stack, tokens):
    browser, report_id, reference = signed_in_report(local_stack)
    # The lifecycle's first checkpoint has set the clocks.
    before = eventually(
        lambda: (item := store_for(local_stack).find_report_item(report_id)).get("decisionDeadline") and item
    )

    asked = ask(local_stack, tokens, report_id)
    assert asked.status_code == 200, asked.text
    assert asked.json()["event"] == "reporter_question_asked"
    assert asked.json()["notice"] == {"channel": "email", "delivered": True}
    question_id = asked.json()["questionId"]

    after = store_for(local_stack).find_report_item(report_id)
    assert clocks(after) == clocks(before)  # the clocks keep running: nothing of the lifecycle changed

    notices = [mail for mail in local_stack.outbox()["emails"] if TEACHER["workEmail"] in mail["to"]]
    notice = next(mail for mail in notices if reference in mail["subject"])
    text = notice["subject"] + "\n" + notice["text"]
    assert f"Du har en ny fråga om anmälan {reference}. Logga in för att läsa och svara." in text
    assert "/mina-anmalningar/" in text
    body = new_body(**NEGLECT_ONLY, reporter=TEACHER)
    personal = [*personal_data_in(body), QUESTION, "Lena", "Lind", "lena.lind", "Solängsskolan"]
    assert [value for value in personal if value in text] == []

    own = browser.get(f"{local_stack.base_url}/api/reporter/reports/{report_id}", timeout=30).json()
    question = next(message for message in own["messages"] if message["kind"] == "fraga")
    assert (question["questionId"], question["text"]) == (question_id, QUESTION)
    assert "answeredAt" not in question
    assert "askedBy" not in question  # who among the staff asked stays with the staff

    answered = answer(browser, local_stack, report_id, question_id, HOSTILE)
    assert answered.status_code == 201, answered.text
    again = answer(browser, local_stack, report_id, question_id, "Ett andra svar")
    assert again.status_code == 409 and again.json()["message"] == "Frågan är redan besvarad."

    raw = browser.get(f"{local_stack.base_url}/api/reporter/reports/{report_id}", timeout=30)
    # JSON, never markup: the text is a JSON string (its quotes escaped), not part of the document's structure.
    assert raw.headers["Content-Type"].startswith("application/json")
    assert json.dumps(HOSTILE, ensure_ascii=False) in raw.text
    messages = raw.json()["messages"]
    assert [message["kind"] for message in messages] == ["fraga", "svar"]
    assert messages[1]["text"] == HOSTILE  # kept as written: the pages render it as text
    assert messages[0]["answeredAt"] == messages[1]["answeredAt"]

    staff_view = call(local_stack, "GET", f"/api/staff/reports/{report_id}", tokens["mottagning"]).json()
    assert [message["kind"] for message in staff_view["reporterMessages"]] == ["fraga", "svar"]
    assert staff_view["reporterMessages"][1]["text"] == HOSTILE
    assert staff_view["reporterMessages"][0]["askedBy"]
    assert staff_view["reporterQuestions"] == {"askable": True, "reason": None}
    actions = [entry["action"] for entry in staff_view["timeline"]]
    assert "ask_reporter" in actions and "reporter_answered_question" in actions
    assert "reporter_read_report" in actions  # every read of the reporter's stays audited
    notice_entry = next(
        entry
        for entry in staff_view["timeline"]
        if (entry.get("detail") or {}).get("messageKind") == "fraga_notice"
    )
    assert notice_entry["detail"]["channels"] == ["email"]
    assert QUESTION not in json.dumps(
        staff_view["timeline"], ensure_ascii=False
    )  # no text in the audit trail


def test_two_answers_at_once_one_is_kept_and_the_other_gets_409(local_stack, tokens):
    browser, report_id, _ = signed_in_report(local_stack)
    question_id = ask(local_stack, tokens, report_id).json()["questionId"]
    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(
            pool.map(
                lambda number: answer(browser, local_stack, report_id, question_id, f"Svar nummer {number}"),
                range(4),
            )
        )
    assert sorted(response.status_code for response in answers) == [201, 409, 409, 409]
    messages = store_for(local_stack).find_report_item(report_id)["reporterMessages"]
    assert [message["kind"] for message in messages] == ["fraga", "svar"]
    listed = browser.get(f"{local_stack.base_url}/api/reporter/reports", timeout=30).json()["reports"]
    summary = next(r for r in listed if r["reportId"] == report_id)
    assert (summary["messagesFromUs"], summary["questionsToAnswer"]) == (1, 0)  # the question, answered

    # An answer that read the question before the first one was written: its conditional write fails whole.
    asked_only = [{key: value for key, value in messages[0].items() if key != "answeredAt"}]
    _, late = answered(asked_only, question_id, "Sent svar", "2026-11-30T12:00:00.000Z")
    audit = AuditStore(names.audit_table_name(local_stack.municipality_id), local_stack.client("dynamodb"))
    entry = AuditEntry(at=datetime.now(UTC), staff_id="anmalare:test", roles=["anmalare"], action="test")
    questions = ReporterQuestionsStore(
        names.reports_table_name(local_stack.municipality_id), local_stack.client("dynamodb")
    )
    assert questions.answer(report_id, 0, 1, question_id, late, audit.put_request(entry)) is False
    assert store_for(local_stack).find_report_item(report_id)["reporterMessages"] == messages


def test_an_anonymous_or_unsigned_named_reporter_cannot_be_asked(local_stack, tokens):
    anonymous = post_report(local_stack, new_body()).json()["referenceNumber"]
    named = post_report(local_stack, new_body(reporter={**NAMED_NEIGHBOUR, "phone": "070-222 33 44"}))
    for reference, words in (
        (anonymous, "Anmälan är anonym: anmälaren kan inte få frågor."),
        (named.json()["referenceNumber"], "Ring eller skriv till anmälaren"),
    ):
        report_id = local_stack.find_report(reference)["reportId"]
        refused = ask(local_stack, tokens, report_id)
        assert refused.status_code == 409, refused.text
        assert words in refused.json()["message"]
        assert "reporterMessages" not in store_for(local_stack).find_report_item(report_id)
        # The report page says so before anyone tries.
        view = call(local_stack, "GET", f"/api/staff/reports/{report_id}", tokens["mottagning"]).json()
        assert view["reporterQuestions"]["askable"] is False
        assert words in view["reporterQuestions"]["reason"]


def test_questions_are_for_intake_and_first_social_secretary_only_and_have_10_to_2000_characters(
    local_stack, tokens
):
    _, report_id, _ = signed_in_report(local_stack)
    for role in ("socialjour", "admin", "granskare"):
        assert ask(local_stack, tokens, report_id, role=role).status_code == 403
    for question in ("Varför?", "x" * 2001, "   "):
        refused = ask(local_stack, tokens, report_id, question)
        assert refused.status_code == 422, refused.text
    assert ask(local_stack, tokens, report_id, role="forste_socialsekreterare").status_code == 200
    assert len(store_for(local_stack).find_report_item(report_id)["reporterMessages"]) == 1


def test_bad_answers_get_a_clear_4xx_and_change_nothing(local_stack, tokens):
    browser, report_id, _ = signed_in_report(local_stack)
    question_id = ask(local_stack, tokens, report_id).json()["questionId"]
    stored = lambda: store_for(local_stack).find_report_item(report_id)["reporterMessages"]  # noqa: E731
    before = stored()

    not_signed_in = answer(requests.Session(), local_stack, report_id, question_id, "Svar")
    assert not_signed_in.status_code == 401 and "inte inloggad" in not_signed_in.json()["message"]
    not_asked = answer(browser, local_stack, report_id, "ingen-sadan-fraga", "Svar")
    assert (
        not_asked.status_code == 404
        and not_asked.json()["message"] == "Vi hittar ingen sådan fråga i anmälan."
    )
    too_long = answer(browser, local_stack, report_id, question_id, "x" * 4001)
    assert too_long.status_code == 422, too_long.text
    far_too_long = answer(browser, local_stack, report_id, question_id, "x" * 40_000)
    assert far_too_long.status_code == 413 and "4000" in far_too_long.json()["message"]
    empty = answer(browser, local_stack, report_id, question_id, "  ")
    assert empty.status_code == 422
    not_json = browser.post(
        f"{local_stack.base_url}/api/reporter/reports/{report_id}/answers",
        data=json.dumps({"questionId": question_id, "text": "Svar"}),
        headers={"Content-Type": "text/plain"},
        timeout=30,
    )
    assert not_json.status_code == 415 and "JSON" in not_json.json()["message"]

    other = sign_in_reporter(local_stack, CITIZEN, "anna.andersson")
    theirs = answer(other, local_stack, report_id, question_id, "Svar")
    assert theirs.status_code == 404
    assert theirs.json()["message"] == "Vi hittar ingen sådan anmälan bland dina anmälningar."
    assert stored() == before


def test_a_closed_report_takes_no_answer(local_stack, tokens):
    browser, report_id, _ = signed_in_report(local_stack)
    question_id = ask(local_stack, tokens, report_id).json()["questionId"]
    assess(local_stack, tokens, report_id)
    decide(local_stack, tokens, report_id, "no_investigation")
    before = store_for(local_stack).find_report_item(report_id)["reporterMessages"]

    closed = answer(browser, local_stack, report_id, question_id, "Svar efter beslutet")
    assert closed.status_code == 409 and closed.json()["message"].startswith("Anmälan är avslutad")
    assert store_for(local_stack).find_report_item(report_id)["reporterMessages"] == before
    asking = ask(local_stack, tokens, report_id)
    assert asking.status_code == 409 and asking.json()["message"].startswith("Anmälan är avslutad")
    audit = AuditStore(names.audit_table_name(local_stack.municipality_id), local_stack.client("dynamodb"))
    assert "reporter_answered_question" not in [entry.action for entry in audit.timeline(report_id)]
