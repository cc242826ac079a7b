"""/api/staff/*: the dashboard's API. API Gateway's Cognito authorizer has verified the token. Thin: the
routes (routes/, a Router per area) read the request and run a use case (use_cases/); errors get their
answers from the one table in functions/shared/problems.py."""

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.logging import correlation_paths

from functions.shared.observability import logger, metrics, tracer
from functions.shared.problems import answer, answer_problems
from functions.staff.routes import (
    attachments,
    audit,
    documents,
    feedback,
    gallring,
    letters,
    persons,
    reporter_questions,
    reports,
    search,
)

app = APIGatewayRestResolver()
for area in (
    reports,
    persons,
    documents,
    letters,
    feedback,
    reporter_questions,
    attachments,
    search,
    gallring,
    audit,
):
    app.include_router(area.router)
answer_problems(app)


@app.exception_handler(Exception)
def _unexpected(error: Exception) -> Response:
    logger.exception("staff request failed", extra={"error_type": type(error).__name__})
    return answer(503, "Något gick fel. Försök igen om en stund.")


@app.not_found
def _not_found(_: NotFoundError) -> Response:
    return answer(404, "Adressen finns inte.")


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST, log_event=False)
@tracer.capture_lambda_handler(capture_response=False, capture_error=False)  # responses hold report content
@metrics.log_metrics
def handler(event: dict, context) -> dict:
    return app.resolve(event, context)
