"""Reference numbers a person can read over the phone: the year of receipt and six unambiguous characters.

'2026-K7F-3MX'. No 0/O, 1/I/L or U/V look-alikes. Uniqueness per municipality and year is enforced by the
store (a conditional write on the number), not by luck; 30^6 ≈ 729 million keeps collisions rare.
"""

import re
import secrets
from datetime import datetime
from zoneinfo import ZoneInfo

ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
PATTERN = re.compile(rf"^\d{{4}}-[{ALPHABET}]{{3}}-[{ALPHABET}]{{3}}$")


def new_reference_number(received_at: datetime, timezone: str) -> str:
    year = received_at.astimezone(ZoneInfo(timezone)).year
    characters = "".join(secrets.choice(ALPHABET) for _ in range(6))
    return f"{year}-{characters[:3]}-{characters[3:]}"


def normalise_reference_number(spoken: str) -> str:
    """What a caller reads out, in any case and spacing, as it is stored."""
    compact = re.sub(r"[\s-]", "", spoken.upper())
    return f"{compact[:4]}-{compact[4:7]}-{compact[7:10]}"
