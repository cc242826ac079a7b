"""The daily seal: every UTC day not yet sealed, up to yesterday, is digested (chained to the day before)
and copied with its digest to the locked bucket. Days are sealed in order and none is skipped, an empty
day included, so the chain has no gaps; a missed run is made up by the next."""

from datetime import date, timedelta

from functions.domain.audit_digest import DaySeal, canonical_lines, seal_of
from functions.stores.audit import AuditStore
from functions.stores.audit_archive import AuditArchive

# Days one run seals at most (a long outage is made up over a few runs, each well inside its time limit).
MAX_DAYS_PER_RUN = 31


def seal_days(audit: AuditStore, archive: AuditArchive, today: date) -> list[DaySeal]:
    """Seals the days after the last sealed one up to yesterday (only yesterday when none is sealed yet)."""
    yesterday = today - timedelta(days=1)
    previous = archive.latest_seal()
    first = previous.day + timedelta(days=1) if previous else yesterday
    sealed: list[DaySeal] = []
    day = first
    while day <= yesterday and len(sealed) < MAX_DAYS_PER_RUN:
        lines = canonical_lines(audit.items_of_day(day))
        seal = seal_of(day, previous, lines)
        archive.put_day(seal, lines)
        sealed.append(seal)
        previous, day = seal, day + timedelta(days=1)
    return sealed
