"""The audit table is append-only in the code too: an entry is written only where its key is new, so an
entry with the key of an existing one is refused and the existing one stays as it was. In AWS the table's
resource policy also denies every update and delete; moto does not apply resource policies, so these tests
show the code's own guard. Tables of their own on the local stack's embedded AWS (tests/gallring explains
why not moto's decorator mode)."""

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from botocore.exceptions import ClientError

from functions.stores.audit import AuditEntry, AuditStore
from functions.stores.gallring import PURGE_LOG, GallringStore, PurgeCandidate, PurgeLogEntry
from functions.stores.reports import plain
from local.resources import create_audit_table, create_reports_table

AT = datetime(2031, 6, 16, 2, 0, tzinfo=UTC)
SAME_ID = uuid.UUID("00000000-0000-4000-8000-000000000001")


@dataclass(frozen=True)
class Tables:
    dynamodb: object
    reports: str
    audit: str


@pytest.fixture
def tables(local_stack):
    dynamodb = local_stack.client("dynamodb")
    prefix = f"audit-{uuid.uuid4().hex[:8]}"
    created = Tables(dynamodb, f"{prefix}-reports", f"{prefix}-audit")
    create_reports_table(dynamodb, created.reports)
    create_audit_table(dynamodb, created.audit)
    yield created
    for table in (created.reports, created.audit):
        dynamodb.delete_table(TableName=table)


@pytest.fixture
def same_key_every_time(monkeypatch):
    """Every entry id the stores draw is the same, so a second entry at the same time has the first's key."""
    monkeypatch.setattr("functions.stores.audit.uuid.uuid4", lambda: SAME_ID)
    monkeypatch.setattr("functions.stores.gallring.uuid.uuid4", lambda: SAME_ID)


def audit_items(tables: Tables) -> list[dict]:
    pages = tables.dynamodb.get_paginator("scan").paginate(TableName=tables.audit, ConsistentRead=True)
    return [plain(item) for page in pages for item in page["Items"]]


def refused(error: pytest.ExceptionInfo) -> bool:
    return error.value.response["Error"]["Code"] == "ConditionalCheckFailedException"


def entry(action: str, staff_id: str = "demo-mottagning") -> AuditEntry:
    return AuditEntry(
        at=AT,
        staff_id=staff_id,
        roles=["mottagning"],
        action=action,
        report_id="r-1",
        reference_number="2031-AAA-111",
        source_ip="192.0.2.1",
        user_agent="test",
    )


def test_an_audit_entry_with_an_existing_key_is_refused_and_the_entry_stays(tables, same_key_every_time):
    # Given an entry in a report's timeline
    store = AuditStore(tables.audit, tables.dynamodb)
    original = entry("read_report")
    store.append(original)
    (before,) = audit_items(tables)

    # When another entry with the same key is appended
    with pytest.raises(ClientError) as error:
        store.append(entry("record_decision", staff_id="someone-else"))

    # Then it is refused and the first entry is unchanged
    assert refused(error)
    assert audit_items(tables) == [before]
    assert store.timeline("r-1") == [original]


def test_a_purge_record_in_a_timeline_cannot_replace_an_entry(tables, same_key_every_time):
    # The gallring's own timeline entry goes through the same append.
    store = GallringStore(tables.reports, tables.audit, tables.dynamodb)
    candidate = PurgeCandidate(
        "r-1", "2031-AAA-111", "2026-06-16T10:00:00.000Z", date(2031, 6, 16), "no_investigation", None, (), ()
    )
    store.record_purged(candidate, AT)
    (before,) = audit_items(tables)

    with pytest.raises(ClientError) as error:
        store.record_purged(
            PurgeCandidate(
                "r-1", "2031-AAA-111", "2026-06-16T10:00:00.000Z", date(2031, 6, 16), "other", None, (), ()
            ),
            AT,
        )

    assert refused(error)
    assert audit_items(tables) == [before]


def test_a_purge_log_entry_with_an_existing_key_is_refused_and_the_entry_stays(tables, same_key_every_time):
    # Given a page of the purge log
    store = GallringStore(tables.reports, tables.audit, tables.dynamodb)
    logged = PurgeLogEntry(
        at=AT,
        run_id="run-1",
        run_date=date(2031, 6, 16),
        rule="no_investigation",
        rule_text="Gallras fem år efter beslut att inte inleda utredning",
        reference_numbers=("2031-AAA-111", "2031-AAA-222"),
    )
    store.append_log(logged)
    (before,) = audit_items(tables)
    assert before["pk"] == PURGE_LOG

    # When an entry with the same key but other reference numbers is written
    with pytest.raises(ClientError) as error:
        store.append_log(PurgeLogEntry(**{**logged.__dict__, "reference_numbers": ("2031-ZZZ-999",)}))

    # Then it is refused and the log still says what was purged
    assert refused(error)
    assert audit_items(tables) == [before]
    (kept,) = store.log(AT, AT)
    assert kept["referenceNumbers"] == ["2031-AAA-111", "2031-AAA-222"]
    assert kept["count"] == 2
