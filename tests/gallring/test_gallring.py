"""Gallring on moto: thousands of seeded reports with mixed outcomes and dates, just before and just after
their purge dates; exactly the due ones purged, completely; interrupted runs resume; legal holds and the
research sample respected; one failing report does not stop the others."""

import json
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import pytest

from functions.domain.deadlines import add_months
from functions.domain.municipality import load_municipality
from functions.gallring.purge import SAFETY_MARGIN_MS, run_gallring
from functions.shared import names
from functions.stores.gallring import PURGE_LOG, GallringStore
from functions.stores.reports import plain
from local.resources import create_audit_table, create_reports_table
from local.seed import SeedReport, seed_reports

TODAY = date(2031, 6, 16)
STOCKHOLM_NOON = time(10, 0, tzinfo=UTC)
PROV = load_municipality(names.municipality_config_file("prov"))
WITH_RESEARCH_SAMPLE = PROV.model_copy(
    update={
        "retention": PROV.retention.model_copy(
            update={
                "research_sample": PROV.retention.research_sample.model_copy(
                    update={"enabled": True, "decision": "Riksarkivets beslut (prov)"}
                )
            }
        )
    }
)
PLENTY_OF_TIME = lambda: 600_000  # noqa: E731 - a Lambda context's remaining milliseconds


def at(day: date) -> datetime:
    return datetime.combine(day, STOCKHOLM_NOON)


@dataclass(frozen=True)
class Tables:
    dynamodb: object
    reports: str
    audit: str


@pytest.fixture
def aws(local_stack):
    """A reports table and an audit table of their own on the embedded AWS (the local stack's moto server,
    whose transactions cost what they touch, as DynamoDB's do: local/moto_dynamodb.py)."""
    dynamodb = local_stack.client("dynamodb")
    prefix = f"gallring-{uuid.uuid4().hex[:8]}"
    tables = Tables(dynamodb, f"{prefix}-reports", f"{prefix}-audit")
    create_reports_table(dynamodb, tables.reports)
    create_audit_table(dynamodb, tables.audit)
    yield tables
    for table in (tables.reports, tables.audit):
        dynamodb.delete_table(TableName=table)


@pytest.fixture
def store(aws) -> GallringStore:
    return GallringStore(aws.reports, aws.audit, aws.dynamodb)


def all_items(dynamodb, table: str) -> list[dict]:
    paginator = dynamodb.get_paginator("scan")
    return [plain(item) for page in paginator.paginate(TableName=table) for item in page["Items"]]


def mixed_reports(count: int) -> tuple[list[SeedReport], set[int]]:
    """Reports around today's purge dates, and the numbers of those due: no investigation decided five
    years ago give or take a few days; investigations handed over six months ago give or take, closed
    before or after; open reports and open investigations, which are never due."""
    specs, due = [], set()
    for number in range(count):
        offset = number % 7 - 3  # -3..3 days around the purge date
        kind = number % 5
        if kind in (0, 1):
            decided = add_months(TODAY, -60) - timedelta(days=offset)
            specs.append(SeedReport(number, "no_investigation", at(decided)))
            if offset >= 0:
                due.add(number)
        elif kind == 2:
            decided = add_months(TODAY, -6) - timedelta(days=offset)
            closed = decided + timedelta(days=100 + 60 * (number % 2))  # some closed after the six months
            specs.append(SeedReport(number, "investigation_closed", at(decided), at(closed)))
            if max(add_months(decided, 6), closed) <= TODAY:
                due.add(number)
        elif kind == 3:
            specs.append(SeedReport(number, "investigation_open", at(add_months(TODAY, -70))))
        else:
            specs.append(SeedReport(number, "open"))
    return specs, due


def words_in(items: list[dict]) -> set[str]:
    """Every id, marker and number-like word anywhere in the items (keys and values, nested)."""
    return set(re.findall(r"[\w-]+", json.dumps(items, default=str, ensure_ascii=False)))


def report_ids_left(tables: Tables) -> set[str]:
    return {item["reportId"] for item in all_items(tables.dynamodb, tables.reports) if item["sk"] == "REPORT"}


