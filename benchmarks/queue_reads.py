"""Items DynamoDB reads to serve one page of the staff queue, with 10,000 and 100,000 stored reports.

Run by benchmarks/run.py in its own process (the tables are large): prints a JSON line of figures last.

The table is seeded with the items intake writes (stores/reports.new_report_items), as the lifecycle
leaves them: most reports closed (out of the queue), the rest open with spread deadlines, phases, channels
and routes, some with a proposal awaiting review. The queue is read through the staff API's own code
(use_cases.reading.view_queue), and every DynamoDB response it gets is counted: `ScannedCount` is what DynamoDB read (and
charges for) before any filter, so items read per page item near 1 means the page cost what it shows.
"""

import json
import os
import secrets
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks.dynamodb_reads import REGION, ReadCounter, use_moto_environment

REPOSITORY_ROOT = Path(__file__).resolve().parents[1]
SAMPLE_BODY_FILE = REPOSITORY_ROOT / "events" / "report-private-anonymous.json"
MUNICIPALITY_ID = "demo"
TABLE_SIZES = tuple(int(size) for size in os.environ.get("QUEUE_BENCH_SIZES", "10000,100000").split(","))
OPEN_SHARE = 0.05  # open reports at any time: a few weeks' intake, the rest closed and awaiting gallring
PAGE_SIZE = 25
PAGES = 4
BATCH = 25  # BatchWriteItem's limit

use_moto_environment()


def seed(dynamodb, table: str, count: int, now: datetime) -> int:
    """`count` reports, OPEN_SHARE of them open; answers how many are open."""
    from functions.domain.report import Channel, ReceivedReport, ReportSubmission
    from functions.intake.logic import fingerprint
    from functions.stores.lifecycle import AWAITING_REVIEW, QUEUE_MEMBERSHIP_ATTRIBUTES
    from functions.stores.reports import iso, item_of, new_report_items

    content = ReportSubmission.model_validate_json(SAMPLE_BODY_FILE.read_text())
    channels, routes = list(Channel), ["intake_team", "first_social_secretary", "socialjour"]
    phases = ["protection_assessment", "decision", "investigation"]
    every = round(1 / OPEN_SHARE)
    opened, batch = 0, []
    for number in range(count):
        report = ReceivedReport(
            report_id=str(uuid.uuid4()),
            reference_number=f"2026-{number:07d}",
            received_at=now - timedelta(minutes=number),
            channel=channels[number % len(channels)],
            content=content,
            content_fingerprint=fingerprint(content),
            person_rules=("barn",) * len(content.persons),
        )
        item = new_report_items(report, person_keys=None)[0]
        item.pop("lifecyclePending")
        if number % every == 0:
            opened += 1
            item.update(
                queuePhase=phases[number % 3],
                queueRoute=routes[number % 3],
                nextDeadlineAt=iso(now + timedelta(minutes=number % 20_000)),
                lifecycle={"phase": phases[number % 3]},
            )
            if number % 4 == 0:
                item["awaitingReview"] = AWAITING_REVIEW
        else:
            for attribute in QUEUE_MEMBERSHIP_ATTRIBUTES:
                item.pop(attribute, None)
            item["lifecycle"] = {"phase": "closed"}
            item["purgeOn"] = "2031-11-25"
        batch.append({"PutRequest": {"Item": item_of(item)}})
        if len(batch) == BATCH:
            dynamodb.batch_write_item(RequestItems={table: batch})
            batch = []
    if batch:
        dynamodb.batch_write_item(RequestItems={table: batch})
    return opened


def measure(view_queue, services, staff, counter: ReadCounter, only) -> tuple[float, int]:
    """Items read per item shown over PAGES pages of the queue, following the cursor."""
    counter.reset()
    shown, cursor = 0, None
    for _ in range(PAGES):
        page = view_queue(services, staff, PAGE_SIZE, cursor, only)
        shown += len(page["items"])
        cursor = page["nextCursor"]
        if not cursor:
            break
    return counter.items_read / shown, sum(counter.calls.values())


def run_size(count: int) -> dict[str, float]:
    import boto3
    from moto import mock_aws

    from functions.domain.municipality import load_municipality
    from functions.lifecycle.starter import LifecycleStarter
    from functions.shared import names
    from functions.staff.acting import Services, StaffMember
    from functions.staff.use_cases.reading import view_queue
    from functions.stores.audit import AuditStore
    from functions.stores.gallring import GallringStore
    from functions.stores.lifecycle import LifecycleStore
    from functions.stores.person_keys import PersonKeys
    from functions.stores.person_search import PersonSearchStore
    from functions.stores.queue import QueueFilter, QueueStore
    from functions.stores.reports import ReportsStore
    from local import moto_dynamodb
    from local.resources import create_audit_table, create_reports_table

    with mock_aws():
        moto_dynamodb.install()
        try:
            dynamodb = boto3.client("dynamodb", region_name=REGION)
            table, audit_table = (
                names.reports_table_name(MUNICIPALITY_ID),
                names.audit_table_name(MUNICIPALITY_ID),
            )
            create_reports_table(dynamodb, table)
            create_audit_table(dynamodb, audit_table)
            now = datetime.now(UTC)
            started = time.perf_counter()
            opened = seed(dynamodb, table, count, now)
            seeded_in = time.perf_counter() - started
            reader = boto3.client("dynamodb", region_name=REGION)
            counter = ReadCounter(reader)
            services = Services(
                reports_table=table,
                dynamodb=reader,
                queue=QueueStore(table, reader),
                person_search=PersonSearchStore(table, reader, PersonKeys(lambda: secrets.token_hex(32))),
                lifecycle=LifecycleStore(table, dynamodb),
                audit=AuditStore(audit_table, dynamodb),
                stepfunctions=None,
                municipality=load_municipality(names.municipality_config_file(MUNICIPALITY_ID)),
                now=lambda: datetime.now(UTC),
                reports=ReportsStore(table, dynamodb),
                starter=LifecycleStarter("", None),
                gallring=GallringStore(table, audit_table, dynamodb),
            )
            staff = StaffMember(staff_id="bench", roles=["mottagning"])
            per_item, calls = measure(view_queue, services, staff, counter, None)
            filtered, _ = measure(view_queue, services, staff, counter, QueueFilter(status="review"))
            started = time.perf_counter()
            view_queue(services, staff, PAGE_SIZE)
            page_ms = (time.perf_counter() - started) * 1000
        finally:
            moto_dynamodb.uninstall()
    label = f"{count // 1000}k"
    print(
        f"  {count:,} reports ({opened:,} open), seeded in {seeded_in:.0f} s: {per_item:.2f} items read per item "
        f"shown over {PAGES} pages of {PAGE_SIZE} ({calls} queries); filtered to proposals awaiting review "
        f"{filtered:.2f}; one page {page_ms:.0f} ms on moto",
        file=sys.stderr,
    )
    return {
        f"queue.items_read_per_page_item_{label}": round(per_item, 3),
        f"queue.items_read_per_page_item_review_filter_{label}": round(filtered, 3),
    }


def main() -> None:
    sys.path.insert(0, str(REPOSITORY_ROOT))
    figures: dict[str, float] = {}
    for count in TABLE_SIZES:
        figures.update(run_size(count))
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
