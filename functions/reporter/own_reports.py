"""Mina anmälningar: a signed-in reporter's own reports, each read audited. A report is theirs only if it was
sent in a session of the same person (its stored reporter key is theirs); any other id is "not found", so that
nobody learns whether someone else's report exists."""

import json
from datetime import datetime

from functions.domain.reporter_questions import AlreadyAnswered, ReportClosed, answered, is_closed
from functions.domain.reporter_view import OwnReport, OwnReportSummary, reporter_message, summary_of
from functions.stores.audit import AuditEntry, AuditStore
from functions.stores.reporter_questions import ReporterQuestionsStore
from functions.stores.reporter_sessions import ReporterSession
from functions.stores.reports import ReportsStore, iso

REPORTER_ROLE = "anmalare"


class NotTheirs(Exception):
    """No report of this reporter has this id."""


def audit_actor(session: ReporterSession) -> str:
    """How the audit trail names a reporter: by their lookup key, never their name or personnummer."""
    return f"anmalare:{session.lookup_key[:24]}"


def _entry(session: ReporterSession, action: str, now: datetime, item: dict | None = None) -> AuditEntry:
    return AuditEntry(
        at=now,
        staff_id=audit_actor(session),
        roles=[REPORTER_ROLE],
        action=action,
        report_id=item["reportId"] if item else None,
        reference_number=item["referenceNumber"] if item else None,
        detail={"provider": session.identity.provider},
    )


def _audited(
    audit: AuditStore, session: ReporterSession, action: str, now: datetime, item: dict | None = None
):
    audit.append(_entry(session, action, now, item))


def list_own_reports(
    session: ReporterSession, *, reports: ReportsStore, audit: AuditStore, now: datetime
) -> list[OwnReportSummary]:
    summaries = []
    for entry in reports.reports_of_reporter(session.lookup_key):
        item = reports.find_report_item(entry["reportId"])
        if item is None or item.get("reporterKey") != session.lookup_key:
            continue  # purged since (gallring removes the entry too), or not theirs
        summaries.append(summary_of(item))
    _audited(audit, session, "reporter_list_reports", now)
    return summaries


def _own_item(session: ReporterSession, report_id: str, reports: ReportsStore) -> dict:
    item = reports.find_report_item(report_id)
    if item is None or item.get("reporterKey") != session.lookup_key:
        raise NotTheirs(report_id)
    return item


def answer_question(
    session: ReporterSession,
    report_id: str,
    question_id: str,
    text: str,
    *,
    reports: ReportsStore,
    questions: ReporterQuestionsStore,
    audit: AuditStore,
    now: datetime,
) -> None:
    """The reporter's answer, kept as written with the question marked answered, in one conditional write with
    its audit entry: a second answer (or one racing it) is AlreadyAnswered; a closed report ReportClosed."""
    item = _own_item(session, report_id, reports)
    if is_closed(item):
        raise ReportClosed(report_id)
    messages = list(item.get("reporterMessages") or [])
    index, changed = answered(messages, question_id, text, iso(now))
    put = audit.put_request(_entry(session, "reporter_answered_question", now, item))
    if not questions.answer(report_id, index, len(messages), question_id, changed, put):
        raise AlreadyAnswered(question_id)


def own_report(
    session: ReporterSession, report_id: str, *, reports: ReportsStore, audit: AuditStore, now: datetime
) -> OwnReport:
    item = _own_item(session, report_id, reports)
    _audited(audit, session, "reporter_read_report", now, item)
    written = json.loads(item["content"])
    written.pop("submissionId", None)
    return OwnReport(
        **summary_of(item).model_dump(),
        written=written,
        messages=[reporter_message(message) for message in item.get("reporterMessages") or []],
    )