# Thousands, read a hundred at a time, cross the index's pages and the purge log's pages many times over; how
# the reads grow with 10,000 and 100,000 reports is `make bench`'s (benchmarks/gallring_reads.py).
@pytest.mark.scale
def test_exactly_the_due_reports_among_2000_are_purged_completely_and_logged(aws, store):
    specs, due_numbers = mixed_reports(2_000)
    seeded = seed_reports(aws.dynamodb, aws.reports, PROV, specs)
    due = {report.report_id for report in seeded if report.spec.number in due_numbers}
    kept = {report.report_id for report in seeded} - due

    summary = run_gallring(
        store, PROV, TODAY, now=lambda: at(TODAY), time_left_ms=PLENTY_OF_TIME, page_size=100
    )

    assert summary.complete and summary.failed == 0
    assert summary.purged == len(due) > 500
    assert summary.items_read == len(due)  # the index gave exactly the due ones, nothing else was read
    assert report_ids_left(aws) == kept
    # Every item of a purged report is gone, whatever its key: search the whole table for it.
    left = words_in(all_items(aws.dynamodb, aws.reports))
    for report in seeded:
        if report.report_id in due:
            assert not {report.report_id, report.spec.marker, report.spec.personnummer} & left
    # The purge log: per rule, counts and reference numbers, no personal data.
    log = [item for item in all_items(aws.dynamodb, aws.audit) if item["pk"] == PURGE_LOG]
    logged = {ref for entry in log for ref in entry["referenceNumbers"]}
    assert logged == {report.spec.reference_number for report in seeded if report.report_id in due}
    assert sum(int(entry["count"]) for entry in log) == len(due)
    assert {entry["rule"] for entry in log} == {"no_investigation", "handed_over"}
    assert all("dokumenthanteringsplan" in entry["ruleText"] for entry in log)
    # The audit trail keeps who, when, which action and the reference number; no personal data.
    audit = words_in(all_items(aws.dynamodb, aws.audit))
    assert not any({report.spec.marker, report.spec.personnummer} & audit for report in seeded)


def test_reports_just_before_their_purge_date_stay_and_go_the_night_it_comes(aws, store):
    decided = add_months(TODAY, -60)
    specs = [
        SeedReport(1, "no_investigation", at(decided)),  # due today
        SeedReport(2, "no_investigation", at(decided + timedelta(days=1))),  # due tomorrow
    ]
    first, second = seed_reports(aws.dynamodb, aws.reports, PROV, specs)

    run_gallring(store, PROV, TODAY, now=lambda: at(TODAY), time_left_ms=PLENTY_OF_TIME)
    assert report_ids_left(aws) == {second.report_id}
    run_gallring(store, PROV, TODAY + timedelta(days=1), now=lambda: at(TODAY), time_left_ms=PLENTY_OF_TIME)
    assert report_ids_left(aws) == set()
    del first


def test_a_signed_in_reporters_entry_goes_with_the_report(aws, store):
    decided = add_months(TODAY, -60)
    specs = [
        SeedReport(1, "no_investigation", at(decided), signed_in=True),  # due today
        SeedReport(2, "no_investigation", at(decided + timedelta(days=1)), signed_in=True),  # due tomorrow
    ]
    seed_reports(aws.dynamodb, aws.reports, PROV, specs)

    run_gallring(store, PROV, TODAY, now=lambda: at(TODAY), time_left_ms=PLENTY_OF_TIME)
    entries = [
        item["pk"] for item in all_items(aws.dynamodb, aws.reports) if item["pk"].startswith("REPORTER#")
    ]
    assert entries == ["REPORTER#seed-reporter-000002"]


@pytest.mark.slow
def test_an_interrupted_run_resumes_where_it_stopped_and_a_repeated_run_changes_nothing(aws, store):
    specs = [SeedReport(n, "no_investigation", at(add_months(TODAY, -61))) for n in range(450)]
    seed_reports(aws.dynamodb, aws.reports, PROV, specs)
    budget = {"checks": 0}

    def running_out() -> int:  # the time budget runs out after about 200 reports
        budget["checks"] += 1
        return 600_000 if budget["checks"] < 200 else SAFETY_MARGIN_MS - 1

    stopped = run_gallring(store, PROV, TODAY, now=lambda: at(TODAY), time_left_ms=running_out, page_size=50)
    assert not stopped.complete and 0 < stopped.purged < 450
    assert len(report_ids_left(aws)) == 450 - stopped.purged

    resumed = run_gallring(store, PROV, TODAY, now=lambda: at(TODAY), time_left_ms=PLENTY_OF_TIME)
    assert resumed.complete and resumed.purged == 450 - stopped.purged
    assert report_ids_left(aws) == set()
    again = run_gallring(store, PROV, TODAY, now=lambda: at(TODAY), time_left_ms=PLENTY_OF_TIME)
    assert again.complete and again.purged == 0 and again.items_read == 0
    log = [item for item in all_items(aws.dynamodb, aws.audit) if item["pk"] == PURGE_LOG]
    assert sum(int(entry["count"]) for entry in log) == 450  # the stopped run logged what it purged


def test_a_legal_hold_blocks_the_purge_until_it_is_lifted(aws, store):
    specs = [SeedReport(n, "no_investigation", at(add_months(TODAY, -61))) for n in range(3)]
    held, *others = seed_reports(aws.dynamodb, aws.reports, PROV, specs)
    store.place_hold(held.spec.reference_number, "Begäran om utlämnande prövas", "demo-admin", at(TODAY))

    summary = run_gallring(store, PROV, TODAY, now=lambda: at(TODAY), time_left_ms=PLENTY_OF_TIME)
    assert summary.purged == 2 and report_ids_left(aws) == {held.report_id}
    assert store.held(held.spec.reference_number)["reason"] == "Begäran om utlämnande prövas"

    store.lift_hold(held.spec.reference_number)
    run_gallring(store, PROV, TODAY, now=lambda: at(TODAY), time_left_ms=PLENTY_OF_TIME)
    assert report_ids_left(aws) == set()
    del others


