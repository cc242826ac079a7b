"""Items DynamoDB reads per purged report in a gallring run, with 1,000, 10,000 and 100,000 stored reports.

Run by benchmarks/run.py in its own process (the tables are large): prints a JSON line of figures last,
explanations on stderr.

Each table is seeded through local/seed.py, as intake and the lifecycle leave reports (the lifecycle's own
planner gives the purge dates and the purge index entries), with a fixed share due on the run date: no
investigation decided more than five years before it, or an investigation handed over more than six months
before it and closed since. The rest are not due: no investigation decided less than five years before
(in the purge index, with a later date), investigations handed over recently, open investigations and open
reports (not in the index). The run is the nightly Lambda's own code (gallring/purge.run_gallring) on a
GallringStore whose client counts every DynamoDB response: a Query's `ScannedCount` (what DynamoDB read,
and charges for, before any filter) and a GetItem's item. Items read per purged report near 1 means the
run read only what it purged; reading the table instead of the index would show as about 1 / due share.
"""

import gc
import json
import os
import sys
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path

from benchmarks.dynamodb_reads import REGION, ReadCounter, use_moto_environment

REPOSITORY_ROOT = Path(__file__).resolve().parents[1]
MUNICIPALITY_ID = "prov"
TODAY = date(2031, 6, 16)  # the run date; the seeded decisions are dated from it
RUN_AT = clock(10, 0, tzinfo=UTC)  # noon in Stockholm
TABLE_SIZES = tuple(
    int(size) for size in os.environ.get("GALLRING_BENCH_SIZES", "1000,10000,100000").split(",")
)
# The share due on the run date. Smaller for the largest table: moto answers an index query by going
# through the whole table (several seconds at 100,000 reports), once per page of 1,000 due reports.
DUE_SHARES = {100_000: 0.02}
DEFAULT_DUE_SHARE = 0.10
TIMED_SIZE = 10_000  # seconds_per_1000_purged is measured here

use_moto_environment()


def at(day: date) -> datetime:
    return datetime.combine(day, RUN_AT)


def mixed_reports(count: int, due_share: float) -> tuple[list, int]:
    """`count` reports, one in round(1 / due_share) due on TODAY; answers them and how many are due."""
    from functions.domain.deadlines import add_months
    from local.seed import SeedReport

    every = round(1 / due_share)
    specs, due = [], 0
    for number in range(count):
        days = timedelta(days=number % 700)
        if number % every == 0:
            due += 1
            if number // every % 2 == 0:  # no investigation, decided five years ago or more
                specs.append(SeedReport(number, "no_investigation", at(add_months(TODAY, -60) - days)))
            else:  # handed over six months ago or more, and closed since
                decided = add_months(TODAY, -7) - days
                specs.append(
                    SeedReport(number, "investigation_closed", at(decided), at(decided + timedelta(30)))
                )
            continue
        kind = number % 4
        if kind == 0:  # in the purge index, due within two years
            decided = add_months(TODAY, -60) + timedelta(days=1) + days
            specs.append(SeedReport(number, "no_investigation", at(decided)))
        elif kind == 1:  # handed over three months ago, closed: in the index, due in three months
            decided = add_months(TODAY, -3) - timedelta(days=number % 60)
            specs.append(SeedReport(number, "investigation_closed", at(decided), at(decided + timedelta(30))))
        elif kind == 2:
            specs.append(SeedReport(number, "investigation_open", at(add_months(TODAY, -70))))
        else:
            specs.append(SeedReport(number, "open"))
    return specs, due


def run_size(count: int) -> tuple[dict[str, float], float, float]:
    """Figures for one table size; the run's seconds per 1,000 purged reports, and of them the queries'."""
    import boto3
    from moto import mock_aws

    from functions.domain.municipality import load_municipality
    from functions.gallring.purge import run_gallring
    from functions.shared import names
    from functions.stores.gallring import GallringStore
    from local import moto_dynamodb
    from local.resources import create_audit_table, create_reports_table
    from local.seed import seed_reports

    municipality = load_municipality(names.municipality_config_file(MUNICIPALITY_ID))
    due_share = DUE_SHARES.get(count, DEFAULT_DUE_SHARE)
    specs, due = mixed_reports(count, due_share)
    moto_dynamodb.install()  # DynamoDB's costs: a transaction costs what it touches
    try:
        with mock_aws():
            dynamodb = boto3.client("dynamodb", region_name=REGION)
            table = names.reports_table_name(MUNICIPALITY_ID)
            audit_table = names.audit_table_name(MUNICIPALITY_ID)
            create_reports_table(dynamodb, table)
            create_audit_table(dynamodb, audit_table)
            started = time.perf_counter()
            gc.disable()  # hundreds of thousands of long-lived items: full collections would triple the time
            try:
                seed_reports(dynamodb, table, municipality, specs)
            finally:
                gc.enable()
            seeded_in = time.perf_counter() - started
            table_items = dynamodb.describe_table(TableName=table)["Table"]["ItemCount"]

            reader = boto3.client("dynamodb", region_name=REGION)  # the store's own client, counted
            counter = ReadCounter(reader)
            store = GallringStore(table, audit_table, reader)
            gc.collect()
            started = time.perf_counter()
            summary = run_gallring(
                store, municipality, TODAY, now=lambda: at(TODAY), time_left_ms=lambda: 900_000
            )
            seconds = time.perf_counter() - started
    finally:
        moto_dynamodb.uninstall()
    assert summary.complete and summary.failed == 0 and summary.skipped == 0, summary.counts()
    assert summary.purged == due, (summary.purged, due)
    per_purged = counter.items_read / summary.purged
    per_1000 = seconds / summary.purged * 1000
    calls = ", ".join(
        f"{operation} x{number} {counter.seconds[operation]:.1f} s"
        for operation, number in sorted(counter.calls.items())
    )
    print(
        f"  {count:,} reports ({table_items:,} items), {summary.purged:,} due ({due_share:.0%}), seeded in "
        f"{seeded_in:.0f} s: {counter.items_read:,} items read, {per_purged:.3f} per purged report; "
        f"run {seconds:.1f} s on moto ({per_1000:.1f} s per 1,000 purged); calls: {calls}",
        file=sys.stderr,
    )
    label = f"{count // 1000}k" if count >= 1000 else str(count)
    queries_per_1000 = counter.seconds.get("Query", 0.0) / summary.purged * 1000
    return {f"gallring.items_read_per_purged_{label}": round(per_purged, 3)}, per_1000, queries_per_1000


def main() -> None:
    sys.path.insert(0, str(REPOSITORY_ROOT))
    figures: dict[str, float] = {}
    timed = None
    for count in TABLE_SIZES:
        size_figures, per_1000, queries_per_1000 = run_size(count)
        figures.update(size_figures)
        if count == TIMED_SIZE:
            timed = per_1000, queries_per_1000
        gc.collect()
    if timed is not None:
        figures["gallring.seconds_per_1000_purged"] = round(timed[0], 2)
        print(
            f"  seconds_per_1000_purged: the run's wall time per 1,000 purged at {TIMED_SIZE:,} reports; moto's "
            f"time, not DynamoDB's: {timed[1]:.1f} s of it are index queries, which moto answers by going "
            "through the whole table (O(table)) where DynamoDB reads one page (O(page)); the rest is one "
            "transaction and one audit write per report on moto",
            file=sys.stderr,
        )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
