"""A gallring run: purge every report whose purge date has come, page by page through the purge index.

- Resumable: purged reports leave the index, so a run that stops (time budget, crash) is resumed by the
  next one; a report's deletion is one conditional transaction, so running twice is safe.
- One failing report does not stop the others: it is counted (a metric and an alarm) and stays due.
- The research sample is respected: such reports leave the index and are kept.
- The purge log gets an entry per rule for every page purged (reference numbers, no personal data), so
  what was purged is logged even if the run stops half-way.
- A dry run (the admin's preview) reads the same index and writes nothing.
"""

import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from functions.domain.municipality import Municipality
from functions.domain.retention import PurgeRule, audit_kept_from, kept_for_research
from functions.shared.observability import logger
from functions.stores.gallring import GallringStore, PurgeCandidate, PurgeLogEntry

PAGE_SIZE = 1000  # one index page of projected keys: ~300 kB, under DynamoDB's 1 MB page
# Stop starting new deletions when less than this is left of the Lambda's time.
SAFETY_MARGIN_MS = 20_000
RESEARCH_SAMPLE = "research_sample"
AUDIT_TRAIL = "audit_trail"
FAILED = "failed"
# The UTC days before the audit retention's first kept day that each run goes over: a month of missed runs
# is made up; each day costs one index query, an empty one nothing more.
AUDIT_LOOKBACK_DAYS = 31


def rule_text(rule: str, municipality: Municipality) -> str:
    retention = municipality.retention
    texts = {
        PurgeRule.NO_INVESTIGATION: f"Ingen utredning inleddes: gallras {retention.no_investigation_years} år "
        f"efter beslutet ({retention.archive_decision}).",
        PurgeRule.HANDED_OVER: f"Överlämnad till utredning: mottagningens kopia gallras "
        f"{retention.after_handover_months} månader efter överlämnandet ({retention.archive_decision}).",
        RESEARCH_SAMPLE: f"Bevaras för forskning: person född den "
        f"{', '.join(str(day) for day in retention.research_sample.birth_days)} i månaden "
        f"({retention.research_sample.decision})."
        if retention.research_sample.enabled
        else "Inget forskningsurval är beslutat: inga anmälningar bevaras för forskning.",
        AUDIT_TRAIL: f"Åtkomstloggen (vem som läst och gjort vad): gallras {retention.audit_retention_years} år "
        f"efter händelsen ({retention.archive_decision}). Gallringsloggen själv bevaras.",
    }
    return texts.get(rule, rule)


@dataclass
class RunSummary:
    run_id: str
    run_date: date
    dry_run: bool
    by_rule: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    failed: int = 0
    skipped: int = 0
    complete: bool = False
    items_read: int = 0
    audit_entries_purged: int = 0

    @property
    def purged(self) -> int:
        return sum(len(refs) for rule, refs in self.by_rule.items() if rule != RESEARCH_SAMPLE)

    @property
    def kept_for_research(self) -> int:
        return len(self.by_rule.get(RESEARCH_SAMPLE, []))

    def counts(self) -> dict:
        return {
            "runDate": self.run_date.isoformat(),
            "dryRun": self.dry_run,
            "purged": self.purged,
            "keptForResearch": self.kept_for_research,
            "failed": self.failed,
            "skipped": self.skipped,
            "complete": self.complete,
            "auditEntriesPurged": self.audit_entries_purged,
        }


def run_gallring(
    store: GallringStore,
    municipality: Municipality,
    today: date,
    *,
    now: Callable[[], datetime],
    time_left_ms: Callable[[], int],
    dry_run: bool = False,
    page_size: int = PAGE_SIZE,
) -> RunSummary:
    summary = RunSummary(run_id=str(uuid.uuid4()), run_date=today, dry_run=dry_run)
    start_key = None
    while True:
        if time_left_ms() < SAFETY_MARGIN_MS:
            return summary  # not complete: the next run goes on from here
        candidates, start_key = store.due(today, limit=page_size, start_key=start_key)
        summary.items_read += len(candidates)
        page: dict[str, list[str]] = defaultdict(list)
        for candidate in candidates:
            if time_left_ms() < SAFETY_MARGIN_MS:
                _log_page(store, municipality, summary, page, now)
                return summary
            outcome = _handle(store, municipality, candidate, today, now, dry_run)
            if outcome is None:
                summary.skipped += 1
            elif outcome == FAILED:
                summary.failed += 1
            else:
                page[outcome].append(candidate.reference_number)
                summary.by_rule[outcome].append(candidate.reference_number)
        _log_page(store, municipality, summary, page, now)
        if not start_key:
            if not dry_run:
                summary.complete = purge_audit_trail(store, municipality, today, summary, now, time_left_ms)
            else:
                summary.complete = True
            return summary


