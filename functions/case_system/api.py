"""/api/case-system/*: the municipality's integration fetches a hand-off and acknowledges it with the case
system's own case id. It presents a bearer token (Secrets Manager; compared in constant time); staff tokens
and reporter sessions open nothing here. Thin: the work is in handoffs.py."""

import hmac
import json
from functools import lru_cache

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response, content_types
from aws_lambda_powertools.event_handler.middlewares import NextMiddleware
from aws_lambda_powertools.logging import correlation_paths
from pydantic import BaseModel, ConfigDict, Field

from functions.case_system.handoffs import CaseSystemWork, acknowledge, fetch
from functions.domain.errors import MalformedJson
from functions.domain.handoff import UnknownHandoff
from functions.shared.aws import client
from functions.shared.clock import utc_now
from functions.shared.observability import logger, metrics, tracer
from functions.shared.problems import RequestRefused, answer_problems, problem_response
from functions.shared.settings import CaseSystemApiSettings, settings_of
from functions.stores.audit import AuditStore
from functions.stores.handoff_channel import HandoffChannel
from functions.stores.handoffs import HandoffStore
from functions.stores.reports import ReportsStore

app = APIGatewayRestResolver()
answer_problems(app)
HANDOFF = "/api/case-system/handoffs/<handoff_id>"


class Acknowledgement(BaseModel):
    """The case system's own id of the case it opened (or found) for the hand-off."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    case_id: str = Field(alias="caseId", min_length=1, max_length=64, pattern=r"^[\w][\w .:/#-]*$")


@lru_cache(maxsize=1)
def work() -> CaseSystemWork:
    settings = settings_of(CaseSystemApiSettings)
    dynamodb = client("dynamodb")
    return CaseSystemWork(
        municipality=settings.municipality,
        reports=ReportsStore(settings.reports_table_name, dynamodb),
        handoffs=HandoffStore(settings.reports_table_name, dynamodb),
        channel=HandoffChannel(settings.handoff_bucket_name, client("s3")),
        audit=AuditStore(settings.audit_table_name, dynamodb),
        now=utc_now,
    )


def _token() -> str:
    from aws_lambda_powertools.utilities import parameters

    # Cached by Powertools for five minutes: a rotated token is taken up without a deploy.
    return str(parameters.get_secret(settings_of(CaseSystemApiSettings).case_system_token_secret_name))


def _check_token() -> None:
    headers = app.current_event.headers or {}
    presented = next((value for key, value in headers.items() if key.lower() == "authorization"), "")
    scheme, _, token = presented.partition(" ")
    if scheme.lower() != "bearer" or not token or not hmac.compare_digest(token.encode(), _token().encode()):
        metrics.add_metric(name="CaseSystemRequestsRefused", unit="Count", value=1)
        raise RequestRefused(401, "api.caseSystem.notAuthenticated")


def _json(status: int, body: str | bytes) -> Response:
    return Response(
        status_code=status,
        content_type=content_types.APPLICATION_JSON,
        body=body.decode("utf-8") if isinstance(body, bytes) else body,
        headers={"Cache-Control": "no-store"},
    )


def _authenticated(resolver: APIGatewayRestResolver, next_middleware: NextMiddleware) -> Response:
    """Every route of this API, present and future: the integration's token before anything is read."""
    _check_token()
    return next_middleware(resolver)


app.use(middlewares=[_authenticated])


@app.exception_handler(UnknownHandoff)
def _unknown(_: UnknownHandoff) -> Response:
    return problem_response(RequestRefused(404, "api.caseSystem.unknownHandoff"))


@app.exception_handler(Exception)
def _unexpected(error: Exception) -> Response:
    """Anything unforeseen: 503, so the integration tries again; logged by type, never with report content."""
    logger.error("case-system request failed", extra={"error": type(error).__name__})
    return _json(
        503,
        json.dumps({"message": "Tjänsten kunde inte svara just nu. Försök igen om en stund.", "errors": []}),
    )


@app.get(HANDOFF)
def get_handoff(handoff_id: str) -> Response:
    return _json(200, fetch(work(), handoff_id))


@app.post(f"{HANDOFF}/acknowledgement")
def post_acknowledgement(handoff_id: str) -> Response:
    try:
        body = json.loads(app.current_event.body or "")
    except ValueError as error:
        raise MalformedJson() from error
    if not isinstance(body, dict):
        raise MalformedJson()
    acknowledgement = Acknowledgement.model_validate(body)
    return _json(200, json.dumps(acknowledge(work(), handoff_id, acknowledgement.case_id)))


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST, log_event=False)
@tracer.capture_lambda_handler(capture_response=False, capture_error=False)  # answers hold report content
@metrics.log_metrics
def handler(event: dict, context) -> dict:
    return app.resolve(event, context)
