"""The audit trail: every staff read and write of a report, appended, never changed (in AWS the table's
policy denies updates and deletes). Entries hold who, role, when, action, report id, source IP and user
agent: no report content."""

import uuid
from datetime import UTC, date, datetime

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

from functions.shared import names
from functions.stores.cursors import query_page
from functions.stores.reports import iso, item_of, plain


class AuditEntry(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, frozen=True)

    at: datetime
    staff_id: str
    roles: list[str]
    action: str
    report_id: str | None = None
    reference_number: str | None = None
    source_ip: str = ""
    user_agent: str = ""
    # What a system entry did (a message sent: to whom, which kind, by which channels), or which person (by
    # number) a staff action was about; never content.
    detail: dict[str, str | int | list[str]] | None = None


_TRANSACTION_ITEMS = 100
# An export page: far below what a Lambda answer can carry, enough that a year of one person's work is a
# few dozen requests.
MAX_EXPORT_PAGE = 500


def audit_day(at: datetime) -> date:
    """The UTC day an entry belongs to for the daily seal (its `at` is stored in UTC)."""
    return at.astimezone(UTC).date()


def _subject(report_id: str | None) -> str:
    return f"REPORT#{report_id}" if report_id else "STAFF"


class AuditStore:
    def __init__(self, table_name: str, dynamodb_client) -> None:
        self._table = table_name
        self._dynamodb = dynamodb_client

    def put_request(self, entry: AuditEntry) -> dict:
        """The entry as a conditional Put: an existing entry is never replaced. For a transaction with the
        write it records."""
        item = {
            "pk": _subject(entry.report_id),
            "sk": f"{iso(entry.at)}#{uuid.uuid4()}",
            **entry.model_dump(mode="json", by_alias=True, exclude_none=True),
            "at": iso(entry.at),
            names.AUDIT_DAY_ATTRIBUTE: audit_day(entry.at).isoformat(),
        }
        return {
            "TableName": self._table,
            "Item": item_of(item),
            "ConditionExpression": "attribute_not_exists(pk)",
        }

    def append(self, entry: AuditEntry) -> None:
        self._dynamodb.put_item(**self.put_request(entry))

    def append_all(self, entries: list[AuditEntry]) -> None:
        """Many entries, as conditional Puts a transaction (DynamoDB's 100 items) at a time: the same
        append-only guarantee as one by one, in a call per hundred."""
        requests = [{"Put": self.put_request(entry)} for entry in entries]
        for start in range(0, len(requests), _TRANSACTION_ITEMS):
            self._dynamodb.transact_write_items(TransactItems=requests[start : start + _TRANSACTION_ITEMS])

    def _query(self, **arguments) -> list[AuditEntry]:
        entries: list[AuditEntry] = []
        start: dict = {}
        while True:
            page = self._dynamodb.query(TableName=self._table, **arguments, **start)
            entries += [AuditEntry.model_validate(plain(item)) for item in page.get("Items", [])]
            if "LastEvaluatedKey" not in page:
                return entries
            start = {"ExclusiveStartKey": page["LastEvaluatedKey"]}

    def timeline(self, report_id: str) -> list[AuditEntry]:
        return self._query(
            KeyConditionExpression="pk = :subject",
            ExpressionAttributeValues=item_of({":subject": _subject(report_id)}),
        )

    def _by_staff(self, staff_id: str, start: datetime, end: datetime) -> dict:
        return {
            "IndexName": names.AUDIT_BY_STAFF_INDEX,
            "KeyConditionExpression": "staffId = :staff AND #at BETWEEN :start AND :end",
            "ExpressionAttributeNames": {"#at": "at"},
            "ExpressionAttributeValues": item_of(
                {":staff": staff_id, ":start": iso(start), ":end": iso(end)}
            ),
        }

    def _page(
        self, query: dict, page_size: int, cursor: str | None, cursor_attributes: set[str], cursor_valid
    ) -> tuple[list[AuditEntry], str | None]:
        items, following = query_page(
            self._dynamodb,
            {"TableName": self._table, **query},
            page_size,
            MAX_EXPORT_PAGE,
            cursor,
            cursor_attributes,
            cursor_valid,
        )
        return [AuditEntry.model_validate(plain(item)) for item in items], following

    def page_by_staff(
        self, staff_id: str, start: datetime, end: datetime, page_size: int, cursor: str | None = None
    ) -> tuple[list[AuditEntry], str | None]:
        """One staff member's entries over a period, oldest first, a page at a time through the staff index:
        any size of trail costs what each page shows."""
        return self._page(
            self._by_staff(staff_id, start, end),
            page_size,
            cursor,
            {"pk", "sk", "staffId", "at"},
            lambda key: key["staffId"] == staff_id,
        )

    def page_by_report(
        self, report_id: str, start: datetime, end: datetime, page_size: int, cursor: str | None = None
    ) -> tuple[list[AuditEntry], str | None]:
        """A report's entries over a period, oldest first, a page at a time: its partition, sorted by time."""
        subject = _subject(report_id)
        query = {
            "KeyConditionExpression": "pk = :subject AND sk BETWEEN :start AND :end",
            # every entry of the period's last millisecond too: its sort key is that time, '#' and an id
            "ExpressionAttributeValues": item_of(
                {":subject": subject, ":start": iso(start), ":end": iso(end) + "~"}
            ),
        }
        return self._page(query, page_size, cursor, {"pk", "sk"}, lambda key: key["pk"] == subject)

    def items_of_day(self, day: date) -> list[dict]:
        """Every item of a UTC day (entries and purge-log entries) as DynamoDB stores it, attribute types
        and all, through the by-day index: what the daily seal digests and copies."""
        items: list[dict] = []
        paginator = self._dynamodb.get_paginator("query")
        for page in paginator.paginate(
            TableName=self._table,
            IndexName=names.AUDIT_BY_DAY_INDEX,
            KeyConditionExpression="#day = :day",
            ExpressionAttributeNames={"#day": names.AUDIT_DAY_ATTRIBUTE},
            ExpressionAttributeValues=item_of({":day": day.isoformat()}),
        ):
            items += page.get("Items", [])
        return items