def purge_audit_trail(
    store: GallringStore,
    municipality: Municipality,
    today: date,
    summary: RunSummary,
    now: Callable[[], datetime],
    time_left_ms: Callable[[], int],
) -> bool:
    """Purges the audit entries of the UTC days past the audit retention, a day at a time, oldest first, with
    a purge-log entry per day purged (a count, no reference numbers: the entries are about staff work). The
    purge log itself is kept. False when the time ran out (the next run goes on)."""
    kept_from = audit_kept_from(today, municipality.retention)
    for back in range(AUDIT_LOOKBACK_DAYS, 0, -1):
        if time_left_ms() < SAFETY_MARGIN_MS:
            return False
        keys = store.audit_keys_of_day(kept_from - timedelta(days=back))
        if not keys:
            continue
        purged = store.purge_audit_entries(keys, kept_from)
        summary.audit_entries_purged += purged
        store.append_log(
            PurgeLogEntry(
                at=now(),
                run_id=summary.run_id,
                run_date=summary.run_date,
                rule=AUDIT_TRAIL,
                rule_text=rule_text(AUDIT_TRAIL, municipality),
                reference_numbers=(),
                entries_purged=purged,
                kept_from=kept_from,
            )
        )
    return True


def _handle(
    store: GallringStore,
    municipality: Municipality,
    candidate: PurgeCandidate,
    today: date,
    now: Callable[[], datetime],
    dry_run: bool,
) -> str | None:
    """The rule applied to one report ('research_sample' when kept), None if no longer due, or 'failed'."""
    try:
        if kept_for_research(list(candidate.birth_days), municipality.retention):
            if not dry_run:
                store.keep_for_research(candidate, municipality.retention.research_sample.decision, now())
            return RESEARCH_SAMPLE
        if dry_run:
            return candidate.rule
        if not store.purge(candidate, today):
            return None
        store.record_purged(candidate, now())
        return candidate.rule
    except Exception:  # one report must not stop the others; it stays due and is retried next run
        logger.exception("purge failed", extra={"report_id": candidate.report_id})
        return FAILED


def _log_page(
    store: GallringStore,
    municipality: Municipality,
    summary: RunSummary,
    page: dict[str, list[str]],
    now: Callable[[], datetime],
) -> None:
    if summary.dry_run:
        return
    for rule, references in page.items():
        if references:
            store.append_log(
                PurgeLogEntry(
                    at=now(),
                    run_id=summary.run_id,
                    run_date=summary.run_date,
                    rule=rule,
                    rule_text=rule_text(rule, municipality),
                    reference_numbers=tuple(references),
                )
            )


PREVIEW_LIMIT = 500


def preview(store: GallringStore, municipality: Municipality, on: date, limit: int = PREVIEW_LIMIT) -> dict:
    """What a run on `on` would do, without doing it: counts per rule and the first `limit` reports."""
    by_rule: dict[str, int] = defaultdict(int)
    reports: list[dict] = []
    start_key = None
    while True:
        candidates, start_key = store.due(on, limit=PAGE_SIZE, start_key=start_key)
        for candidate in candidates:
            rule = (
                RESEARCH_SAMPLE
                if kept_for_research(list(candidate.birth_days), municipality.retention)
                else candidate.rule
            )
            by_rule[rule] += 1
            if len(reports) < limit:
                reports.append(
                    {
                        "referenceNumber": candidate.reference_number,
                        "rule": rule,
                        "purgeOn": candidate.purge_on.isoformat(),
                    }
                )
        if not start_key:
            break
    rules = [PurgeRule.NO_INVESTIGATION.value, PurgeRule.HANDED_OVER.value, RESEARCH_SAMPLE]
    return {
        "date": on.isoformat(),
        "total": sum(count for rule, count in by_rule.items() if rule != RESEARCH_SAMPLE),
        "byRule": {rule: by_rule.get(rule, 0) for rule in rules},
        "ruleTexts": {rule: rule_text(rule, municipality) for rule in rules},
        "reports": reports,
        "truncated": sum(by_rule.values()) > len(reports),
    }
