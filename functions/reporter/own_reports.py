"""Mina anmälningar: a signed-in reporter's own reports, each read audited. A report is theirs only if it was
sent in a session of the same person (its stored reporter key is theirs); any other id is "not found", so that
nobody learns whether someone else's report exists."""

import json
from datetime import datetime

from functions.domain.reporter_view import OwnReport, OwnReportSummary, summary_of
from functions.stores.audit import AuditEntry, AuditStore
from functions.stores.reporter_sessions import ReporterSession
from functions.stores.reports import ReportsStore

REPORTER_ROLE = "anmalare"


class NotTheirs(Exception):
    """No report of this reporter has this id."""


def audit_actor(session: ReporterSession) -> str:
    """How the audit trail names a reporter: by their lookup key, never their name or personnummer."""
    return f"anmalare:{session.lookup_key[:24]}"


def _audited(
    audit: AuditStore, session: ReporterSession, action: str, now: datetime, item: dict | None = None
):
    audit.append(
        AuditEntry(
            at=now,
            staff_id=audit_actor(session),
            roles=[REPORTER_ROLE],
            action=action,
            report_id=item["reportId"] if item else None,
            reference_number=item["referenceNumber"] if item else None,
            detail={"provider": session.identity.provider},
        )
    )


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


def own_report(
    session: ReporterSession, report_id: str, *, reports: ReportsStore, audit: AuditStore, now: datetime
) -> OwnReport:
    item = reports.find_report_item(report_id)
    if item is None or item.get("reporterKey") != session.lookup_key:
        raise NotTheirs(report_id)
    _audited(audit, session, "reporter_read_report", now, item)
    written = json.loads(item["content"])
    written.pop("submissionId", None)
    return OwnReport(
        **summary_of(item).model_dump(),
        written=written,
        messages=list(item.get("reporterMessages") or []),
    )
