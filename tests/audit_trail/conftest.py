"""The audit trail's seal, check and purge, each test on a table and a locked bucket of its own on the local
stack's embedded AWS (tests/gallring explains why not moto's decorator mode)."""

import uuid
from dataclasses import dataclass

import pytest

from functions.domain.municipality import Retention
from functions.stores.audit import AuditStore
from functions.stores.audit_archive import AuditArchive
from local.resources import create_audit_archive_bucket, create_audit_table

RETENTION = Retention(archive_decision="Provkommuns dokumenthanteringsplan", audit_retention_years=3)


@dataclass(frozen=True)
class Trail:
    dynamodb: object
    s3: object
    table: str
    bucket: str

    @property
    def audit(self) -> AuditStore:
        return AuditStore(self.table, self.dynamodb)

    @property
    def archive(self) -> AuditArchive:
        return AuditArchive(self.bucket, self.s3)


@pytest.fixture
def trail(local_stack):
    dynamodb, s3 = local_stack.client("dynamodb"), local_stack.client("s3")
    prefix = f"trail-{uuid.uuid4().hex[:8]}"
    created = Trail(dynamodb, s3, f"{prefix}-audit", f"{prefix}-audit-archive")
    create_audit_table(dynamodb, created.table)
    create_audit_archive_bucket(s3, created.bucket, "eu-north-1", RETENTION)
    yield created
    dynamodb.delete_table(TableName=created.table)  # the bucket stays: its objects are locked
