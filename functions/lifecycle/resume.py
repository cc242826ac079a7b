"""Resumes a waiting lifecycle with the task token stored on the report. Tokens stay in the table and the
lifecycle's functions: never in a browser, a message or a log."""

import json

from botocore.exceptions import ClientError

from functions.stores.lifecycle import LifecycleStore

# The wait ended another way (its timer fired, or the execution ended): the next checkpoint reads the
# recorded fact from the table, so nothing is lost.
_STALE_TOKEN_ERRORS = {"TaskTimedOut", "TaskDoesNotExist", "InvalidToken", "ExecutionDoesNotExist"}


def resume_if_awaiting(
    store: LifecycleStore, stepfunctions, report_id: str, item: dict, kinds: set[str], event: str
) -> bool:
    awaiting = item.get("awaiting") or {}
    if awaiting.get("kind") not in kinds or not awaiting.get("token"):
        return False
    return resume(store, stepfunctions, report_id, awaiting["token"], event)


def resume(store: LifecycleStore, stepfunctions, report_id: str, token: str, event: str) -> bool:
    try:
        stepfunctions.send_task_success(taskToken=token, output=json.dumps({"event": event}))
        resumed = True
    except ClientError as error:
        if error.response["Error"]["Code"] not in _STALE_TOKEN_ERRORS:
            raise
        resumed = False
    store.clear_awaiting(report_id, token)
    return resumed
