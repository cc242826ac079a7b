"""What the DynamoDB read benchmarks share: moto's environment and a counter of the items DynamoDB reads.

`ScannedCount` is what DynamoDB reads (and charges for) before any filter; a GetItem reads its item.
"""

import os
import time

REGION = "eu-north-1"


def use_moto_environment() -> None:
    os.environ.update(
        {
            "AWS_DEFAULT_REGION": REGION,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "POWERTOOLS_TRACE_DISABLED": "true",
            "POWERTOOLS_LOG_LEVEL": "WARNING",
        }
    )


class ReadCounter:
    """Counts the items DynamoDB read for the calls made through one client, and the calls by operation."""

    def __init__(self, client) -> None:
        self.items_read = 0
        self.calls: dict[str, int] = {}
        self.seconds: dict[str, float] = {}
        self._started = 0.0
        client.meta.events.register("after-call.dynamodb.Query", self._query)
        client.meta.events.register("after-call.dynamodb.Scan", self._query)
        client.meta.events.register("after-call.dynamodb.GetItem", self._get)
        client.meta.events.register("after-call.dynamodb.BatchGetItem", self._batch_get)
        client.meta.events.register("before-call.dynamodb", self._start)
        client.meta.events.register("after-call.dynamodb", self._call)

    def _start(self, **_) -> None:
        self._started = time.perf_counter()

    def _call(self, event_name: str, **_) -> None:
        operation = event_name.rsplit(".", 1)[-1]
        self.calls[operation] = self.calls.get(operation, 0) + 1
        self.seconds[operation] = self.seconds.get(operation, 0.0) + time.perf_counter() - self._started

    def _query(self, parsed, **_) -> None:
        self.items_read += parsed.get("ScannedCount", 0)

    def _get(self, parsed, **_) -> None:
        self.items_read += 1 if "Item" in parsed else 0

    def _batch_get(self, parsed, **_) -> None:
        self.items_read += sum(len(items) for items in parsed.get("Responses", {}).values())

    def reset(self) -> None:
        self.items_read = 0
        self.calls.clear()
        self.seconds.clear()
