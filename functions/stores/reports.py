"""The reports table: one DynamoDB table per municipality, single-table design.

Items (pk / sk):
- REPORT#<reportId> / REPORT: the report; `lifecyclePending` (sparse index) until the state machine
  marks its lifecycle started.
- SUBMISSION#<submissionId> / SUBMISSION: the client's submission id, for safe retries.
- REFERENCE#<referenceNumber> / REFERENCE: makes reference numbers unique and findable.
- PERSON#<personKey> / REPORT#<receivedAt>#<reportId>: a person named in the report by personnummer, where
  the municipality allows search by personnummer (the key: stores/person_keys.py, an HMAC under the
  municipality's secret), newest last; holds only ids and the arrival time.
- REPORTER#<reporterKey> / REPORT#<receivedAt>#<reportId>: a report sent by a signed-in reporter, so that
  "Mina anmälningar" lists theirs (the key: an HMAC of who they are, functions/reporter/); ids and time only.

The REPORT item names the submission id and person keys, so gallring deletes every item of a report.
A new report is one transaction of those three items: either all exist or none, so a report can never be
half-written and a submission id can never make a second report.
"""

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.exceptions import ClientError

from functions.domain.persons import violence_against
from functions.domain.report import ReceivedReport
from functions.domain.reporter_identity import VerifiedIdentity
from functions.shared import names
from functions.stores.errors import UnknownReferenceNumber
from functions.stores.person_keys import PersonKeys

LIFECYCLE_PENDING = "PENDING"
OPEN_QUEUE = "OPEN"
SUBMISSION_RECORD_DAYS = 30

_serializer = TypeSerializer()
_deserializer = TypeDeserializer()


class SubmissionAlreadyStored(Exception):
    """The submission id is taken: by this same report (a retry) or by another one."""


class ReferenceNumberTaken(Exception):
    """The reference number is already in use: draw another."""


class StoreBusy(Exception):
    """A concurrent write to the same items: safe to retry."""


@dataclass(frozen=True)
class StoredSubmission:
    submission_id: str
    report_id: str
    reference_number: str
    received_at: datetime
    content_fingerprint: str


@dataclass(frozen=True)
class SignedInReporter:
    """Who sent a report, verified at sign-in, and the lookup key their own reports are listed under."""

    identity: VerifiedIdentity
    lookup_key: str


@dataclass(frozen=True)
class PendingLifecycle:
    report_id: str
    reference_number: str
    received_at: datetime


def iso(instant: datetime) -> str:
    """UTC, millisecond precision, 'Z': sortable as text and what Step Functions' timestamp waits expect."""
    return instant.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def item_of(attributes: dict) -> dict:
    return {key: _serializer.serialize(value) for key, value in attributes.items() if value is not None}


def plain(item: dict) -> dict:
    return {key: _deserializer.deserialize(value) for key, value in item.items()}


def person_lookup_key(key: str, received_at: str, report_id: str) -> dict:
    """A person lookup entry's key: by arrival time within the person's partition, so a search pages
    newest first."""
    return {"pk": f"PERSON#{key}", "sk": f"REPORT#{received_at}#{report_id}"}


def reporter_lookup_key(key: str, received_at: str, report_id: str) -> dict:
    """A signed-in reporter's entry for one of their reports: newest last in their partition."""
    return {"pk": f"REPORTER#{key}", "sk": f"REPORT#{received_at}#{report_id}"}


def report_key(report_id: str) -> dict:
    return {"pk": f"REPORT#{report_id}", "sk": "REPORT"}


def update_report(
    dynamodb,
    table: str,
    report_id: str,
    expression: str,
    values: dict,
    condition: str,
    names: dict | None = None,
    audit: dict | list[dict] | None = None,
) -> bool:
    """An update of the REPORT item; False when `condition` did not hold. With `audit` (an audit-trail
    Put, AuditStore.put_request) both are written in one transaction: a staff action never stands
    without its audit entry, nor an audit entry for an action that did not happen."""
    update = {
        "TableName": table,
        "Key": item_of(report_key(report_id)),
        "UpdateExpression": expression,
        "ConditionExpression": condition,
        "ExpressionAttributeValues": item_of(values),
        **({"ExpressionAttributeNames": names} if names else {}),
    }
    try:
        if audit is None:
            dynamodb.update_item(**update)
        else:
            audits = audit if isinstance(audit, list) else [audit]
            dynamodb.transact_write_items(
                TransactItems=[{"Update": update}, *({"Put": entry} for entry in audits)]
            )
        return True
    except ClientError as error:
        code = error.response["Error"]["Code"]
        if code == "ConditionalCheckFailedException":
            return False
        reasons = error.response.get("CancellationReasons") or [{}]
        if code == "TransactionCanceledException" and reasons[0].get("Code") == "ConditionalCheckFailed":
            return False
        raise


