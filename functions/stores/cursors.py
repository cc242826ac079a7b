"""Page cursors handed to the dashboard: a DynamoDB key, base64url JSON. A cursor that comes back is
checked to be a position in the same listing (its partition, its kind of item) before it is used. `query_page`
reads one page of a listing with them: the queue, the person search and the audit export."""

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


def query_page(
    dynamodb,
    query: dict,
    page_size: int,
    most: int,
    cursor: str | None,
    cursor_attributes: set[str],
    cursor_valid: Callable[[dict], bool],
) -> tuple[list[dict], str | None]:
    """One page of `query` (at most `most` items), from where `cursor` left off: its raw items and the cursor
    of the next page, or None at the end."""
    request = {**query, "Limit": max(1, min(page_size, most))}
    if cursor:
        request["ExclusiveStartKey"] = decode_cursor(cursor, cursor_attributes, cursor_valid)
    page = dynamodb.query(**request)
    following = page.get("LastEvaluatedKey")
    return page.get("Items", []), encode_cursor(following) if following else None
