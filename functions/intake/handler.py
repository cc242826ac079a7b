"""POST /api/reports: the public intake. Thin: HTTP in and out; the work is in logic.receive_report."""

import base64
import json
import uuid
from datetime import datetime
from http.cookies import CookieError, SimpleCookie

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response, content_types
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.metrics import MetricUnit

from functions.domain.attachments import AttachmentsOffer, UploadOffered, UploadRequest, offer_of
from functions.domain.errors import EServiceNotOpen, InvalidReport
from functions.domain.languages import language_codes, text
from functions.domain.public_settings import OfficeHoursNow
from functions.domain.receipt import Receipt
from functions.domain.report import ReportSubmission
from functions.intake.attachments import offer_upload
from functions.intake.logic import admit_client, receive_report
from functions.shared import names
from functions.shared.client_address import VIEWER_ADDRESS_HEADER, viewer_address
from functions.shared.clock import utc_now
from functions.shared.collaborators import (
    attachment_store,
    attachment_token_key,
    lifecycle_starter,
    reporter_sessions,
    reports_store,
)
from functions.shared.contract import accept_language, operation
from functions.shared.observability import logger, metrics, tracer
from functions.shared.problems import (
    RequestRefused,
    answer,
    answer_problems,
    problem_response,
    request_language,
)
from functions.shared.settings import IntakeSettings, settings_of
from functions.stores.reports import SignedInReporter

MAX_BODY_BYTES = 64 * 1024
SESSION_COOKIE = names.REPORTER_SESSION_COOKIE

app = APIGatewayRestResolver()


_language = request_language(app)
answer_problems(app, _language)


