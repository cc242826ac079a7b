"""Search by personnummer: a person's lookup entries a page at a time, newest first, and the little a
search shows of each report found (its phase and its persons' decisions), read together in one batch."""

import time
from dataclasses import dataclass
from datetime import datetime

from functions.stores.cursors import query_page
from functions.stores.person_keys import PersonKeys
from functions.stores.reports import item_of, plain, report_key

MAX_PAGE = 50
_BATCH_ATTEMPTS = 5


@dataclass(frozen=True)
class ReportAboutPerson:
    report_id: str
    reference_number: str
    received_at: datetime


class PersonSearchStore:
    def __init__(self, table_name: str, dynamodb_client, person_keys: PersonKeys) -> None:
        self._table = table_name
        self._dynamodb = dynamodb_client
        self._person_keys = person_keys

    def page(
        self, identity_number: str, page_size: int, cursor: str | None = None
    ) -> tuple[list[ReportAboutPerson], str | None]:
        """Reports naming the person, newest first, and the cursor of the next page (or None)."""
        partition = f"PERSON#{self._person_keys.of(identity_number)}"
        items, following = query_page(
            self._dynamodb,
            {
                "TableName": self._table,
                "KeyConditionExpression": "pk = :person AND begins_with(sk, :report)",
                "ExpressionAttributeValues": item_of({":person": partition, ":report": "REPORT#"}),
                "ScanIndexForward": False,
            },
            page_size,
            MAX_PAGE,
            cursor,
            {"pk", "sk"},
            # a position among this person's entries only
            lambda key: key["pk"] == partition and key["sk"].startswith("REPORT#"),
        )
        found = [
            ReportAboutPerson(
                item["reportId"], item["referenceNumber"], datetime.fromisoformat(item["receivedAt"])
            )
            for item in map(plain, items)
        ]
        return found, following

    def views(self, report_ids: list[str]) -> dict[str, dict]:
        """Each report's phase and persons (their decisions), by report id: one batch read per page."""
        views: dict[str, dict] = {}
        keys = [item_of(report_key(report_id)) for report_id in dict.fromkeys(report_ids)]
        request = {self._table: {"Keys": keys, "ProjectionExpression": "reportId, lifecycle.phase, persons"}}
        for attempt in range(_BATCH_ATTEMPTS):
            if not keys or not request:
                break
            time.sleep(0.05 * attempt)  # DynamoDB left some keys for later: back off a little
            answer = self._dynamodb.batch_get_item(RequestItems=request)
            for item in map(plain, answer.get("Responses", {}).get(self._table, [])):
                views[item["reportId"]] = item
            request = answer.get("UnprocessedKeys") or {}
        return views
