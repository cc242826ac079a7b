"""Lifecycle task (invoked with .waitForTaskToken): keeps the task token on the report, with the state it
waits in, so that a staff event can move the lifecycle on (resume.py), and moves it on at once if what it
waits for has already happened."""

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

from functions.domain.lifecycle import LifecycleState
from functions.lifecycle.resume import ACKNOWLEDGEMENT_WAITS, PHASE_EVENT_WAITS, advance
from functions.shared.aws import client
from functions.shared.clock import utc_now
from functions.shared.collaborators import lifecycle_store
from functions.shared.observability import logger, tracer
from functions.shared.settings import LifecycleSettings, settings_of


class AwaitRequest(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="ignore")

    awaiting: str  # "staff_event" or "acknowledgement"
    task_token: str
    state: LifecycleState


@logger.inject_lambda_context(log_event=False)
@tracer.capture_lambda_handler(capture_response=False, capture_error=False)
def handler(event: dict, context) -> dict:
    request = AwaitRequest.model_validate(event)
    state = request.state
    settings = settings_of(LifecycleSettings)
    store = lifecycle_store(settings)
    now = utc_now()
    store.store_awaiting(
        state.report_id,
        request.awaiting,
        state.phase.value,
        request.task_token,
        now,
        state.model_dump(mode="json", by_alias=True),
    )
    # A fact recorded between the last checkpoint and now has not moved the lifecycle: do it here.
    moved = advance(
        store, client("stepfunctions"), settings.municipality, state.report_id, now, PHASE_EVENT_WAITS
    )
    if not moved and request.awaiting == "acknowledgement":
        moved = _acknowledged_already(store, state, now)
    logger.info(
        "awaiting",
        extra={
            "report_id": state.report_id,
            "awaiting": request.awaiting,
            "phase": state.phase.value,
            "resumed_at_once": moved,
        },
    )
    return {}


def _acknowledged_already(store, state: LifecycleState, now) -> bool:
    """An acknowledgement recorded after the alert went out, before this wait began."""
    item = store.report_item(state.report_id)
    acknowledged = (item.get("lastAcknowledgement") or {}).get("at")
    escalation = state.escalation
    if not (acknowledged and escalation and acknowledged >= escalation.notified_at.isoformat()):
        return False
    return advance(
        store,
        client("stepfunctions"),
        settings_of(LifecycleSettings).municipality,
        state.report_id,
        now,
        ACKNOWLEDGEMENT_WAITS,
        item,
    )
