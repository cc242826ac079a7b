"""Makes the embedded DynamoDB behave as the real one does under concurrent requests and many reports.

1. Isolation. moto's TransactWriteItems copies the whole table before applying a transaction and restores
   that copy if a condition fails. Under concurrent requests the copy can be taken mid-write (an HTTP 500),
   and a restore can undo another request's committed write: a double-clicked submit would then lose
   reports that real DynamoDB keeps. One lock around moto's write operations gives DynamoDB's isolation.
2. Memory. moto keeps every model instance it ever creates, for its dashboard; since each transaction
   copies the whole table, `make run` would grow with the square of the reports received. DynamoDB's
   models are not tracked here (the dashboard is not used for them).
3. Time. That whole-table copy makes a transaction cost as much as the table is large, where DynamoDB's
   costs what it touches: purging 3,000 reports from a table of 40,000 items would take an hour. Here
   the transaction's own items are saved before it and put back if it fails: the same all-or-nothing.
4. Index reads. moto projects each item read through an index by converting the whole item to plain JSON
   once per projected attribute: a queue page of 100 reports, each with its persons' records, took seconds
   (more than the functions' 5-second read timeout on a busy machine). Here the item is converted once per
   projection: the same result.
"""

import copy
import functools
import threading
import types
from typing import Any, cast

import moto.dynamodb.models  # noqa: F401 - registers the DynamoDB model classes below
from moto.core.model_instances import model_data
from moto.dynamodb import models as dynamodb_models
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.dynamo_type import Item, merge_dicts, serializer
from moto.dynamodb.models.utilities import find_nested_key

_WRITES = ("transact_write_items", "put_item", "update_item", "delete_item", "batch_write_item")
_lock = threading.RLock()
_originals = {name: getattr(DynamoDBBackend, name) for name in _WRITES if hasattr(DynamoDBBackend, name)}
_original_project = Item.project


class _Untracked(list):
    def append(self, _instance) -> None:
        pass


def _serialised(operation):
    @functools.wraps(operation)
    def run(*args, **kwargs):
        with _lock:
            return operation(*args, **kwargs)

    return run


def _same_table(table):
    """Stands in for moto's whole-table copy: the transaction's own items are saved instead (below)."""
    if isinstance(table, dynamodb_models.Table):
        return table
    return copy.deepcopy(table)


# moto's transaction code, seeing this `copy`, keeps the table itself as its "backup".
_TRANSACTION_COPY = types.SimpleNamespace(deepcopy=_same_table, copy=copy.copy)


def _slot(backend, operation_type: str, operation: dict):
    """(table, hash key, range key, a copy of the item as it is now or None) for one operation."""
    table = backend.get_table(operation["TableName"])
    key = operation["Item"] if operation_type == "Put" else operation["Key"]
    hash_value = dynamodb_models.DynamoType(key[table.hash_key_attr])
    range_value = dynamodb_models.DynamoType(key[table.range_key_attr]) if table.range_key_attr else None
    current = table.get_item(hash_value, range_value) if hash_value in table.items else None
    return table, hash_value, range_value, copy.deepcopy(current)


def _restore(table, hash_value, range_value, saved) -> None:
    if table.range_key_attr:
        if saved is None:
            table.items.get(hash_value, {}).pop(range_value, None)
        else:
            table.items[hash_value][range_value] = saved
    elif saved is None:
        table.items.pop(hash_value, None)
    else:
        table.items[hash_value] = saved


def _transact_write_items(backend, transact_items):
    slots = []
    for item in transact_items:
        try:
            operation_type, operation = next(iter(item.items()))
            slots.append(_slot(backend, operation_type, operation))
        except Exception:  # noqa: S112 - moto itself reports a malformed operation below
            continue
    saved_copy = dynamodb_models.copy
    setattr(dynamodb_models, "copy", _TRANSACTION_COPY)  # noqa: B010 - moto's module, patched for one call
    try:
        return _originals["transact_write_items"](backend, transact_items)
    except Exception:
        for slot in reversed(slots):  # the transaction's own items, as they were: all or nothing
            _restore(*slot)
        raise
    finally:
        setattr(dynamodb_models, "copy", saved_copy)  # noqa: B010


def _project(self: Item, projection_expressions: list[list[str]]) -> Item:
    """moto's Item.project, with the item converted to plain JSON once rather than once per expression."""
    whole = self.to_regular_json()
    result: dict[str, Any] = {}
    for expression in projection_expressions:
        merge_dicts(result, find_nested_key(expression, whole))
    return Item(hash_key=self.hash_key, range_key=self.range_key, attrs=serializer.serialize(result)["M"])


def install() -> None:
    for name, operation in _originals.items():
        replacement = _transact_write_items if name == "transact_write_items" else operation
        setattr(DynamoDBBackend, name, _serialised(replacement))
    setattr(Item, "project", _project)  # noqa: B010 - moto's class, patched while the stack runs
    for model in model_data["dynamodb"].values():
        cast(Any, model).instances_tracked = _Untracked()


def uninstall() -> None:
    for name, operation in _originals.items():
        setattr(DynamoDBBackend, name, operation)
    setattr(Item, "project", _original_project)  # noqa: B010
    for model in model_data["dynamodb"].values():
        cast(Any, model).instances_tracked = []
