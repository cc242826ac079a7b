"""More information needed (functions/domain/reporter_questions.py): a case worker asks a reporter who signed
in a question; it is kept on the report with its audit entry, and the reporter gets a notice without personal
data through the same messaging as återkoppling. Nothing of the lifecycle is touched: the clocks keep running."""

import uuid

from functions.domain.access import Permission
from functions.domain.reporter_questions import (
    QUESTION_KIND,
    notice_address,
    question_message,
    question_notice,
    require_askable,
)
from functions.staff.acting import Act, staff_use_case
from functions.stores.errors import ReportNotFound
from functions.stores.reporter_questions import ReporterQuestionsStore
from functions.stores.reports import iso


@staff_use_case(Permission.ASK_REPORTER, "ask_reporter")
def ask_reporter(act: Act, report_id: str, question: str) -> dict:
    item = act.services.lifecycle.report_item(report_id)
    require_askable(item)
    question_id = str(uuid.uuid4())
    message = question_message(question_id, iso(act.services.now()), act.staff.staff_id, question)
    store = ReporterQuestionsStore(act.services.reports_table, act.services.dynamodb)
    if not store.ask(report_id, message, act.put(item)):
        raise ReportNotFound(report_id)
    email, phone = notice_address(item)
    messenger = act.services.messenger
    if not (email or phone) or messenger is None:
        return {"event": "reporter_question_asked", "questionId": question_id, "notice": None}
    reference = item["referenceNumber"]
    delivery = messenger.notify_reporter(
        report_id,
        reference,
        question_notice(act.services.municipality, reference),
        f"{QUESTION_KIND}_notice",
        email=email,
        phone=phone,
    )
    return {
        "event": "reporter_question_asked",
        "questionId": question_id,
        "notice": {"channel": "email" if email else "sms", "delivered": bool(delivery.delivered)},
    }
