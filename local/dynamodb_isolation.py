"""Makes the embedded DynamoDB serialise writes, as the real one does.

moto's TransactWriteItems copies the whole table before applying a transaction and restores that copy if
a condition fails. Under concurrent requests that copy can be taken mid-write (an HTTP 500), and a
restore can undo another request's committed write: a double-clicked submit would then lose reports that
real DynamoDB keeps. One lock around moto's write operations gives the isolation DynamoDB guarantees.
"""

import functools
import threading

from moto.dynamodb.models import DynamoDBBackend

_WRITES = ("transact_write_items", "put_item", "update_item", "delete_item", "batch_write_item")
_lock = threading.RLock()
_originals = {name: getattr(DynamoDBBackend, name) for name in _WRITES if hasattr(DynamoDBBackend, name)}


def _serialised(operation):
    @functools.wraps(operation)
    def run(*args, **kwargs):
        with _lock:
            return operation(*args, **kwargs)

    return run


def install() -> None:
    for name, operation in _originals.items():
        setattr(DynamoDBBackend, name, _serialised(operation))


def uninstall() -> None:
    for name, operation in _originals.items():
        setattr(DynamoDBBackend, name, operation)