def reports_due(dynamodb, table: str, index: str, queue: str, check: str, now: datetime, limit: int) -> list[str]:
    """The ids of reports in a sparse scheduled-check index (partition attribute `queue` = "OPEN", sort key
    `check`) due by `now`, earliest first: the hand-off dispatcher's and the follow-up check's."""
    found: list[str] = []
    start: dict = {}
    while len(found) < limit:  # every page: reports that keep failing at the front never hide the rest
        page = dynamodb.query(
            TableName=table,
            IndexName=index,
            KeyConditionExpression=f"{queue} = :open AND {check} <= :now",
            ExpressionAttributeValues=item_of({":open": "OPEN", ":now": iso(now)}),
            Limit=limit - len(found),
            **start,
        )
        found += [plain(item)["reportId"] for item in page.get("Items", [])]
        if "LastEvaluatedKey" not in page:
            break
        start = {"ExclusiveStartKey": page["LastEvaluatedKey"]}
    return found


def new_report_items(
    report: ReceivedReport, *, person_keys: PersonKeys | None, reporter: SignedInReporter | None = None
) -> list[dict]:
    """The items a new report is stored as: report, submission, reference, then a lookup entry per person
    named by personnummer when `person_keys` is given (the municipality searches by personnummer), and the
    reporter's own entry when they signed in."""
    received = iso(report.received_at)
    report_item = {
        **report_key(report.report_id),
        "reportId": report.report_id,
        "referenceNumber": report.reference_number,
        "receivedAt": received,
        **({"registeredAt": iso(report.registered_at)} if report.registered_at else {}),
        "channel": report.channel.value,
        "status": "mottagen",
        "lifecyclePending": LIFECYCLE_PENDING,
        # The staff queue (sparse index): open, ordered by the nearest deadline, the 24 hours at first.
        "queue": OPEN_QUEUE,
        "nextDeadlineAt": iso(report.received_at + timedelta(hours=24)),
        "queuePhase": "protection_assessment",
        "queueChannel": report.channel.value,
        # The flags routing needs, beside the content, so the lifecycle never has to read the content.
        "acuteDanger": report.content.concern.acute_danger,
        "violenceAgainstChild": report.content.involves_violence_against_child,
        # Each person's own clocks and decisions, by number (1, 2, …): the kind and rule, never a name.
        "persons": {
            str(number): {
                "kind": person.kind.value,
                "rule": rule,
                "violence": violence_against(rule, report.content),
                "deadlines": {},  # the lifecycle's plan fills them; staff actions update them at once
            }
            for number, (person, rule) in enumerate(
                zip(report.content.persons, report.person_rules, strict=True), start=1
            )
        },
        "content": report.content.model_dump_json(by_alias=True, exclude_none=True),
        # Files the reporter attaches after the receipt (stores/attachments.py), by attachment id.
        "attachments": {},
    }
    submission_item = {
        "pk": f"SUBMISSION#{report.content.submission_id}",
        "sk": "SUBMISSION",
        "reportId": report.report_id,
        "referenceNumber": report.reference_number,
        "receivedAt": received,
        "contentFingerprint": report.content_fingerprint,
        "expiresAt": int((report.received_at + timedelta(days=SUBMISSION_RECORD_DAYS)).timestamp()),
    }
    reference_item = {
        "pk": f"REFERENCE#{report.reference_number}",
        "sk": "REFERENCE",
        "reportId": report.report_id,
    }
    lookup_keys = (
        [person_keys.of(number) for number in report.content.searchable_identity_numbers]
        if person_keys
        else []
    )
    person_items = [
        {
            **person_lookup_key(key, received, report.report_id),
            "reportId": report.report_id,
            "referenceNumber": report.reference_number,
            "receivedAt": received,
        }
        for key in lookup_keys
    ]
    reporter_items = []
    if reporter is not None:
        report_item["reporterIdentity"] = reporter.identity.model_dump(
            mode="json", by_alias=True, exclude_none=True
        )
        reporter_items.append(
            {
                **reporter_lookup_key(reporter.lookup_key, received, report.report_id),
                "reportId": report.report_id,
                "referenceNumber": report.reference_number,
                "receivedAt": received,
            }
        )
    # What gallring needs to find every item of the report without reading its content.
    report_item.update(
        submissionId=str(report.content.submission_id),
        personKeys=lookup_keys,
        birthDays=report.content.birth_days,
        reporterKey=reporter.lookup_key if reporter else None,
    )
    return [report_item, submission_item, reference_item, *person_items, *reporter_items]


