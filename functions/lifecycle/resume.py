"""Moves a waiting lifecycle on after a staff event, from where the event was recorded.

The lifecycle waits (a task token stored on the report with the state it waits in). When staff record
something, `advance` asks the same `plan` the checkpoint function uses what comes next. When nothing changes
for the lifecycle (one sibling of three assessed, the others' clocks still running), the wait simply goes on:
no state transition is spent. When something does, the wait ends with the new state as its output, so the
state machine goes straight to its next step. Tokens stay in the table and the lifecycle's functions: never in
a browser, a message or a log.
"""

import json
from datetime import datetime

from botocore.exceptions import ClientError

from functions.domain.lifecycle import LifecycleState, Trigger, plan
from functions.domain.municipality import Municipality
from functions.lifecycle.missed_limits import count_missed_limits
from functions.stores.lifecycle import LifecycleStore, facts_of

# The wait ended another way (its timer fired, or the execution ended): the next checkpoint reads the
# recorded fact from the table, so nothing is lost.
_STALE_TOKEN_ERRORS = {"TaskTimedOut", "TaskDoesNotExist", "InvalidToken", "ExecutionDoesNotExist"}

# Which waits a kind of fact can end: a phase's work ends any wait (the escalation about it included); an
# acknowledgement ends only a wait for an acknowledgement.
PHASE_EVENT_WAITS = frozenset({"staff_event", "acknowledgement"})
ACKNOWLEDGEMENT_WAITS = frozenset({"acknowledgement"})


def _unchanged(before: LifecycleState, after: LifecycleState) -> bool:
    """Nothing to send and the same wait: the notification the waiting state still carries was sent."""
    ignored = {"wait_seconds": 0, "notify": None}
    return after.notify is None and before.model_copy(update=ignored) == after.model_copy(update=ignored)


def advance(
    store: LifecycleStore,
    stepfunctions,
    municipality: Municipality,
    report_id: str,
    now: datetime,
    waits: frozenset[str] = PHASE_EVENT_WAITS,
    item: dict | None = None,
) -> bool:
    """Ends the lifecycle's wait with its next state if what staff recorded changes it; True if it did."""
    item = item or store.report_item(report_id)
    awaiting = item.get("awaiting") or {}
    if awaiting.get("kind") not in waits or not awaiting.get("token") or not awaiting.get("state"):
        return False
    waiting = LifecycleState.model_validate(awaiting["state"])
    trigger = Trigger.ACKNOWLEDGED if awaiting["kind"] == "acknowledgement" else Trigger.STAFF_EVENT
    if trigger is Trigger.ACKNOWLEDGED and waits == PHASE_EVENT_WAITS:
        trigger = Trigger.STAFF_EVENT  # the work itself was done: plan from it, not from the acknowledgement
    result = plan(trigger, waiting, facts_of(item), municipality, now)
    if trigger is Trigger.STAFF_EVENT and _unchanged(waiting, result.state):
        return False
    try:
        stepfunctions.send_task_success(
            taskToken=awaiting["token"], output=json.dumps(result.state.model_dump(mode="json", by_alias=True))
        )
    except ClientError as error:
        if error.response["Error"]["Code"] not in _STALE_TOKEN_ERRORS:
            raise
        store.clear_awaiting(report_id, awaiting["token"])
        return False
    store.clear_awaiting(report_id, awaiting["token"])
    store.record_plan(report_id, result, lifecycle_started=False)
    count_missed_limits(result, municipality.id)
    return True
