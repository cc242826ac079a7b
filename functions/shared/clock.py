"""The time of receipt, at the millisecond precision it is stored with, so a replayed receipt is identical."""

from datetime import UTC, datetime


def utc_now() -> datetime:
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)
