"""Gallring in the tables: the reports due for purging (a sparse index), their complete deletion, legal
holds, the research sample, and the purge log for the archive.

A report is stored as the items new_report_items writes (REPORT, SUBMISSION#, REFERENCE#, PERSON#,
REPORTER#); its
REPORT item names the others' keys, and the purge index projects them, so one index item read is enough to
delete every trace. The deletion is one transaction, conditional on the report still being due and not
held: a report is deleted completely or not at all, and a run can be repeated or resumed safely.

The purge log lives in the audit table (append-only: IAM denies update and delete) under PURGE_LOG:
date, rule, archive decision, count and reference numbers. No personal data.
"""

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime

from botocore.exceptions import ClientError

from functions.shared import names
from functions.stores.audit import AuditEntry, AuditStore, audit_day
from functions.stores.errors import UnknownReferenceNumber
from functions.stores.lifecycle import PURGE_QUEUE
from functions.stores.reports import (
    iso,
    item_of,
    person_lookup_key,
    plain,
    report_key,
    reporter_lookup_key,
)

PURGE_LOG = "PURGE_LOG"
_TRANSACTION_ITEMS = 100
SYSTEM_ACTOR = "gallring"


@dataclass(frozen=True)
class PurgeCandidate:
    report_id: str
    reference_number: str
    received_at: str
    purge_on: date
    rule: str
    submission_id: str | None
    person_keys: tuple[str, ...]
    birth_days: tuple[int, ...]
    reporter_key: str | None = None

    @staticmethod
    def of(item: dict) -> "PurgeCandidate":
        return PurgeCandidate(
            report_id=item["reportId"],
            reference_number=item["referenceNumber"],
            received_at=item["receivedAt"],
            purge_on=date.fromisoformat(item["purgeOn"]),
            rule=item.get("purgeRule", ""),
            submission_id=item.get("submissionId"),
            person_keys=tuple(item.get("personKeys") or ()),
            birth_days=tuple(int(day) for day in item.get("birthDays") or ()),
            reporter_key=item.get("reporterKey"),
        )


@dataclass(frozen=True)
class PurgeLogEntry:
    at: datetime
    run_id: str
    run_date: date
    rule: str
    rule_text: str
    reference_numbers: tuple[str, ...]
    dry_run: bool = False
    # The audit trail's purge names no reports: how many entries went, and the first day kept.
    entries_purged: int | None = None
    kept_from: date | None = None

    def item(self) -> dict:
        extra = {"keptFrom": self.kept_from.isoformat()} if self.kept_from else {}
        return {
            **extra,
            "pk": PURGE_LOG,
            "sk": f"{iso(self.at)}#{self.run_id}#{self.rule}#{uuid.uuid4().hex[:8]}",
            "at": iso(self.at),
            names.AUDIT_DAY_ATTRIBUTE: audit_day(self.at).isoformat(),
            "runId": self.run_id,
            "runDate": self.run_date.isoformat(),
            "rule": self.rule,
            "ruleText": self.rule_text,
            "count": len(self.reference_numbers) if self.entries_purged is None else self.entries_purged,
            "referenceNumbers": list(self.reference_numbers),
        }


