"""Makes the embedded DynamoDB behave as the real one does under concurrent requests and many reports.

1. Isolation. moto's TransactWriteItems copies the whole table before applying a transaction and restores
   that copy if a condition fails. Under concurrent requests the copy can be taken mid-write (an HTTP 500),
   and a restore can undo another request's committed write: a double-clicked submit would then lose
   reports that real DynamoDB keeps. One lock around moto's write operations gives DynamoDB's isolation.
2. Memory. moto keeps every model instance it ever creates, for its dashboard; since each transaction
   copies the whole table, `make run` would grow with the square of the reports received. DynamoDB's
   models are not tracked here (the dashboard is not used for them).
"""

import functools
import threading

import moto.dynamodb.models  # noqa: F401 - registers the DynamoDB model classes below
from moto.core.model_instances import model_data
from moto.dynamodb.models import DynamoDBBackend

_WRITES = ("transact_write_items", "put_item", "update_item", "delete_item", "batch_write_item")
_lock = threading.RLock()
_originals = {name: getattr(DynamoDBBackend, name) for name in _WRITES if hasattr(DynamoDBBackend, name)}


class _Untracked(list):
    def append(self, _instance) -> None:
        pass


def _serialised(operation):
    @functools.wraps(operation)
    def run(*args, **kwargs):
        with _lock:
            return operation(*args, **kwargs)

    return run


def install() -> None:
    for name, operation in _originals.items():
        setattr(DynamoDBBackend, name, _serialised(operation))
    for model in model_data["dynamodb"].values():
        model.instances_tracked = _Untracked()


def uninstall() -> None:
    for name, operation in _originals.items():
        setattr(DynamoDBBackend, name, operation)
    for model in model_data["dynamodb"].values():
        model.instances_tracked = []
