"""Lifecycle task (invoked with .waitForTaskToken): keeps the task token on the report so that a staff
event can resume the lifecycle, and resumes it at once if the event has already happened."""

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

from functions.domain.lifecycle import Escalation, Phase, phase_of
from functions.lifecycle.resume import resume
from functions.shared.aws import client
from functions.shared.clock import utc_now
from functions.shared.collaborators import lifecycle_store
from functions.shared.observability import logger, tracer
from functions.stores.lifecycle import facts_of


class AwaitRequest(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="ignore")

    report_id: str
    awaiting: str  # "staff_event" or "acknowledgement"
    phase: Phase
    escalation: Escalation | None = None
    task_token: str


def already_happened(request: AwaitRequest, item: dict) -> str | None:
    facts = facts_of(item)
    if phase_of(facts) != request.phase:
        return "phase_completed"
    if (
        request.awaiting == "acknowledgement"
        and request.escalation
        and facts.acknowledged_at
        and facts.acknowledged_at >= request.escalation.notified_at
    ):
        return "acknowledged"
    return None


@logger.inject_lambda_context(log_event=False)
@tracer.capture_lambda_handler(capture_response=False, capture_error=False)
def handler(event: dict, context) -> dict:
    request = AwaitRequest.model_validate(event)
    store = lifecycle_store()
    store.store_awaiting(
        request.report_id, request.awaiting, request.phase.value, request.task_token, utc_now()
    )
    happened = already_happened(request, store.report_item(request.report_id))
    if happened:
        resume(store, client("stepfunctions"), request.report_id, request.task_token, happened)
    logger.info(
        "awaiting",
        extra={
            "report_id": request.report_id,
            "awaiting": request.awaiting,
            "phase": request.phase.value,
            "resumed_at_once": bool(happened),
        },
    )
    return {}