def _request_body(max_bytes: int = MAX_BODY_BYTES, too_large_key: str = "api.request.tooLarge") -> bytes:
    event = app.current_event
    content_type = (
        (event.headers or {}).get("content-type") or (event.headers or {}).get("Content-Type") or ""
    )
    if content_type.split(";")[0].strip().lower() != "application/json":
        raise RequestRefused(415, "api.request.notJson")
    raw = event.body or ""
    body = base64.b64decode(raw) if event.is_base64_encoded else raw.encode("utf-8", "surrogatepass")
    if len(body) > max_bytes:
        raise RequestRefused(413, too_large_key, kilobytes=max_bytes // 1024)
    if not body.strip():
        raise RequestRefused(400, "api.request.empty")
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise RequestRefused(400, "api.request.notUtf8") from error
    return body


# The body is read by hand (its type, size and encoding are checked before it is parsed), so the document
# takes its schema from the model rather than from a typed parameter.
@app.post(
    "/api/reports",
    **operation(
        (201, 200),
        (400, 401, 403, 409, 413, 415, 422, 503),
        answer=Receipt,
        body=ReportSubmission,
        query=[accept_language(language_codes())],
        summary="Ta emot en orosanmälan (200: samma anmälan igen, samma kvitto)",
        meanings={
            401: "Kommunen tar emot webbanmälningar bara från inloggade (e-legitimation), och ingen är inloggad.",
            403: "E-tjänsten är ännu bara öppen inom kommunens nät, och klienten är utanför det.",
        },
    ),
)
@tracer.capture_method(capture_response=False, capture_error=False)
def post_report() -> Response[str]:
    settings = settings_of(IntakeSettings)
    admit_client(settings.municipality, viewer_address(app.current_event.headers.get(VIEWER_ADDRESS_HEADER)))
    reporter = _signed_in_reporter(settings)
    result = receive_report(
        _request_body(),
        municipality=settings.municipality,
        store=reports_store(settings),
        lifecycle=lifecycle_starter(settings),
        now=utc_now,
        new_report_id=lambda: str(uuid.uuid4()),
        language=_language(),
        attachments_offer=lambda report_id, received_at: _attachments_offer(settings, report_id, received_at),
        reporter=reporter,
    )
    logger.info(
        "report received",
        extra={
            "report_id": result.report_id,
            "reference_number": result.receipt.reference_number,
            "new_report": result.created,
            "lifecycle_started": result.lifecycle.started,
            "lifecycle_error": result.lifecycle.error,
            "signed_in": reporter is not None,
        },
    )
    metrics.add_metric(
        name="ReportsReceived" if result.created else "SubmissionsReplayed", unit=MetricUnit.Count, value=1
    )
    if not result.lifecycle.started:
        metrics.add_metric(name="LifecycleStartDeferred", unit=MetricUnit.Count, value=1)
    return Response(
        status_code=201 if result.created else 200,
        content_type=content_types.APPLICATION_JSON,
        body=result.receipt.model_dump_json(by_alias=True),
        headers={"Cache-Control": "no-store"},
    )


@app.get(
    "/api/office-hours",
    **operation(
        (200,),
        (503,),
        answer=OfficeHoursNow,
        summary="Läser mottagningen anmälningar just nu, och när öppnar den?",
    ),
)
def get_office_hours() -> Response[str]:
    # The business calendar (and its holidays) loads on this route's first call, not on the report path.
    from functions.domain.office_hours import office_hours_now

    answer_now = office_hours_now(settings_of(IntakeSettings).municipality.office_hours, utc_now())
    return Response(
        status_code=200,
        content_type=content_types.APPLICATION_JSON,
        body=answer_now.model_dump_json(by_alias=True),
        headers={"Cache-Control": "no-store"},
    )


@app.post(
    "/api/reports/<report_id>/attachments",
    **operation(
        201,
        (400, 403, 404, 409, 413, 415, 422, 503),
        answer=UploadOffered,
        body=UploadRequest,
        query=[accept_language(language_codes())],
        summary="Bifoga en fil till en nyss mottagen anmälan: en förhandssignerad POST direkt till S3 "
        "(url och fields), med kvittots attachments.token",
    ),
)
@tracer.capture_method(capture_response=False, capture_error=False)
def post_attachment(report_id: str) -> Response[str]:
    settings = settings_of(IntakeSettings)
    store = attachment_store(settings)
    token_key = attachment_token_key(settings)
    if store is None or token_key is None:
        return answer(403, text(_language(), "api.attachments.notOffered"))
    offered = offer_upload(
        report_id,
        UploadRequest.model_validate_json(
            _request_body(max_bytes=4 * 1024, too_large_key="api.attachments.tooLargeRequest")
        ),
        settings=settings.municipality.attachments,
        store=store,
        token_key=token_key,
        now=utc_now,
        language=_language(),
    )
    logger.info(
        "attachment offered", extra={"report_id": report_id, "attachment_id": offered["attachmentId"]}
    )
    metrics.add_metric(name="AttachmentsOffered", unit=MetricUnit.Count, value=1)
    return Response(
        status_code=201,
        content_type=content_types.APPLICATION_JSON,
        body=json.dumps(offered, ensure_ascii=False),
        headers={"Cache-Control": "no-store"},
    )


def _signed_in_reporter(settings: IntakeSettings) -> SignedInReporter | None:
    """The reporter's session, where reporters sign in here and this browser has a live one (its cookie is
    sent by the form's own pages only: SameSite=Strict, functions/reporter/handler.py)."""
    sessions = reporter_sessions(settings) if settings.municipality.reporters_sign_in else None
    if sessions is None:
        return None
    headers = app.current_event.headers or {}
    raw = next((value for name, value in headers.items() if name.lower() == "cookie"), "")
    try:
        morsel = SimpleCookie(raw).get(SESSION_COOKIE)
    except CookieError:
        return None
    session = sessions.session(morsel.value, utc_now()) if morsel and morsel.value else None
    return SignedInReporter(identity=session.identity, lookup_key=session.lookup_key) if session else None


def _attachments_offer(
    settings: IntakeSettings, report_id: str, received_at: datetime
) -> AttachmentsOffer | None:
    """The receipt's offer to attach files. The report is stored by now: if the token's key cannot be read,
    the receipt goes without the offer rather than the reporter being told the report may be lost."""
    if attachment_store(settings) is None or not settings.attachment_token_secret_name:
        return None
    try:
        token_key = attachment_token_key(settings)
    except Exception as error:
        logger.warning(
            "no attachment offer", extra={"report_id": report_id, "error_type": type(error).__name__}
        )
        metrics.add_metric(name="AttachmentOffersMissing", unit=MetricUnit.Count, value=1)
        return None
    if token_key is None:
        return None
    return offer_of(report_id, settings.municipality.attachments, token_key, received_at)


@app.exception_handler(InvalidReport)
def _invalid(error: InvalidReport) -> Response:
    metrics.add_metric(name="ReportsRefused", unit=MetricUnit.Count, value=1)
    return problem_response(error, _language())


@app.exception_handler(EServiceNotOpen)
def _not_open(error: EServiceNotOpen) -> Response:
    # Counted, never logged with the address: an IP address is personal data.
    metrics.add_metric(name="ReportsRefusedOutsideNetworks", unit=MetricUnit.Count, value=1)
    return problem_response(error)


@app.exception_handler(Exception)
def _unexpected(error: Exception) -> Response:
    # Nothing was acknowledged, but the report may have been stored (a write can succeed after the client gave
    # up): the form keeps what was typed and retries with the same submission id, which gives the same receipt.
    logger.exception("report not received", extra={"error_type": type(error).__name__})
    metrics.add_metric(name="IntakeFailures", unit=MetricUnit.Count, value=1)
    return answer(503, text(_language(), "api.request.unexpected"))


@app.not_found
def _not_found(_: NotFoundError) -> Response:
    return answer(404, text(_language(), "api.request.notFound"))


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST, log_event=False)
@tracer.capture_lambda_handler(capture_response=False, capture_error=False)
@metrics.log_metrics
def handler(event: dict, context) -> dict:
    return app.resolve(event, context)
