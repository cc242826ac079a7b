"""LOKAL ERSÄTTARE: an example of the municipality's case-system integration, started by `make run` so that
the whole hand-off chain can be watched on the report page. It is not Oro: it does what the integration of
Treserva, Lifecare or Viva would do, from outside.

1. It subscribes to the case-system bus with a rule into a queue of its own (in AWS, the integration's rule
   targets its own queue or an API destination).
2. For each "Oro hand-off ready" event it fetches the document through /api/case-system/ with the bearer token
   (an administrator gives it the token from the secret), checks it against the published schema, and
3. acknowledges it with a case id it makes up ("EXEMPEL-…"), deduplicating on the hand-off id as a case
   system must: an event delivered twice opens one case.
"""

import json
import logging
import threading
import uuid
from pathlib import Path

import jsonschema
import requests

from functions.shared import names

SCHEMA_FILE = names.REPOSITORY_ROOT / "docs" / "api" / "case-system-handoff-v1.schema.json"
log = logging.getLogger(__name__)


class ExampleCaseSystem:
    def __init__(self, stack, *, schema_file: Path = SCHEMA_FILE) -> None:
        self._stack = stack
        self._schema = json.loads(schema_file.read_text(encoding="utf-8"))
        self._cases: dict[str, str] = {}  # hand-off id → case id: what this example "case system" holds
        self.queue_url = self._subscribe()

    def _subscribe(self) -> str:
        sqs, events = self._stack.client("sqs"), self._stack.client("events")
        name = f"example-case-system-{uuid.uuid4().hex[:8]}"
        queue_url = sqs.create_queue(QueueName=name)["QueueUrl"]
        queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"][
            "QueueArn"
        ]
        bus = names.handoff_event_bus_name(self._stack.municipality_id)
        events.put_rule(
            Name=name,
            EventBusName=bus,
            EventPattern=json.dumps({"source": ["oro"], "detail-type": ["Oro hand-off ready"]}),
        )
        events.put_targets(Rule=name, EventBusName=bus, Targets=[{"Id": "queue", "Arn": queue_arn}])
        return queue_url

    def take_one_round(self, wait_seconds: int = 1) -> list[str]:
        """Handles what is in the queue now; answers the case ids given (for hand-offs new to this system)."""
        sqs = self._stack.client("sqs")
        received = sqs.receive_message(
            QueueUrl=self.queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=wait_seconds
        )
        opened = []
        for message in received.get("Messages", []):
            handoff_id = json.loads(message["Body"])["detail"]["handoffId"]
            case_id = self._handle(handoff_id)
            if case_id:
                opened.append(case_id)
            sqs.delete_message(QueueUrl=self.queue_url, ReceiptHandle=message["ReceiptHandle"])
        return opened

    def _handle(self, handoff_id: str) -> str | None:
        if handoff_id in self._cases:  # delivered again: the same case, nothing new
            return None
        headers = {"Authorization": f"Bearer {self._stack.case_system_token()}"}
        url = f"{self._stack.base_url}/api/case-system/handoffs/{handoff_id}"
        fetched = requests.get(url, headers=headers, timeout=30)
        if fetched.status_code != 200:
            log.warning("example case system: fetch of %s answered %s", handoff_id, fetched.status_code)
            return None
        jsonschema.validate(fetched.json(), self._schema)
        case_id = f"EXEMPEL-{len(self._cases) + 1:04d}"
        acknowledged = requests.post(
            f"{url}/acknowledgement", json={"caseId": case_id}, headers=headers, timeout=30
        )
        if acknowledged.status_code != 200:
            log.warning(
                "example case system: acknowledgement of %s answered %s", handoff_id, acknowledged.status_code
            )
            return None
        self._cases[handoff_id] = case_id
        return case_id

    def run(self, stopping: threading.Event) -> None:
        while not stopping.is_set():
            try:
                self.take_one_round()
            except Exception:  # an example: it logs and goes on, as an integration retries
                log.exception("example case system round failed")
                stopping.wait(5)
