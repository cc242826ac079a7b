"""The daily digest chain over the audit trail (docs/architecture.md, "The audit trail").

A day is a UTC day. Its canonical form is one line per item, the item exactly as DynamoDB stores it
(attribute types included) as JSON with sorted keys and no spaces, the lines sorted by the item's key
(pk, sk). Its digest is SHA-256 over the previous sealed day's digest, the day and the lines, so each
digest vouches for every day before it: changing, adding or removing an item of any sealed day changes
that day's digest and breaks every link after it. An empty day has a digest too (the chain has no gaps a
deletion of a whole day could hide in).
"""

import hashlib
import json
from datetime import date

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

ALGORITHM = "sha256"
# The first sealed day's previous digest.
GENESIS = "0" * 64


def canonical_lines(items: list[dict]) -> list[str]:
    """`items` in DynamoDB's typed form ({"pk": {"S": "…"}, …}), one canonical JSON line each, in key order."""
    ordered = sorted(items, key=lambda item: (item["pk"]["S"], item["sk"]["S"]))
    return [json.dumps(item, sort_keys=True, separators=(",", ":"), ensure_ascii=False) for item in ordered]


def day_digest(previous_digest: str, day: date, lines: list[str]) -> str:
    digest = hashlib.sha256(f"{previous_digest}\n{day.isoformat()}\n".encode())
    for line in lines:
        digest.update(line.encode())
        digest.update(b"\n")
    return digest.hexdigest()


class DaySeal(BaseModel):
    """What is locked for a day beside its entries: the link to the previous sealed day and the digest."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, frozen=True)

    day: date
    previous_day: date | None
    previous_digest: str
    digest: str
    entries: int
    algorithm: str = ALGORITHM


def seal_of(day: date, previous: DaySeal | None, lines: list[str]) -> DaySeal:
    previous_digest = previous.digest if previous else GENESIS
    return DaySeal(
        day=day,
        previous_day=previous.day if previous else None,
        previous_digest=previous_digest,
        digest=day_digest(previous_digest, day, lines),
        entries=len(lines),
    )
