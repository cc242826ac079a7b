"""The daily digest chain and its locked copy: sealing links each UTC day to the one before, an empty day
included; the check finds an entry rewritten or deleted in DynamoDB; the locked copy cannot be deleted or
replaced (moto enforces Object Lock on deleting a version and If-None-Match on writing)."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from botocore.exceptions import ClientError

from functions.audit_trail.check import Problem, check_days
from functions.audit_trail.seal import seal_days
from functions.domain.audit_digest import GENESIS, canonical_lines, day_digest
from functions.shared import names
from functions.stores.audit import AuditEntry, AuditStore, audit_day
from functions.stores.audit_archive import AuditArchive, entries_key, seal_key
from functions.stores.reports import item_of
from local.resources import LOCAL_ACCOUNT

TODAY = date(2031, 6, 20)
DAY_1, DAY_2, DAY_3 = date(2031, 6, 17), date(2031, 6, 18), date(2031, 6, 19)


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def entry(day: date, action: str = "read_report", hour: int = 10) -> AuditEntry:
    return AuditEntry(
        at=at(day, hour),
        staff_id="demo-mottagning",
        roles=["mottagning"],
        action=action,
        report_id="4f1c2d3e-0000-4000-8000-000000000001",
        reference_number="ORO-2031-000001",
        source_ip="192.0.2.1",
        user_agent="pytest",
    )


def seal_three_days(trail) -> None:
    """Entries on the 17th and the 19th, none on the 18th; sealed on the 18th, the 19th and the 20th."""
    trail.audit.append_all([entry(DAY_1), entry(DAY_1, "record_protection_assessment", 11)])
    trail.audit.append(entry(DAY_3))
    for today in (DAY_2, DAY_3, TODAY):
        seal_days(trail.audit, trail.archive, today)


def stored_items(trail, day: date) -> list[dict]:
    return trail.audit.items_of_day(day)


def test_each_day_is_sealed_chained_to_the_one_before_an_empty_day_too(trail):
    seal_three_days(trail)
    first, empty, third = (trail.archive.seal(day) for day in (DAY_1, DAY_2, DAY_3))
    assert (first.entries, empty.entries, third.entries) == (2, 0, 1)
    assert first.previous_day is None and first.previous_digest == GENESIS
    assert empty.previous_day == DAY_1 and empty.previous_digest == first.digest
    assert third.previous_day == DAY_2 and third.previous_digest == empty.digest
    assert empty.digest == day_digest(first.digest, DAY_2, [])
    # the locked copy holds the day's entries as DynamoDB stored them
    assert trail.archive.entries(DAY_1) == canonical_lines(stored_items(trail, DAY_1))
    assert check_days(trail.audit, trail.archive, TODAY) == []


def test_a_day_is_sealed_once_and_a_missed_run_is_made_up(trail):
    trail.audit.append(entry(DAY_1))
    seal_days(trail.audit, trail.archive, DAY_2)
    assert seal_days(trail.audit, trail.archive, DAY_2) == []  # the same night again: nothing new
    made_up = seal_days(trail.audit, trail.archive, TODAY)  # two nights missed
    assert [seal.day for seal in made_up] == [DAY_2, DAY_3]


def test_an_entry_rewritten_in_dynamodb_is_found(trail):
    seal_three_days(trail)
    [item, _] = stored_items(trail, DAY_1)
    # What an administrator who lifted the table's Deny could do: the same key, another staff member.
    trail.dynamodb.put_item(TableName=trail.table, Item={**item, "staffId": {"S": "someone-else"}})
    problems = {(finding.day, finding.problem) for finding in check_days(trail.audit, trail.archive, TODAY)}
    assert problems == {(DAY_1, Problem.ENTRIES_CHANGED)}


def test_an_entry_deleted_in_dynamodb_is_found(trail):
    seal_three_days(trail)
    [item] = stored_items(trail, DAY_3)
    trail.dynamodb.delete_item(TableName=trail.table, Key={"pk": item["pk"], "sk": item["sk"]})
    problems = {(finding.day, finding.problem) for finding in check_days(trail.audit, trail.archive, TODAY)}
    assert problems == {(DAY_3, Problem.ENTRIES_CHANGED)}


def test_an_entry_added_afterwards_to_a_sealed_day_is_found(trail):
    seal_three_days(trail)
    trail.audit.append(entry(DAY_2, "read_report", 23))
    problems = {(finding.day, finding.problem) for finding in check_days(trail.audit, trail.archive, TODAY)}
    assert problems == {(DAY_2, Problem.ENTRIES_CHANGED)}


def test_a_locked_object_cannot_be_deleted(trail):
    seal_three_days(trail)
    for key in (entries_key(DAY_1), seal_key(DAY_1)):
        [version] = trail.s3.list_object_versions(Bucket=trail.bucket, Prefix=key)["Versions"]
        with pytest.raises(ClientError) as refused:
            trail.s3.delete_object(Bucket=trail.bucket, Key=key, VersionId=version["VersionId"])
        assert refused.value.response["Error"]["Code"] == "AccessDenied"
        with pytest.raises(ClientError) as refused:  # compliance mode: no bypass, whoever asks
            trail.s3.delete_object(
                Bucket=trail.bucket, Key=key, VersionId=version["VersionId"], BypassGovernanceRetention=True
            )
        assert refused.value.response["Error"]["Code"] == "AccessDenied"
    assert check_days(trail.audit, trail.archive, TODAY) == []


def test_each_locked_object_is_in_compliance_mode_for_the_audit_retention(trail):
    """(moto does not refuse shortening a compliance lock with PutObjectRetention, and answers
    GetObjectRetention with a 500: the lock is read from HeadObject, and shortening is AWS's to refuse.)"""
    seal_three_days(trail)
    for key in (entries_key(DAY_1), seal_key(DAY_1)):
        locked = trail.s3.head_object(Bucket=trail.bucket, Key=key)
        assert locked["ObjectLockMode"] == "COMPLIANCE"
        assert locked["ObjectLockRetainUntilDate"] > datetime.now(UTC) + timedelta(days=3 * 365 - 2)


def test_a_sealed_day_cannot_be_overwritten_and_a_new_version_beside_it_is_found(trail):
    seal_three_days(trail)
    with pytest.raises(ClientError) as refused:  # how the seal writes: only where the key is new
        trail.s3.put_object(Bucket=trail.bucket, Key=seal_key(DAY_2), Body=b"{}", IfNoneMatch="*")
    assert refused.value.response["Error"]["Code"] == "PreconditionFailed"
    # A plain PUT is a new version on top: the locked one stays and can still be read, and the check says so.
    trail.s3.put_object(Bucket=trail.bucket, Key=entries_key(DAY_2), Body=b"")
    problems = {(finding.day, finding.problem) for finding in check_days(trail.audit, trail.archive, TODAY)}
    assert (DAY_2, Problem.OVERWRITTEN) in problems


def test_a_simple_delete_only_hides_the_locked_copy_and_is_found(trail):
    seal_three_days(trail)
    trail.s3.delete_object(Bucket=trail.bucket, Key=entries_key(DAY_3))  # a delete marker, not a deletion
    problems = {(finding.day, finding.problem) for finding in check_days(trail.audit, trail.archive, TODAY)}
    assert problems == {(DAY_3, Problem.LOCKED_COPY_DIFFERS), (DAY_3, Problem.OVERWRITTEN)}
    versions = trail.s3.list_object_versions(Bucket=trail.bucket, Prefix=entries_key(DAY_3))["Versions"]
    assert len(versions) == 1  # the locked version is still there


def test_a_day_left_unsealed_is_found(trail):
    trail.audit.append(entry(DAY_1))
    seal_days(trail.audit, trail.archive, DAY_2)
    problems = {(finding.day, finding.problem) for finding in check_days(trail.audit, trail.archive, TODAY)}
    assert problems == {(DAY_2, Problem.NOT_SEALED), (DAY_3, Problem.NOT_SEALED)}


def test_nothing_sealed_at_all_is_found(trail):
    assert [finding.problem for finding in check_days(trail.audit, trail.archive, TODAY)] == [
        Problem.NOT_SEALED
    ]


def test_the_digest_covers_every_attribute_and_the_order_does_not_matter():
    items = [
        item_of({"pk": "REPORT#b", "sk": "2031-06-17T10:00:00+00:00#2", "action": "read_report"}),
        item_of({"pk": "REPORT#a", "sk": "2031-06-17T10:00:00+00:00#1", "action": "read_report"}),
    ]
    lines = canonical_lines(items)
    assert lines == canonical_lines(list(reversed(items)))
    changed = [items[0], {**items[1], "action": {"S": "read_reports"}}]
    assert day_digest(GENESIS, DAY_1, canonical_lines(changed)) != day_digest(GENESIS, DAY_1, lines)
    assert day_digest(GENESIS, DAY_1, lines) != day_digest(GENESIS, DAY_2, lines)
    assert day_digest(GENESIS, DAY_1, lines) != day_digest("1" * 64, DAY_1, lines)


def test_the_local_stack_seals_and_checks_through_its_scheduled_functions(local_stack):
    yesterday = datetime.now(UTC).date() - timedelta(days=1)
    local_stack.invoke("audit_seal")
    archive = AuditArchive(
        names.audit_archive_bucket_name(local_stack.municipality_id, LOCAL_ACCOUNT), local_stack.client("s3")
    )
    assert archive.seal(yesterday) is not None
    assert local_stack.invoke("audit_check") == {"findings": []}


def test_a_day_is_a_utc_day_whatever_the_municipality_s_clock_says():
    swedish_half_past_midnight = datetime(2031, 6, 18, 0, 30, tzinfo=ZoneInfo("Europe/Stockholm"))
    assert audit_day(swedish_half_past_midnight) == date(2031, 6, 17)  # 22:30 UTC
    stored = AuditStore("t", None).put_request(entry(DAY_1, hour=23))["Item"]
    assert stored[names.AUDIT_DAY_ATTRIBUTE] == {"S": "2031-06-17"}
