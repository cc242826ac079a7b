"""/api/reporter/*: reporters sign in (OpenID Connect) and read their own reports. Reporters are not staff: no
Cognito token opens anything here and no reporter session opens any staff route (the staff API sits behind its
own authorizer). Thin: the work is in sign_in.py and own_reports.py."""

import html
import json
from functools import cache
from http.cookies import CookieError, SimpleCookie

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response, content_types
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.shared.cookies import Cookie, SameSite

from functions.domain.languages import language_codes, text
from functions.domain.reporter_identity import IdentityRefused
from functions.domain.reporter_questions import (
    ANSWER_MAX_LENGTH,
    AlreadyAnswered,
    AnswerBody,
    NoSuchQuestion,
    ReportClosed,
)
from functions.reporter.oidc import OidcProvider, SignInFailed
from functions.reporter.own_reports import NotTheirs, answer_question, list_own_reports, own_report
from functions.reporter.sign_in import (
    RETURN_PAGES,
    SIGN_IN_MINUTES,
    UnknownProvider,
    finish_sign_in,
    start_sign_in,
    who_is_signed_in,
)
from functions.shared import names
from functions.shared.aws import client
from functions.shared.clock import utc_now
from functions.shared.collaborators import reporter_keys, reporter_sessions
from functions.shared.observability import logger, metrics, tracer
from functions.shared.problems import RequestRefused, answer, answer_problems, request_language
from functions.shared.settings import ReporterSettings, settings_of
from functions.stores.audit import AuditStore
from functions.stores.reporter_questions import ReporterQuestionsStore
from functions.stores.reporter_sessions import ReporterSession, ReporterSessions
from functions.stores.reports import ReportsStore

SESSION_COOKIE = names.REPORTER_SESSION_COOKIE
STATE_COOKIE = "oro_sign_in"

app = APIGatewayRestResolver()


_language = request_language(app)
answer_problems(app, _language)


def _settings() -> ReporterSettings:
    return settings_of(ReporterSettings)


def _sessions() -> ReporterSessions:
    sessions = reporter_sessions(_settings())
    assert sessions is not None  # the reporter function always has its table
    return sessions


@cache
def _provider(provider_id: str) -> OidcProvider:
    settings = _settings()
    configured = settings.providers.get(provider_id)
    if configured is None:
        raise UnknownProvider(provider_id)
    secret_name = configured.client_secret_name

    def client_secret() -> str | None:
        if not secret_name:
            return None
        from aws_lambda_powertools.utilities import parameters

        return str(parameters.get_secret(secret_name))

    return OidcProvider(configured.issuer, configured.client_id, client_secret)


def _cookie(name: str) -> str | None:
    headers = app.current_event.headers or {}
    raw = next((value for key, value in headers.items() if key.lower() == "cookie"), "")
    try:
        jar = SimpleCookie(raw)
    except CookieError:
        return None
    morsel = jar.get(name)
    return morsel.value if morsel else None


def _set_cookie(name: str, value: str, *, max_age: int, same_site: SameSite, path: str) -> Cookie:
    """HttpOnly always; Secure wherever the site is served over HTTPS (everywhere but `make run`)."""
    return Cookie(
        name,
        value,
        path=path,
        secure=_settings().site_origin.startswith("https://"),
        http_only=True,
        max_age=max_age,
        same_site=same_site,
    )


def _signed_in() -> tuple[ReporterSession, str]:
    token = _cookie(SESSION_COOKIE)
    session = _sessions().session(token, utc_now()) if token else None
    if session is None or token is None:
        raise RequestRefused(401, "api.reporter.notSignedIn")
    return session, token


def _json(status: int, body: str, cookies: list[Cookie] | None = None) -> Response[str]:
    return Response(
        status_code=status,
        content_type=content_types.APPLICATION_JSON,
        body=body,
        headers={"Cache-Control": "no-store"},
        cookies=cookies or [],
    )


