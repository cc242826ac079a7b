"""A missed legal limit reaches the operators' metric (and its alarm, tests/infra/test_monitoring.py) as soon as
the lifecycle sees it: a count by limit and municipality, nothing of the report."""

import json
from datetime import datetime

from functions.shared import names
from tests.integration.helpers import (
    NEGLECT_ONLY,
    STOCKHOLM,
    eventually,
    reference,
    starter_for,
    store_report_received_at,
)


def emitted_metrics(text: str) -> list[dict]:
    """The CloudWatch embedded-metric-format documents a function printed."""
    documents = []
    for line in text.splitlines():
        if line.startswith("{") and '"_aws"' in line:
            documents.append(json.loads(line))
    return documents


def test_a_report_whose_24_hours_passed_counts_one_missed_skyddsbedomning(local_stack, capsys, monkeypatch):
    monkeypatch.setenv("POWERTOOLS_METRICS_DISABLED", "false")
    received = datetime(2026, 11, 24, 10, 0, tzinfo=STOCKHOLM)  # long past: its 24 hours have run out
    report = store_report_received_at(local_stack, received, reference(), **NEGLECT_ONLY)
    assert starter_for(local_stack).start(report.report_id, report.reference_number, received).started

    def missed_limits() -> list[dict]:
        printed = capsys.readouterr().out
        missed_limits.seen += [m for m in emitted_metrics(printed) if names.LEGAL_LIMITS_MISSED_METRIC in m]
        return missed_limits.seen

    missed_limits.seen = []
    counted = eventually(missed_limits)
    document = counted[0]
    assert document[names.LEGAL_LIMITS_MISSED_METRIC] == [1.0]
    assert document["service"] == "lifecycle"
    assert document["limit"] == "protection_assessment"
    assert document["municipality"] == local_stack.municipality.id
    assert document["_aws"]["CloudWatchMetrics"][0]["Dimensions"] == [["service", "limit", "municipality"]]
    text = json.dumps(document)
    assert report.report_id not in text and report.reference_number not in text