class ReportsStore:
    def __init__(self, table_name: str, dynamodb_client, person_keys: PersonKeys | None = None) -> None:
        """`person_keys`: what a writer of searchable reports (intake, the staff API) makes lookup keys with."""
        self._table = table_name
        self._dynamodb = dynamodb_client
        self._person_keys = person_keys

    def add_new_report(
        self,
        report: ReceivedReport,
        *,
        searchable_by_personnummer: bool = False,
        reporter: SignedInReporter | None = None,
    ) -> None:
        """Stores the report, its submission id, its reference number and, where search by personnummer
        is on, its children's lookup entries, and a signed-in reporter's entry, atomically."""
        if searchable_by_personnummer and self._person_keys is None:
            raise ValueError("search by personnummer is on, but this store makes no lookup keys")
        report_item, submission_item, reference_item, *lookup_items = new_report_items(
            report, person_keys=self._person_keys if searchable_by_personnummer else None, reporter=reporter
        )
        absent = "attribute_not_exists(pk)"
        try:
            self._dynamodb.transact_write_items(
                TransactItems=[
                    {
                        "Put": {
                            "TableName": self._table,
                            "Item": item_of(report_item),
                            "ConditionExpression": absent,
                        }
                    },
                    {
                        "Put": {
                            "TableName": self._table,
                            "Item": item_of(submission_item),
                            "ConditionExpression": absent,
                        }
                    },
                    {
                        "Put": {
                            "TableName": self._table,
                            "Item": item_of(reference_item),
                            "ConditionExpression": absent,
                        }
                    },
                    *({"Put": {"TableName": self._table, "Item": item_of(item)}} for item in lookup_items),
                ]
            )
        except ClientError as error:
            if error.response["Error"]["Code"] != "TransactionCanceledException":
                raise
            reasons = [reason.get("Code", "None") for reason in error.response.get("CancellationReasons", [])]
            if len(reasons) > 1 and reasons[1] == "ConditionalCheckFailed":
                raise SubmissionAlreadyStored(str(report.content.submission_id)) from error
            if len(reasons) > 2 and reasons[2] == "ConditionalCheckFailed":
                raise ReferenceNumberTaken(report.reference_number) from error
            if "TransactionConflict" in reasons or not reasons:
                raise StoreBusy() from error
            raise

    def find_submission(self, submission_id: str) -> StoredSubmission | None:
        response = self._dynamodb.get_item(
            TableName=self._table,
            Key=item_of({"pk": f"SUBMISSION#{submission_id}", "sk": "SUBMISSION"}),
            ConsistentRead=True,
        )
        if "Item" not in response:
            return None
        item = plain(response["Item"])
        return StoredSubmission(
            submission_id=submission_id,
            report_id=item["reportId"],
            reference_number=item["referenceNumber"],
            received_at=datetime.fromisoformat(item["receivedAt"]),
            content_fingerprint=item["contentFingerprint"],
        )

    def report_id_of(self, reference_number: str) -> str:
        """The report a reference number names (UnknownReferenceNumber if none does, or no longer)."""
        found = self._dynamodb.get_item(
            TableName=self._table,
            Key=item_of({"pk": f"REFERENCE#{reference_number}", "sk": "REFERENCE"}),
        ).get("Item")
        if not found:
            raise UnknownReferenceNumber(reference_number)
        return plain(found)["reportId"]

    def find_report_item(self, report_id: str) -> dict | None:
        response = self._dynamodb.get_item(
            TableName=self._table, Key=item_of(report_key(report_id)), ConsistentRead=True
        )
        return plain(response["Item"]) if "Item" in response else None

    def reports_of_reporter(self, lookup_key: str, most: int = 50) -> list[dict]:
        """A signed-in reporter's entries (report id, reference number, arrival), newest first."""
        found = self._dynamodb.query(
            TableName=self._table,
            KeyConditionExpression="pk = :pk",
            ExpressionAttributeValues=item_of({":pk": f"REPORTER#{lookup_key}"}),
            ScanIndexForward=False,
            Limit=most,
        )
        return [plain(item) for item in found.get("Items", [])]

    def pending_lifecycles(self, received_before: datetime, limit: int = 100) -> list[PendingLifecycle]:
        """Reports whose lifecycle the state machine has not confirmed started, oldest first (sparse index)."""
        response = self._dynamodb.query(
            TableName=self._table,
            IndexName=names.LIFECYCLE_PENDING_INDEX,
            KeyConditionExpression="lifecyclePending = :pending AND receivedAt < :before",
            ExpressionAttributeValues=item_of(
                {":pending": LIFECYCLE_PENDING, ":before": iso(received_before)}
            ),
            Limit=limit,
        )
        return [
            PendingLifecycle(
                report_id=item["reportId"],
                reference_number=item["referenceNumber"],
                received_at=datetime.fromisoformat(item["receivedAt"]),
            )
            for item in map(plain, response.get("Items", []))
        ]


def lifecycle_input(report_id: str, reference_number: str, received_at: datetime) -> str:
    """The state machine's whole input: ids and a timestamp, never personal data. Deterministic JSON, so a
    repeated start of the same report is recognised as the same execution."""
    return json.dumps(
        {"reportId": report_id, "referenceNumber": reference_number, "receivedAt": iso(received_at)},
        sort_keys=True,
        separators=(",", ":"),
    )
