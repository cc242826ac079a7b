"""Page cursors handed to the dashboard: a DynamoDB key, base64url JSON. A cursor that comes back is
checked to be a position in the same listing (its partition, its kind of item) before it is used."""

import base64
import json
from collections.abc import Callable

from functions.stores.errors import InvalidCursor


def encode_cursor(key: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode()


def decode_cursor(cursor: str, attributes: set[str], valid: Callable[[dict], bool]) -> dict:
    """The key in `cursor`: exactly `attributes`, each a string, and `valid` about their values."""
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (ValueError, TypeError) as error:
        raise InvalidCursor() from error
    if not (
        isinstance(key, dict)
        and set(key) == attributes
        and all(
            isinstance(part, dict) and set(part) == {"S"} and isinstance(part["S"], str)
            for part in key.values()
        )
        and valid({name: part["S"] for name, part in key.items()})
    ):
        raise InvalidCursor()
    return key
