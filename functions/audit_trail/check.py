"""The check of the sealed days: each day's entries in DynamoDB digest to its locked seal, the locked copy
of its entries does too, its seal links to the day before, and no locked object was written twice. Each
finding names a day and what is wrong with it, never an entry's content."""

from datetime import date, timedelta
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from functions.domain.audit_digest import GENESIS, canonical_lines, day_digest
from functions.stores.audit import AuditStore
from functions.stores.audit_archive import AuditArchive

# The days the scheduled check goes over: a rewrite or deletion is found within this many days of the
# seal (the command can go further back, to the audit retention).
CHECKED_DAYS = 7
# A day sealed untouched has two object versions: its entries and its seal.
UNTOUCHED_VERSIONS = 2


class Problem(StrEnum):
    NOT_SEALED = "not_sealed"  # no seal for a day that has ended
    ENTRIES_CHANGED = "entries_changed"  # DynamoDB's entries no longer digest to the seal
    LOCKED_COPY_DIFFERS = "locked_copy_differs"  # the locked entries do not digest to the seal, or are gone
    CHAIN_BROKEN = "chain_broken"  # the seal does not link to the day before's
    OVERWRITTEN = "overwritten"  # a locked object has more than one version


class Finding(BaseModel):
    model_config = ConfigDict(frozen=True)

    day: date
    problem: Problem


def check_day(audit: AuditStore, archive: AuditArchive, day: date) -> list[Finding]:
    seal = archive.seal(day)
    if seal is None:
        return [Finding(day=day, problem=Problem.NOT_SEALED)]
    findings = []
    before = archive.seal(day - timedelta(days=1))
    linked = (
        seal.previous_day == before.day and seal.previous_digest == before.digest
        if before
        else seal.previous_day is None and seal.previous_digest == GENESIS
    )
    if not linked:
        findings.append(Finding(day=day, problem=Problem.CHAIN_BROKEN))
    locked = archive.entries(day)
    if locked is None or day_digest(seal.previous_digest, day, locked) != seal.digest:
        findings.append(Finding(day=day, problem=Problem.LOCKED_COPY_DIFFERS))
    stored = canonical_lines(audit.items_of_day(day))
    if day_digest(seal.previous_digest, day, stored) != seal.digest:
        findings.append(Finding(day=day, problem=Problem.ENTRIES_CHANGED))
    if archive.versions(day) > UNTOUCHED_VERSIONS:
        findings.append(Finding(day=day, problem=Problem.OVERWRITTEN))
    return findings


def check_days(
    audit: AuditStore, archive: AuditArchive, today: date, days: int = CHECKED_DAYS
) -> list[Finding]:
    """The `days` days before today, oldest first, from the first day ever sealed (the days before it were
    written before the seal existed). With nothing sealed at all, yesterday is reported unsealed."""
    yesterday = today - timedelta(days=1)
    first = archive.first_sealed_day()
    if first is None:
        return [Finding(day=yesterday, problem=Problem.NOT_SEALED)]
    start = max(today - timedelta(days=days), first)
    return [
        finding
        for offset in range((yesterday - start).days + 1)
        for finding in check_day(audit, archive, start + timedelta(days=offset))
    ]