@app.get("/api/reporter/sign-in")
def get_sign_in() -> Response[str]:
    query = app.current_event.query_string_parameters or {}
    settings = _settings()
    try:
        started = start_sign_in(
            settings.municipality,
            query.get("provider", ""),
            query.get("return", ""),
            provider=_provider,
            sessions=_sessions(),
            site_origin=settings.site_origin,
            now=utc_now(),
            # The page's language (the link names it), else the browser's: the provider's pages and the page
            # the reporter comes back to are in it.
            language=query["lang"] if query.get("lang") in language_codes() else _language(),
        )
    except UnknownProvider as error:
        raise RequestRefused(404, "api.reporter.unknownProvider") from error
    except SignInFailed as error:
        logger.warning("sign-in not started", extra={"reason": error.reason})
        metrics.add_metric(name="ReporterSignInsFailed", unit=MetricUnit.Count, value=1)
        return _failure_page(503)
    return Response(
        status_code=302,
        body="",
        headers={"Location": started.location, "Cache-Control": "no-store"},
        cookies=[
            _set_cookie(
                STATE_COOKIE,
                started.state,
                max_age=SIGN_IN_MINUTES * 60,
                same_site=SameSite.LAX_MODE,
                path="/api/reporter/",
            )
        ],
    )


@app.get("/api/reporter/callback")
def get_callback() -> Response[str]:
    query = app.current_event.query_string_parameters or {}
    settings = _settings()
    clear_state = _set_cookie(STATE_COOKIE, "", max_age=0, same_site=SameSite.LAX_MODE, path="/api/reporter/")
    try:
        signed_in = finish_sign_in(
            settings.municipality,
            state=query.get("state"),
            state_cookie=_cookie(STATE_COOKIE),
            code=query.get("code"),
            provider_error=query.get("error"),
            provider=_provider,
            sessions=_sessions(),
            keys=reporter_keys(settings.reporter_key_secret_name),
            site_origin=settings.site_origin,
            now=utc_now(),
        )
    except (SignInFailed, IdentityRefused, UnknownProvider) as error:
        reason = error.reason if isinstance(error, SignInFailed) else type(error).__name__
        logger.warning("sign-in refused", extra={"reason": reason})
        metrics.add_metric(name="ReporterSignInsFailed", unit=MetricUnit.Count, value=1)
        message = str(error) if isinstance(error, IdentityRefused) else None
        return _failure_page(400, message, cookies=[clear_state])
    logger.info("reporter signed in", extra={"provider": signed_in.session.identity.provider})
    metrics.add_metric(name="ReporterSignIns", unit=MetricUnit.Count, value=1)
    minutes = settings.municipality.reporter_session_minutes
    return Response(
        status_code=303,
        body="",
        headers={"Location": signed_in.return_path, "Cache-Control": "no-store"},
        cookies=[
            clear_state,
            _set_cookie(
                SESSION_COOKIE,
                signed_in.token,
                max_age=minutes * 60,
                same_site=SameSite.STRICT_MODE,
                path="/api/",
            ),
        ],
    )


def _failure_page(
    status: int, message: str | None = None, cookies: list[Cookie] | None = None
) -> Response[str]:
    """The browser came here by a redirect: a page, not JSON. Swedish, with the way back."""
    said = html.escape(
        message or "Inloggningen kunde inte slutföras. Det kan bero på att den tog för lång tid."
    )
    body = (
        '<!doctype html><html lang="sv"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>Inloggningen misslyckades – Oro</title></head><body><main>"
        f"<h1>Inloggningen misslyckades</h1><p>{said}</p>"
        f'<p><a href="{RETURN_PAGES["mina"]}">Försök igen</a> eller <a href="{RETURN_PAGES["formular"]}">'
        "gå till formuläret</a>. Du kan alltid ringa oss i stället.</p></main></body></html>"
    )
    return Response(
        status_code=status,
        content_type="text/html; charset=utf-8",
        body=body,
        headers={"Cache-Control": "no-store"},
        cookies=cookies or [],
    )


@app.get("/api/reporter/session")
def get_session() -> Response[str]:
    session, _ = _signed_in()
    return _json(
        200,
        json.dumps(
            {
                **who_is_signed_in(session.identity, _settings().municipality),
                "expiresAt": session.expires_at.isoformat(),
            },
            ensure_ascii=False,
        ),
    )


