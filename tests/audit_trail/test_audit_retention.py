"""The audit trail's own retention (the municipality file's `audit_retention_years`): gallring purges the
entries of the UTC days before the first kept day, keeps the newer ones and the purge log, and logs what it
purged; the locked copy expires after its lock."""

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from functions.domain.municipality import load_municipality
from functions.domain.retention import audit_kept_from
from functions.gallring.purge import AUDIT_TRAIL, run_gallring
from functions.shared import names
from functions.stores.audit import AuditEntry, AuditStore
from functions.stores.gallring import PURGE_LOG, GallringStore, PurgeLogEntry
from functions.stores.reports import plain
from local.resources import create_audit_table, create_reports_table
from tests.audit_trail.conftest import RETENTION

TODAY = date(2031, 6, 16)
PROV = load_municipality(names.municipality_config_file("prov"))
KEPT_FROM = date(2028, 6, 16)  # three years before TODAY
PLENTY_OF_TIME = lambda: 600_000  # noqa: E731 - a Lambda context's remaining milliseconds


@pytest.fixture
def store(local_stack):
    dynamodb = local_stack.client("dynamodb")
    prefix = f"auditpurge-{uuid.uuid4().hex[:8]}"
    reports, audit = f"{prefix}-reports", f"{prefix}-audit"
    create_reports_table(dynamodb, reports)
    create_audit_table(dynamodb, audit)
    yield GallringStore(reports, audit, dynamodb)
    for table in (reports, audit):
        dynamodb.delete_table(TableName=table)


def entry(at: datetime, action: str) -> AuditEntry:
    return AuditEntry(at=at, staff_id="demo-mottagning", roles=["mottagning"], action=action, report_id="r-1")


def audit_items(store: GallringStore) -> list[dict]:
    dynamodb, table = store._dynamodb, store._audit_table
    pages = dynamodb.get_paginator("scan").paginate(TableName=table, ConsistentRead=True)
    return [plain(item) for page in pages for item in page["Items"]]


def seed(store: GallringStore) -> None:
    audit = AuditStore(store._audit_table, store._dynamodb)
    audit.append_all(
        [
            entry(datetime(2028, 6, 14, 10, tzinfo=UTC), "old"),
            entry(datetime(2028, 6, 15, 23, 59, 59, 999000, tzinfo=UTC), "old_last_moment"),
            entry(datetime(2028, 6, 16, 0, 0, tzinfo=UTC), "kept_first_moment"),
            entry(datetime(2030, 1, 1, 9, tzinfo=UTC), "kept"),
        ]
    )
    # A purge-log entry as old as the oldest entry: the archive's record of what was destroyed stays.
    store.append_log(
        PurgeLogEntry(
            at=datetime(2028, 6, 14, 2, tzinfo=UTC),
            run_id="earlier-run",
            run_date=date(2028, 6, 14),
            rule="no_investigation",
            rule_text="…",
            reference_numbers=("ORO-2023-000001",),
        )
    )


def test_the_first_kept_day_is_the_retention_before_today():
    assert audit_kept_from(TODAY, PROV.retention) == KEPT_FROM
    assert PROV.retention.audit_retention_years == 3


def test_entries_past_the_retention_are_purged_newer_kept_and_the_purge_logged(store):
    seed(store)
    summary = run_gallring(
        store, PROV, TODAY, now=lambda: datetime(2031, 6, 16, 1, tzinfo=UTC), time_left_ms=PLENTY_OF_TIME
    )

    assert summary.complete and summary.audit_entries_purged == 2
    left = audit_items(store)
    assert {item["action"] for item in left if item["pk"] != PURGE_LOG} == {"kept_first_moment", "kept"}
    assert any(item["runId"] == "earlier-run" for item in left if item["pk"] == PURGE_LOG)
    logged = [item for item in left if item["pk"] == PURGE_LOG and item["rule"] == AUDIT_TRAIL]
    assert sum(int(item["count"]) for item in logged) == 2
    assert all(
        item["keptFrom"] == KEPT_FROM.isoformat() and item["referenceNumbers"] == [] for item in logged
    )
    assert all("3 år" in item["ruleText"] and "dokumenthanteringsplan" in item["ruleText"] for item in logged)
    # the purge-log entries are audit items of today's seal too
    assert all(item[names.AUDIT_DAY_ATTRIBUTE] == "2031-06-16" for item in logged)

    again = run_gallring(
        store, PROV, TODAY, now=lambda: datetime(2031, 6, 16, 2, tzinfo=UTC), time_left_ms=PLENTY_OF_TIME
    )
    assert again.audit_entries_purged == 0
    assert len([item for item in audit_items(store) if item.get("rule") == AUDIT_TRAIL]) == len(logged)


def test_a_day_later_the_next_day_goes(store):
    seed(store)
    run_gallring(
        store,
        PROV,
        TODAY + timedelta(days=1),
        now=lambda: datetime(2031, 6, 17, 1, tzinfo=UTC),
        time_left_ms=PLENTY_OF_TIME,
    )
    assert {item["action"] for item in audit_items(store) if item["pk"] != PURGE_LOG} == {"kept"}


def test_a_dry_run_purges_no_audit_entry(store):
    seed(store)
    summary = run_gallring(
        store,
        PROV,
        TODAY,
        now=lambda: datetime(2031, 6, 16, 1, tzinfo=UTC),
        time_left_ms=PLENTY_OF_TIME,
        dry_run=True,
    )
    assert summary.audit_entries_purged == 0
    assert len([item for item in audit_items(store) if item["pk"] != PURGE_LOG]) == 4


def test_the_locked_copy_expires_after_its_lock(trail):
    rules = trail.s3.get_bucket_lifecycle_configuration(Bucket=trail.bucket)["Rules"]
    [rule] = rules
    lock = trail.s3.get_object_lock_configuration(Bucket=trail.bucket)["ObjectLockConfiguration"]
    retention = lock["Rule"]["DefaultRetention"]
    assert (
        (retention["Mode"], retention["Days"])
        == ("COMPLIANCE", RETENTION.audit_lock_days)
        == ("COMPLIANCE", 3 * 366)
    )
    assert rule["Status"] == "Enabled"
    assert rule["Expiration"]["Days"] == RETENTION.audit_archive_expiry_days > retention["Days"]
    assert rule["NoncurrentVersionExpiration"]["NoncurrentDays"] == 1
