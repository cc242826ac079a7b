"""Lifecycle task: after every wait, decide what comes next (functions/domain/lifecycle.py), record it on
the report for the dashboard, and hand the state machine its next state: ids, phases, times only."""

from functions.domain.lifecycle import LifecycleState, Trigger, plan
from functions.lifecycle.missed_limits import count_missed_limits
from functions.shared.clock import utc_now
from functions.shared.collaborators import lifecycle_store
from functions.shared.observability import logger, tracer
from functions.shared.settings import LifecycleSettings, settings_of
from functions.stores.lifecycle import facts_of


@logger.inject_lambda_context(log_event=False)
@tracer.capture_lambda_handler(capture_response=False, capture_error=False)
def handler(event: dict, context) -> dict:
    trigger = Trigger(event["trigger"])
    state = LifecycleState.model_validate(event["state"])
    settings = settings_of(LifecycleSettings)
    store = lifecycle_store(settings)
    facts = facts_of(store.report_item(state.report_id))
    result = plan(trigger, state, facts, settings.municipality, now=utc_now())
    store.record_plan(state.report_id, result, lifecycle_started=trigger is Trigger.RECEIVED)
    count_missed_limits(result, settings.municipality.id)
    logger.info(
        "lifecycle checkpoint",
        extra={
            "report_id": state.report_id,
            "trigger": trigger.value,
            "phase": result.state.phase.value,
            "next": result.state.next,
            "notify": result.state.notify.message.value if result.state.notify else None,
            "route": result.routing.route.value if result.routing else None,
            "limits_missed": [missed.limit.value for missed in result.missed],
        },
    )
    return result.state.model_dump(mode="json", by_alias=True)
