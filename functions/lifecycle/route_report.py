"""Lifecycle task: decide who is told about a report and store the decision with its reason.

Called by the state machine with {reportId, receivedAt, checkpoint}; answers {route}. Only ids and
timestamps come in and go out, so nothing personal enters the execution history.
"""

from datetime import UTC, datetime
from functools import lru_cache

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

from functions.domain.routing import local_time_text, route_new_report
from functions.shared.aws import client
from functions.shared.observability import logger, tracer
from functions.shared.settings import municipality, settings
from functions.stores.reports import ReportsStore


class RouteRequest(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="ignore")

    report_id: str
    received_at: datetime
    checkpoint: str


@lru_cache(maxsize=1)
def _store() -> ReportsStore:
    return ReportsStore(settings().reports_table_name, client("dynamodb"))


@logger.inject_lambda_context(log_event=False)
@tracer.capture_lambda_handler
def handler(event: dict, context) -> dict:
    request = RouteRequest.model_validate(event)
    hours = municipality().office_hours
    decision = route_new_report(hours, request.received_at, now=datetime.now(UTC))
    _store().record_routing(request.report_id, decision.route.value, decision.reason, decision.decided_at)
    logger.info("report routed", extra={"report_id": request.report_id, "route": decision.route.value})
    return {
        "route": decision.route.value,
        "receivedLocal": local_time_text(request.received_at, hours.timezone),
    }