class GallringStore:
    def __init__(self, reports_table: str, audit_table: str, dynamodb, attachments=None, handoffs=None) -> None:
        """`attachments`: the AttachmentStore whose files are purged with their report, where there is one;
        `handoffs`: the HandoffChannel whose documents not yet acknowledged by the case system go with it."""
        self._table = reports_table
        self._audit_table = audit_table
        self._dynamodb = dynamodb
        self._audit = AuditStore(audit_table, dynamodb)
        self._files = [store for store in (attachments, handoffs) if store is not None]

    def due(
        self, on: date, *, limit: int, start_key: dict | None = None
    ) -> tuple[list[PurgeCandidate], dict | None]:
        """Reports whose purge date is `on` or earlier, oldest first: a page of the sparse index."""
        arguments = {
            "TableName": self._table,
            "IndexName": names.PURGE_INDEX,
            "KeyConditionExpression": "purgeQueue = :queue AND purgeOn <= :on",
            "ExpressionAttributeValues": item_of({":queue": PURGE_QUEUE, ":on": on.isoformat()}),
            "Limit": limit,
        }
        if start_key:
            arguments["ExclusiveStartKey"] = start_key
        page = self._dynamodb.query(**arguments)
        candidates = [PurgeCandidate.of(plain(item)) for item in page.get("Items", [])]
        return candidates, page.get("LastEvaluatedKey")

    def purge(self, candidate: PurgeCandidate, on: date) -> bool:
        """Deletes every item of the report in one transaction; False when it is no longer due (held,
        already purged, or its date moved). The report's attached files go first, once the report is marked
        as being purged while still due: a file left behind would have no report to find it by, while a report left after its
        files (the transaction failing) stays due and is purged by the next run. So do its hand-off documents
        the case system has not acknowledged (an acknowledged one is already removed)."""
        if self._files:
            if not self._still_due(candidate.report_id, on):
                return False
            for files in self._files:
                files.delete_all_of(candidate.report_id)
        deletes = [
            {
                "Delete": {
                    "TableName": self._table,
                    "Key": item_of(report_key(candidate.report_id)),
                    "ConditionExpression": "purgeOn <= :on AND attribute_not_exists(legalHold)",
                    "ExpressionAttributeValues": item_of({":on": on.isoformat()}),
                }
            },
            self._delete({"pk": f"REFERENCE#{candidate.reference_number}", "sk": "REFERENCE"}),
            *(
                self._delete(person_lookup_key(key, candidate.received_at, candidate.report_id))
                for key in candidate.person_keys
            ),
        ]
        if candidate.reporter_key:
            deletes.append(
                self._delete(
                    reporter_lookup_key(candidate.reporter_key, candidate.received_at, candidate.report_id)
                )
            )
        if candidate.submission_id:
            deletes.append(self._delete({"pk": f"SUBMISSION#{candidate.submission_id}", "sk": "SUBMISSION"}))
        try:
            self._dynamodb.transact_write_items(TransactItems=deletes)
        except ClientError as error:
            reasons = [reason.get("Code") for reason in error.response.get("CancellationReasons", [])]
            if reasons and reasons[0] == "ConditionalCheckFailed":
                return False
            raise
        return True

    def _still_due(self, report_id: str, on: date) -> bool:
        """Marks the report as being purged, only while it is due and not held (no read of the report)."""
        try:
            self._dynamodb.update_item(
                TableName=self._table,
                Key=item_of(report_key(report_id)),
                UpdateExpression="SET purgeStartedOn = :on",
                ConditionExpression="purgeOn <= :on AND attribute_not_exists(legalHold)",
                ExpressionAttributeValues=item_of({":on": on.isoformat()}),
            )
        except ClientError as error:
            if error.response["Error"]["Code"] == "ConditionalCheckFailedException":
                return False
            raise
        return True

    def _delete(self, key: dict) -> dict:
        return {"Delete": {"TableName": self._table, "Key": item_of(key)}}

    def keep_for_research(self, candidate: PurgeCandidate, decision: str, at: datetime) -> None:
        """Out of the purge index for good: the research sample keeps it."""
        self._update_report(
            candidate.report_id,
            "SET retainedForResearch = :kept REMOVE purgeQueue",
            {":kept": {"decision": decision, "at": iso(at)}},
        )

    def place_hold(self, reference_number: str, reason: str, staff_id: str, at: datetime) -> tuple[str, dict]:
        """A legal hold: the report leaves the purge index until the hold is lifted. Answers the report id
        and the hold."""
        report_id = self._report_id(reference_number)
        hold = {"reason": reason, "placedBy": staff_id, "placedAt": iso(at)}
        self._update_report(report_id, "SET legalHold = :hold REMOVE purgeQueue", {":hold": hold})
        return report_id, hold

    def lift_hold(self, reference_number: str) -> str:
        """Back into the purge index if it has a purge date; a due report goes at the next run."""
        report_id = self._report_id(reference_number)
        self._update_report(report_id, "REMOVE legalHold", {})
        try:
            self._dynamodb.update_item(
                TableName=self._table,
                Key=item_of(report_key(report_id)),
                UpdateExpression="SET purgeQueue = :queue",
                ConditionExpression="attribute_exists(purgeOn) AND attribute_not_exists(retainedForResearch)",
                ExpressionAttributeValues=item_of({":queue": PURGE_QUEUE}),
            )
        except ClientError as error:
            if error.response["Error"]["Code"] != "ConditionalCheckFailedException":
                raise
        return report_id

    def held(self, reference_number: str) -> dict | None:
        item = self._dynamodb.get_item(
            TableName=self._table,
            Key=item_of(report_key(self._report_id(reference_number))),
            ProjectionExpression="legalHold",
        ).get("Item")
        return plain(item).get("legalHold") if item else None

    def _report_id(self, reference_number: str) -> str:
        found = self._dynamodb.get_item(
            TableName=self._table,
            Key=item_of({"pk": f"REFERENCE#{reference_number}", "sk": "REFERENCE"}),
            ConsistentRead=True,
        ).get("Item")
        if not found:
            raise UnknownReferenceNumber(reference_number)
        return plain(found)["reportId"]

    def _update_report(self, report_id: str, expression: str, values: dict) -> None:
        arguments = {
            "TableName": self._table,
            "Key": item_of(report_key(report_id)),
            "UpdateExpression": expression,
            "ConditionExpression": "attribute_exists(pk)",
        }
        if values:
            arguments["ExpressionAttributeValues"] = item_of(values)
        try:
            self._dynamodb.update_item(**arguments)
        except ClientError as error:
            if error.response["Error"]["Code"] == "ConditionalCheckFailedException":
                raise UnknownReferenceNumber(report_id) from error
            raise

    def append_log(self, entry: PurgeLogEntry) -> None:
        self._dynamodb.put_item(
            TableName=self._audit_table,
            Item=item_of(entry.item()),
            ConditionExpression="attribute_not_exists(pk)",
        )

    def record_purged(self, candidate: PurgeCandidate, at: datetime) -> None:
        """The report's audit timeline ends with its purge: who (the gallring), when, the reference number."""
        self._audit.append(
            AuditEntry(
                at=at,
                staff_id=SYSTEM_ACTOR,
                roles=[],
                action=f"purged_{candidate.rule}",
                report_id=candidate.report_id,
                reference_number=candidate.reference_number,
            )
        )

    def audit_keys_of_day(self, day: date) -> list[dict]:
        """The keys and times of a UTC day's audit entries (not the purge log's), through the by-day index."""
        keys: list[dict] = []
        for page in self._dynamodb.get_paginator("query").paginate(
            TableName=self._audit_table,
            IndexName=names.AUDIT_BY_DAY_INDEX,
            KeyConditionExpression="#day = :day",
            ProjectionExpression="pk, sk, #at",
            ExpressionAttributeNames={"#day": names.AUDIT_DAY_ATTRIBUTE, "#at": "at"},
            ExpressionAttributeValues=item_of({":day": day.isoformat()}),
        ):
            keys += [plain(item) for item in page.get("Items", []) if item["pk"]["S"] != PURGE_LOG]
        return keys

    def purge_audit_entries(self, keys: list[dict], kept_from: date) -> int:
        """Deletes audit entries, a transaction of 100 at a time, each only if it is from before `kept_from`
        (a wrong key cannot take a newer entry). The table's policy lets only the gallring's role delete."""
        cutoff = datetime(kept_from.year, kept_from.month, kept_from.day, tzinfo=UTC)
        for start in range(0, len(keys), _TRANSACTION_ITEMS):
            self._dynamodb.transact_write_items(
                TransactItems=[
                    {
                        "Delete": {
                            "TableName": self._audit_table,
                            "Key": item_of({"pk": key["pk"], "sk": key["sk"]}),
                            "ConditionExpression": "#at < :cutoff",
                            "ExpressionAttributeNames": {"#at": "at"},
                            "ExpressionAttributeValues": item_of({":cutoff": iso(cutoff)}),
                        }
                    }
                    for key in keys[start : start + _TRANSACTION_ITEMS]
                ]
            )
        return len(keys)

    def log(self, start: datetime, end: datetime) -> list[dict]:
        paginator = self._dynamodb.get_paginator("query")
        pages = paginator.paginate(
            TableName=self._audit_table,
            KeyConditionExpression="pk = :log AND sk BETWEEN :start AND :end",
            ExpressionAttributeValues=item_of(
                {":log": PURGE_LOG, ":start": iso(start), ":end": iso(end) + "~"}
            ),
        )
        entries = [plain(item) for page in pages for item in page.get("Items", [])]
        return [{key: value for key, value in entry.items() if key not in ("pk", "sk")} for entry in entries]
