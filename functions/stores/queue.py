"""The staff queue's reads: open reports a page at a time through sparse indexes (never a scan)."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from functions.domain.report import Channel
from functions.domain.routing import Route
from functions.shared import names
from functions.stores.cursors import query_page
from functions.stores.errors import OneFilterAtATime, UnknownFilter
from functions.stores.feedback import FEEDBACK_DUE
from functions.stores.lifecycle import AWAITING_REVIEW
from functions.stores.reports import OPEN_QUEUE, item_of, plain

MAX_PAGE = 100
FILTERS = ("status", "channel", "route")


class QueueFilter(BaseModel):
    """At most one filter: status (a phase, or `review` for proposals awaiting a second person), channel
    or route. Each has its own sparse index (names.QUEUE_INDEXES)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # `review`: proposals awaiting a second person; `feedback`: återkoppling prepared, not yet sent or
    # withheld (open or closed reports, oldest first).
    status: Literal["protection_assessment", "decision", "investigation", "review", "feedback"] | None = None
    channel: Channel | None = None
    route: Route | None = None

    @classmethod
    def of(cls, parameters: dict[str, str]) -> "QueueFilter":
        """The filter a request's query parameters ask for; empty values count as not given."""
        given = {key: parameters[key] for key in FILTERS if parameters.get(key)}
        if len(given) > 1:
            raise OneFilterAtATime()
        try:
            return cls.model_validate(given)
        except ValidationError as error:
            raise UnknownFilter() from error

    def index(self) -> tuple[str, str, str]:
        """(index, partition attribute, value) to query."""
        if self.status == "feedback":
            return (names.FEEDBACK_DUE_INDEX, names.FEEDBACK_DUE_ATTRIBUTE, FEEDBACK_DUE)
        if self.status == "review":
            return (*names.QUEUE_FILTER_INDEXES["review"], AWAITING_REVIEW)
        if self.status:
            return (*names.QUEUE_FILTER_INDEXES["status"], self.status)
        if self.channel:
            return (*names.QUEUE_FILTER_INDEXES["channel"], self.channel.value)
        if self.route:
            return (*names.QUEUE_FILTER_INDEXES["route"], self.route.value)
        return (*names.QUEUE_INDEXES[""], OPEN_QUEUE)


class QueueStore:
    def __init__(self, table_name: str, dynamodb_client) -> None:
        self._table = table_name
        self._dynamodb = dynamodb_client

    def page(
        self, only: QueueFilter, page_size: int, cursor: str | None = None
    ) -> tuple[list[dict], str | None]:
        """One page of open reports, nearest deadline first, and the cursor of the next page (or None). A
        filter reads its own sparse index, so a filtered page costs what it shows."""
        index, partition, value = only.index()
        order = "receivedAt" if index == names.FEEDBACK_DUE_INDEX else "nextDeadlineAt"
        items, following = query_page(
            self._dynamodb,
            {
                "TableName": self._table,
                "IndexName": index,
                "KeyConditionExpression": "#partition = :value",
                "ExpressionAttributeNames": {"#partition": partition},
                "ExpressionAttributeValues": item_of({":value": value}),
            },
            page_size,
            MAX_PAGE,
            cursor,
            {"pk", "sk", partition, order},
            # a position in this queue only: one of its reports, under the same filter
            lambda key: key["pk"].startswith("REPORT#") and key["sk"] == "REPORT" and key[partition] == value,
        )
        return [plain(item) for item in items], following

    def feedback_due_count(self) -> int:
        """How many reports have återkoppling to send: a count over the sparse index (its keys only)."""
        count = 0
        start: dict = {}
        while True:
            page = self._dynamodb.query(
                TableName=self._table,
                IndexName=names.FEEDBACK_DUE_INDEX,
                KeyConditionExpression="#due = :due",
                ExpressionAttributeNames={"#due": names.FEEDBACK_DUE_ATTRIBUTE},
                ExpressionAttributeValues=item_of({":due": FEEDBACK_DUE}),
                Select="COUNT",
                **start,
            )
            count += page["Count"]
            if "LastEvaluatedKey" not in page:
                return count
            start = {"ExclusiveStartKey": page["LastEvaluatedKey"]}
