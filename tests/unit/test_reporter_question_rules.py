"""More information needed: who can be asked, how long a question and an answer may be, answered once, and a
notice that says nothing of the report."""

import json

import pytest
from pydantic import ValidationError

from functions.domain.errors import Refused
from functions.domain.reporter_questions import (
    ANONYMOUS,
    CLOSED,
    NOT_SIGNED_IN,
    AlreadyAnswered,
    AnswerBody,
    NoSuchQuestion,
    answered,
    notice_address,
    question_message,
    require_askable,
)
from functions.staff.routes.reporter_questions import QuestionBody

TEACHER = {"type": "yrkesverksam", "name": "Lena Lind", "workEmail": "lena@skolan.example.se"}
IDENTITY = {"provider": "kommunens_inloggning", "kind": "staff", "email": "lena.lind@kommun.example.se"}


def item(reporter: dict, signed_in: bool = True, persons: dict | None = None, **more) -> dict:
    return {
        "content": json.dumps({"reporter": reporter}),
        **({"reporterIdentity": IDENTITY, "reporterKey": "k"} if signed_in else {}),
        "persons": persons or {"1": {}},
        **more,
    }


def test_only_a_reporter_who_signed_in_can_be_asked_and_only_while_the_report_is_open():
    require_askable(item(TEACHER))
    cases = [
        (item({"type": "privatperson", "anonymous": True}, signed_in=False), ANONYMOUS),
        (item({"type": "privatperson", "anonymous": False, "name": "Anna"}, signed_in=False), NOT_SIGNED_IN),
        (item(TEACHER, persons={"1": {"decision": {"outcome": "investigation"}}}), CLOSED),
    ]
    for refused_item, message in cases:
        with pytest.raises(Refused) as refused:
            require_askable(refused_item)
        assert str(refused.value) == message
    assert "Ring eller skriv" in NOT_SIGNED_IN


@pytest.mark.parametrize("question", ["", "   ", "Kortfråga", "x" * 2001, "Fråga\x00med nolla"])
def test_a_question_is_10_to_2000_characters_of_plain_text(question):
    with pytest.raises(ValidationError):
        QuestionBody.model_validate({"question": question})


def test_a_question_is_trimmed_and_kept_as_written():
    hostile = '  <script>alert("x")</script> Vilken klass går barnet i?  '
    assert QuestionBody.model_validate({"question": hostile}).question == hostile.strip()


@pytest.mark.parametrize("text", ["", " \u200b ", "x" * 4001])
def test_an_answer_is_1_to_4000_visible_characters(text):
    with pytest.raises(ValidationError):
        AnswerBody.model_validate({"questionId": "q", "text": text})
    assert AnswerBody.model_validate({"questionId": "q", "text": "x" * 4000}).text == "x" * 4000


def test_a_question_is_answered_once_and_the_answer_is_appended():
    asked = question_message("q1", "2026-11-30T10:00:00.000Z", "handlaggare", "Vilken klass?")
    other = {"kind": "aterkoppling", "sentAt": "2026-11-29T10:00:00.000Z", "outcomes": {}}
    index, changed = answered([other, asked], "q1", "Klass 3B", "2026-11-30T11:00:00.000Z")
    assert index == 1
    assert changed[1] == {**asked, "answeredAt": "2026-11-30T11:00:00.000Z"}
    assert changed[2] == {
        "kind": "svar",
        "questionId": "q1",
        "answeredAt": "2026-11-30T11:00:00.000Z",
        "text": "Klass 3B",
    }
    with pytest.raises(AlreadyAnswered):
        answered(changed, "q1", "Igen", "2026-11-30T12:00:00.000Z")
    with pytest.raises(NoSuchQuestion):
        answered(changed, "inte-ställd", "Svar", "2026-11-30T12:00:00.000Z")
    with pytest.raises(NoSuchQuestion):  # an answer is not a question
        answered([{"kind": "svar", "questionId": "q2"}], "q2", "Svar", "2026-11-30T12:00:00.000Z")


def test_the_notice_goes_to_the_reports_email_else_the_identitys_else_by_sms():
    assert notice_address(item(TEACHER)) == ("lena@skolan.example.se", None)
    no_email = {"type": "yrkesverksam", "name": "Lena", "workPhone": "070-123 45 67"}
    assert notice_address(item(no_email)) == ("lena.lind@kommun.example.se", None)
    citizen = item({"type": "privatperson", "anonymous": False, "name": "Anna", "phone": "070-123 45 67"})
    citizen["reporterIdentity"] = {"provider": "e_legitimation", "kind": "citizen"}
    assert notice_address(citizen) == (None, "+46701234567")