def test_a_hold_placed_after_the_index_was_read_still_blocks_the_deletion(aws, store):
    (report,) = seed_reports(
        aws.dynamodb, aws.reports, PROV, [SeedReport(1, "no_investigation", at(add_months(TODAY, -61)))]
    )
    candidates, _ = store.due(TODAY, limit=10)
    store.place_hold(report.spec.reference_number, "Tillsyn från IVO", "demo-admin", at(TODAY))
    assert store.purge(candidates[0], TODAY) is False
    assert report_ids_left(aws) == {report.report_id}


def test_the_research_sample_keeps_persons_born_on_its_days_only_when_switched_on(aws, store):
    decided = at(add_months(TODAY, -61))
    specs = [
        SeedReport(1, "no_investigation", decided, born=date(2016, 4, 5)),
        SeedReport(2, "no_investigation", decided, born=date(2016, 4, 15)),
        SeedReport(3, "no_investigation", decided, born=date(2016, 4, 16)),
    ]
    on_5th, on_15th, on_16th = seed_reports(aws.dynamodb, aws.reports, WITH_RESEARCH_SAMPLE, specs)

    summary = run_gallring(
        store, WITH_RESEARCH_SAMPLE, TODAY, now=lambda: at(TODAY), time_left_ms=PLENTY_OF_TIME
    )
    assert summary.purged == 1 and summary.kept_for_research == 2
    assert report_ids_left(aws) == {on_5th.report_id, on_15th.report_id}
    # Kept for good: out of the index, so later runs do not read them again.
    later = run_gallring(
        store, WITH_RESEARCH_SAMPLE, TODAY, now=lambda: at(TODAY), time_left_ms=PLENTY_OF_TIME
    )
    assert later.items_read == 0
    log = [item for item in all_items(aws.dynamodb, aws.audit) if item["pk"] == PURGE_LOG]
    kept_log = [entry for entry in log if entry["rule"] == "research_sample"]
    assert sorted(kept_log[0]["referenceNumbers"]) == sorted(
        [on_5th.spec.reference_number, on_15th.spec.reference_number]
    )
    del on_16th


def test_without_the_research_sample_a_person_born_on_the_5th_is_purged(aws, store):
    seed_reports(
        aws.dynamodb,
        aws.reports,
        PROV,
        [SeedReport(1, "no_investigation", at(add_months(TODAY, -61)), born=date(2016, 4, 5))],
    )
    summary = run_gallring(store, PROV, TODAY, now=lambda: at(TODAY), time_left_ms=PLENTY_OF_TIME)
    assert summary.purged == 1 and report_ids_left(aws) == set()


class FailingFor(GallringStore):
    """The store, failing for one report as a throttled or broken write would."""

    def __init__(self, *arguments, failing: str) -> None:
        super().__init__(*arguments)
        self.failing = failing

    def purge(self, candidate, on):
        if candidate.report_id == self.failing:
            raise RuntimeError("simulated DynamoDB failure")
        return super().purge(candidate, on)


def test_one_failing_report_does_not_stop_the_others_and_stays_due(aws):
    specs = [SeedReport(n, "no_investigation", at(add_months(TODAY, -61))) for n in range(5)]
    seeded = seed_reports(aws.dynamodb, aws.reports, PROV, specs)
    failing = FailingFor(aws.reports, aws.audit, aws.dynamodb, failing=seeded[2].report_id)

    summary = run_gallring(failing, PROV, TODAY, now=lambda: at(TODAY), time_left_ms=PLENTY_OF_TIME)
    assert summary.failed == 1 and summary.purged == 4 and summary.complete
    assert report_ids_left(aws) == {seeded[2].report_id}
    retried = run_gallring(
        GallringStore(aws.reports, aws.audit, aws.dynamodb),
        PROV,
        TODAY,
        now=lambda: at(TODAY),
        time_left_ms=PLENTY_OF_TIME,
    )
    assert retried.purged == 1 and report_ids_left(aws) == set()


@pytest.mark.slow
def test_a_dry_run_previews_what_would_go_and_writes_nothing(aws, store):
    specs, due_numbers = mixed_reports(300)
    seed_reports(aws.dynamodb, aws.reports, PROV, specs)
    before_reports, before_audit = all_items(aws.dynamodb, aws.reports), all_items(aws.dynamodb, aws.audit)

    preview = run_gallring(
        store, PROV, TODAY, now=lambda: at(TODAY), time_left_ms=PLENTY_OF_TIME, dry_run=True
    )
    assert (
        all_items(aws.dynamodb, aws.reports) == before_reports
        and all_items(aws.dynamodb, aws.audit) == before_audit
    )
    assert preview.purged == len(due_numbers)
    purged = run_gallring(store, PROV, TODAY, now=lambda: at(TODAY), time_left_ms=PLENTY_OF_TIME)
    assert sorted(ref for refs in purged.by_rule.values() for ref in refs) == sorted(
        ref for refs in preview.by_rule.values() for ref in refs
    )
