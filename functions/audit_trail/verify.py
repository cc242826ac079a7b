"""Checks the audit trail against its locked seals, on demand: `make audit-verify` (the local stack that
`make run` started), or in AWS with the stack's names and the operator's credentials:

    AUDIT_TABLE_NAME=oro-demo-audit AUDIT_ARCHIVE_BUCKET_NAME=oro-demo-audit-archive-<account> \\
        python -m functions.audit_trail.verify --days 365

Prints each day's findings (a day and a problem, no content) and exits 1 when there are any."""

import argparse
import os
import sys
from datetime import UTC, datetime

import boto3

from functions.audit_trail.check import CHECKED_DAYS, check_days
from functions.shared import names
from functions.stores.audit import AuditStore
from functions.stores.audit_archive import AuditArchive

MOTO_ACCOUNT = "123456789012"  # the local stack's account (moto's default, local/resources.py)


def main(arguments: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m functions.audit_trail.verify", description=__doc__)
    parser.add_argument("--days", type=int, default=CHECKED_DAYS, help="how many days back to check")
    parser.add_argument("--local", action="store_true", help="the local stack of `make run` (MOTO_PORT)")
    parser.add_argument(
        "--municipality", default=os.environ.get("ORO_MUNICIPALITY", names.DEFAULT_MUNICIPALITY)
    )
    options = parser.parse_args(arguments)
    if options.local:
        session = boto3.Session(
            aws_access_key_id="local",
            aws_secret_access_key="local",  # noqa: S106 - moto's fake credentials
            region_name="eu-north-1",
        )
        endpoint = f"http://127.0.0.1:{os.environ.get('MOTO_PORT', '5000')}"
        dynamodb, s3 = (
            session.client("dynamodb", endpoint_url=endpoint),
            session.client("s3", endpoint_url=endpoint),
        )
        table = names.audit_table_name(options.municipality)
        bucket = names.audit_archive_bucket_name(options.municipality, MOTO_ACCOUNT)
    else:
        dynamodb, s3 = boto3.client("dynamodb"), boto3.client("s3")
        table, bucket = os.environ[names.ENV_AUDIT_TABLE], os.environ[names.ENV_AUDIT_ARCHIVE_BUCKET]
    findings = check_days(
        AuditStore(table, dynamodb), AuditArchive(bucket, s3), datetime.now(UTC).date(), options.days
    )
    for finding in findings:
        print(f"{finding.day.isoformat()}: {finding.problem.value}")
    print(
        f"{len(findings)} problem(s) in the last {options.days} day(s)"
        if findings
        else f"The last {options.days} day(s) are intact."
    )
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
