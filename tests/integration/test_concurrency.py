"""40 reports from 10 parallel clients, each sent twice with the same submission id (a double click, a
retry after a lost answer): exactly 40 reports, 40 lifecycles, no server error. The copies are shuffled, so
that many run at the same time."""

import random
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests.integration.helpers import new_body

pytestmark = pytest.mark.scale

REPORTS = 40
CLIENTS = 10


def test_double_submissions_from_parallel_clients_make_exactly_one_report_each(local_stack):
    bodies = [new_body() for _ in range(REPORTS)]
    sends = [body for body in bodies for _ in range(2)]
    random.Random(7).shuffle(sends)  # copies of one report often run at the same time
    sessions = threading.local()

    def send(body: dict) -> tuple[str, int, str | None]:
        if not hasattr(sessions, "http"):
            sessions.http = requests.Session()
        response = sessions.http.post(f"{local_stack.base_url}/api/reports", json=body, timeout=60)
        reference = response.json().get("referenceNumber") if response.status_code < 300 else None
        return body["submissionId"], response.status_code, reference

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        results = list(pool.map(send, sends))

    statuses = Counter(status for _, status, _ in results)
    assert statuses == {201: REPORTS, 200: REPORTS}, statuses
    references: dict[str, set[str]] = {}
    for submission_id, _, reference in results:
        references.setdefault(submission_id, set()).add(reference)
    assert {k: v for k, v in references.items() if len(v) != 1} == {}  # both copies got the same receipt
    assert len({next(iter(refs)) for refs in references.values()}) == REPORTS

    table = local_stack.reports_table
    report_ids = set()
    for submission_id in references:
        item = table.get_item(Key={"pk": f"SUBMISSION#{submission_id}", "sk": "SUBMISSION"})["Item"]
        report_ids.add(item["reportId"])
        assert "Item" in table.get_item(Key={"pk": f"REPORT#{item['reportId']}", "sk": "REPORT"})
    assert len(report_ids) == REPORTS

    stepfunctions = local_stack.client("stepfunctions")
    names = Counter(
        execution["name"]
        for page in stepfunctions.get_paginator("list_executions").paginate(
            stateMachineArn=local_stack.state_machine_arn
        )
        for execution in page["executions"]
    )
    assert all(names[report_id] == 1 for report_id in report_ids)
    assert sum(names.values()) >= REPORTS