@app.post("/api/reporter/sign-out")
def post_sign_out() -> Response[str]:
    token = _cookie(SESSION_COOKIE)
    if token:
        _sessions().end_session(token)
    return Response(
        status_code=204,
        body="",
        headers={"Cache-Control": "no-store"},
        cookies=[_set_cookie(SESSION_COOKIE, "", max_age=0, same_site=SameSite.STRICT_MODE, path="/api/")],
    )


@cache
def _reports() -> ReportsStore:
    return ReportsStore(_settings().reports_table_name, client("dynamodb"))


@cache
def _audit() -> AuditStore:
    return AuditStore(_settings().audit_table_name, client("dynamodb"))


@app.get("/api/reporter/reports")
def get_own_reports() -> Response[str]:
    session, _ = _signed_in()
    found = list_own_reports(session, reports=_reports(), audit=_audit(), now=utc_now())
    body = "[" + ",".join(summary.model_dump_json(by_alias=True) for summary in found) + "]"
    return _json(200, '{"reports":' + body + "}")


@app.get("/api/reporter/reports/<report_id>")
def get_own_report(report_id: str) -> Response[str]:
    session, _ = _signed_in()
    try:
        found = own_report(session, report_id, reports=_reports(), audit=_audit(), now=utc_now())
    except NotTheirs as error:
        raise RequestRefused(404, "api.reporter.notFound") from error
    return _json(200, found.model_dump_json(by_alias=True))


# The answer's 4 000 characters, each up to 4 bytes in UTF-8 and more as JSON escapes, with room for the rest.
MAX_ANSWER_BODY_BYTES = ANSWER_MAX_LENGTH * 6 + 1024


def _answer_body() -> AnswerBody:
    """JSON only, and not more than an answer can be, checked before it is parsed."""
    event = app.current_event
    headers = event.headers or {}
    content_type = next((value for key, value in headers.items() if key.lower() == "content-type"), "")
    if content_type.split(";")[0].strip().lower() != "application/json":
        raise RequestRefused(415, "api.reporter.answerNotJson")
    raw = event.body or ""
    if len(raw.encode("utf-8", "surrogatepass")) > MAX_ANSWER_BODY_BYTES:
        raise RequestRefused(413, "api.reporter.answerTooLong", characters=ANSWER_MAX_LENGTH)
    return AnswerBody.model_validate_json(raw or "{}")


@app.post("/api/reporter/reports/<report_id>/answers")
def post_answer(report_id: str) -> Response[str]:
    session, _ = _signed_in()
    answer_to = _answer_body()
    try:
        answer_question(
            session,
            report_id,
            answer_to.question_id,
            answer_to.text,
            reports=_reports(),
            questions=ReporterQuestionsStore(_settings().reports_table_name, client("dynamodb")),
            audit=_audit(),
            now=utc_now(),
        )
    except NotTheirs as error:
        raise RequestRefused(404, "api.reporter.notFound") from error
    except NoSuchQuestion as error:
        raise RequestRefused(404, "api.reporter.noSuchQuestion") from error
    except AlreadyAnswered as error:
        raise RequestRefused(409, "api.reporter.alreadyAnswered") from error
    except ReportClosed as error:
        raise RequestRefused(409, "api.reporter.reportClosed") from error
    return _json(201, json.dumps({"event": "reporter_answered_question"}))


@app.exception_handler(Exception)
def _unexpected(error: Exception) -> Response:
    logger.exception("reporter request failed", extra={"error_type": type(error).__name__})
    return answer(503, text(_language(), "api.request.unexpected"))


@app.not_found
def _not_found(_: NotFoundError) -> Response:
    return answer(404, text(_language(), "api.request.notFound"))


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST, log_event=False)
@tracer.capture_lambda_handler(capture_response=False, capture_error=False)  # answers hold report content
@metrics.log_metrics
def handler(event: dict, context) -> dict:
    return app.resolve(event, context)
