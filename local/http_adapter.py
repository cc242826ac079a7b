"""HTTP on 127.0.0.1 → the same Lambda handlers the CDK app deploys, called with API Gateway proxy events.

It also serves the static web pages (as S3 behind CloudFront does in AWS, with the same security headers,
functions/shared/web_headers.py, and the same subdirectory-index rule as the dashboard's CloudFront
Function), the form's config.json from the municipality's file, and the local outbox.

The HTTP itself is waitress's (a WSGI server): it parses and frames requests, refuses what CloudFront and
API Gateway would refuse before any function runs (a bad or negative Content-Length, Content-Length with
Transfer-Encoding, a transfer coding it cannot read: 400; a body over API Gateway's 10 MB: 413, before the
body is read), de-chunks chunked bodies, and queues requests on a thread pool instead of resetting
connections. What is here is a WSGI application that does the routing.
"""

import base64
import contextlib
import json
import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from http import HTTPStatus
from types import SimpleNamespace
from urllib.parse import parse_qsl

import waitress
from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser, ParsingError, TransferEncodingNotImplemented
from waitress.task import ErrorTask

from functions.shared import web_headers
from functions.shared.client_address import VIEWER_ADDRESS_HEADER

# API Gateway's own hard limit; the intake function enforces the real, much smaller one.
API_GATEWAY_MAX_BODY = 10 * 1024 * 1024
# CloudFront's response headers policies, from the same definition: the form's on every path (the API's
# answers included), the dashboard's Content-Security-Policy under /dashboard/.
SECURITY_HEADERS = web_headers.security_headers()

ApiHandler = Callable[[dict, object], dict]
Authorizer = Callable[[dict[str, str]], dict | None]
# status, content type, body, more headers (a list of values is sent as that many headers: Set-Cookie)
Answer = tuple[int, str, bytes, dict[str, str] | dict[str, str | list[str]] | None]
DASHBOARD_PATH = "/dashboard"
MINA_ANMALNINGAR_PATH = "/mina-anmalningar"

# What CloudFront forwards to the API (the /api/* behaviour allows all it can: infra/constructs/web.py).
# CloudFront answers any other method (TRACE, CONNECT, …) 403 "Invalid method" before API Gateway sees it,
# and API Gateway itself answers 403 {"message":"Missing Authentication Token"} for a method it has no
# route for. Locally: 403 with API Gateway's body, on every path, before any function runs.
FORWARDED_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"})
# A request of these methods says how long its body is (Content-Length, or chunked, which waitress
# de-chunks and then counts); without either API Gateway answers 411 Length Required.
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
# Headers a WSGI application may not set (PEP 3333); the server frames the answer itself.
HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "trailers",
        "transfer-encoding",
        "upgrade",
    }
)
TOO_LARGE_MESSAGE = "Anmälan är för stor."

# waitress: `threads` handle requests (each function still runs one invocation at a time, below, so the
# rest wait for their turn: a queue, not an error); up to CONNECTION_LIMIT connections are open at once, and
# clients beyond it wait in the listen backlog (the kernel caps it at net.core.somaxconn) instead of being
# reset. `make run` serves 100 simultaneous clients.
THREADS = 16
CONNECTION_LIMIT = 500
BACKLOG = 1024


def subdirectory_index(path: str) -> tuple[str, str | None]:
    """The site's CloudFront Function, locally: '/dashboard' and '/mina-anmalningar' redirect to themselves
    with a '/', and a path ending in '/' serves its index.html. Answers (path to serve, redirect location or
    None)."""
    if path in (DASHBOARD_PATH, MINA_ANMALNINGAR_PATH):
        return path, path + "/"
    if path.endswith("/"):
        return path + "index.html", None
    return path, None


def api_gateway_event(
    method: str, path: str, query: str, headers: dict[str, str], body: bytes, source_ip: str
) -> dict:
    try:
        text, encoded = body.decode("utf-8"), False
    except UnicodeDecodeError:
        text, encoded = base64.b64encode(body).decode("ascii"), True
    parameters: dict[str, list[str]] = {}
    for key, value in parse_qsl(query, keep_blank_values=True):  # API Gateway hands them decoded
        parameters.setdefault(key, []).append(value)
    return {
        "resource": path,
        "path": path,
        "httpMethod": method,
        "headers": headers,
        "multiValueHeaders": {key: [value] for key, value in headers.items()},
        "queryStringParameters": {key: values[-1] for key, values in parameters.items()} or None,
        "multiValueQueryStringParameters": parameters or None,
        "pathParameters": None,
        "stageVariables": None,
        "requestContext": {
            "resourcePath": path,
            "httpMethod": method,
            "path": f"/prod{path}",
            "stage": "prod",
            "requestId": str(uuid.uuid4()),
            "requestTimeEpoch": int(time.time() * 1000),
            "identity": {"sourceIp": source_ip, "userAgent": headers.get("User-Agent", "")},
            "accountId": "123456789012",
            "apiId": "local",
        },
        "body": text if body else None,
        "isBase64Encoded": encoded,
    }


def lambda_context(function_name: str) -> SimpleNamespace:
    return SimpleNamespace(
        function_name=function_name,
        function_version="$LATEST",
        invoked_function_arn=f"arn:aws:lambda:local:123456789012:function:{function_name}",
        memory_limit_in_mb=512,
        aws_request_id=str(uuid.uuid4()),
        get_remaining_time_in_millis=lambda: 29_000,
    )


class _Parser(HTTPRequestParser):
    """waitress's request parser, stricter about framing where a front end and a back end could disagree
    on where a request ends (request smuggling): Content-Length with Transfer-Encoding (RFC 9112 6.1 lets a
    server refuse it, and waitress would otherwise go by Transfer-Encoding and keep the connection), a
    Transfer-Encoding in HTTP/1.0 (faulty framing, RFC 9112 6.1), and a transfer coding other than chunked
    (waitress answers 501; a request it cannot read is the client's error): 400, and the connection closed."""

    def parse_header(self, header_plus: bytes) -> None:
        try:
            super().parse_header(header_plus)
        except TransferEncodingNotImplemented as error:
            raise ParsingError(str(error)) from error
        if self.chunked and "CONTENT_LENGTH" in self.headers:
            raise ParsingError("Content-Length with Transfer-Encoding")
        if self.version == "1.0" and "TRANSFER_ENCODING" in self.headers:
            raise ParsingError("Transfer-Encoding in HTTP/1.0")


class _Refusal(ErrorTask):
    """waitress's own answers (400, 413, 431) as API Gateway's refusals look: JSON with a message, and
    CloudFront's security headers, as on every answer. The connection is closed after it, as waitress does."""

    def execute(self) -> None:
        error = self.request.error
        message = TOO_LARGE_MESSAGE if error.code == HTTPStatus.REQUEST_ENTITY_TOO_LARGE else error.reason
        body = json.dumps({"message": message}, ensure_ascii=False).encode()
        self.status = f"{error.code} {error.reason}"
        self.response_headers.extend([("Content-Type", "application/json"), *SECURITY_HEADERS.items()])
        self.set_close_on_finish()
        self.content_length = len(body)
        self.write(body)


class _Channel(HTTPChannel):
    parser_class = _Parser
    error_task_class = _Refusal


class LocalServer:
    """waitress serving the adapter, with the interface of the standard library's servers that local/stack.py
    and the tests use: serve_forever() in a thread of its own, shutdown() and server_close() from another,
    and server_address (port 0 gives a free port)."""

    def __init__(self, application: Callable, port: int) -> None:
        self._server = waitress.create_server(
            application,
            host="127.0.0.1",
            port=port,
            ident="OroLocal",
            threads=THREADS,
            connection_limit=CONNECTION_LIMIT,
            backlog=BACKLOG,
            # waitress refuses a body of max_request_body_size bytes or more: API Gateway takes 10 MB.
            max_request_body_size=API_GATEWAY_MAX_BODY + 1,
            # Every header reaches the function as API Gateway passes it (X-Forwarded-For included).
            clear_untrusted_proxy_headers=False,
            # poll(), not select(): select() fails on descriptors over 1024.
            asyncore_use_poll=True,
        )
        self._server.channel_class = _Channel
        self._serving = threading.Event()
        self._stopped = threading.Event()
        # "Task queue depth is N" at every request that waits for a thread: waiting is expected here.
        logging.getLogger("waitress.queue").setLevel(logging.ERROR)

    @property
    def server_address(self) -> tuple[str, int]:
        return self._server.effective_host, int(self._server.effective_port)

    def serve_forever(self) -> None:
        self._serving.set()
        try:
            self._server.run()  # returns when every socket is closed
        finally:
            self._stopped.set()

    def _close_sockets(self) -> None:
        for channel in list(self._server.active_channels.values()):
            channel.handle_close()
        self._server.close()  # the listening socket and the loop's trigger

    def shutdown(self) -> None:
        """Stops serve_forever and waits for it to return."""
        if self._stopped.is_set():
            return
        if not self._serving.is_set():
            self._close_sockets()
            self._stopped.set()
            return
        # The loop owns its sockets: it closes them itself, woken by its trigger.
        # A closed trigger: the loop has ended already, and serve_forever is returning.
        with contextlib.suppress(OSError):
            self._server.trigger.pull_trigger(self._close_sockets)
        if not self._stopped.wait(timeout=10):
            raise TimeoutError("the local HTTP server did not stop")

    def server_close(self) -> None:
        """Stops the request threads (those in a request finish it first, for up to 5 seconds)."""
        self.shutdown()
        self._server.task_dispatcher.shutdown()


def _request_headers(environ: dict) -> dict[str, str]:
    """The request's headers, named as clients send them (WSGI gives Content-Type as CONTENT_TYPE and
    User-Agent as HTTP_USER_AGENT)."""
    headers = {}
    for key, value in environ.items():
        if key.startswith("HTTP_"):
            name = key.removeprefix("HTTP_")
        elif key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            name = key
        else:
            continue
        headers["-".join(part.capitalize() for part in name.split("_"))] = value
    return headers


def with_viewer_address(headers: dict[str, str], environ: dict) -> dict[str, str]:
    """As CloudFront does for the API: the client's own address and port in CloudFront-Viewer-Address, in
    place of any such header the client sent."""
    kept = {name: value for name, value in headers.items() if name.lower() != VIEWER_ADDRESS_HEADER.lower()}
    address, port = environ.get("REMOTE_ADDR", ""), environ.get("REMOTE_PORT", "0")
    if address:
        kept[VIEWER_ADDRESS_HEADER] = f"[{address}]:{port}" if ":" in address else f"{address}:{port}"
    return kept


def _status_line(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"{status} Unknown"


def make_server(
    port: int,
    *,
    api_routes: dict[str, tuple[str, ApiHandler, Authorizer | None]],
    static_site: Callable[[str], tuple[str, bytes] | None],
    generated_files: dict[str, Callable[[], tuple[str, bytes]]],
    dashboard_sign_in_endpoint: str | None = None,
    form_upload_origin: str | None = None,
) -> LocalServer:
    """api_routes: path prefix → (function name, handler, authorizer or None); static_site: object key → (content type, bytes)
    or None, as CloudFront reads the form bucket; generated_files: exact path → () -> (content type, bytes);
    dashboard_sign_in_endpoint: the Cognito endpoint the dashboard's pages may connect to; form_upload_origin:
    the attachment bucket's origin the form posts files to (moto's locally)."""
    # The form's policy on every path, the API's answers included, as CloudFront's default and /api/* behaviours.
    base_headers = web_headers.security_headers(web_headers.form_content_security_policy(form_upload_origin))
    dashboard_headers = (
        {"Content-Security-Policy": web_headers.dashboard_content_security_policy(dashboard_sign_in_endpoint)}
        if dashboard_sign_in_endpoint
        else {}
    )

    # A Lambda execution environment runs one invocation at a time, and handlers rely on it (Powertools'
    # resolver keeps the current event on the app). One lock per function gives the same guarantee here.
    invocation_locks = {prefix: threading.Lock() for prefix in api_routes}

    def api(prefix: str, environ: dict, method: str, path: str, headers: dict[str, str]) -> Answer:
        function_name, api_handler, authorizer = api_routes[prefix]
        length = int(environ.get("CONTENT_LENGTH") or 0)  # waitress has checked it: digits, at most 10 MB
        body = environ["wsgi.input"].read(length) if length else b""
        headers = with_viewer_address(headers, environ)
        event = api_gateway_event(
            method, path, environ.get("QUERY_STRING", ""), headers, body, environ.get("REMOTE_ADDR", "")
        )
        if authorizer is not None:
            claims = authorizer(headers)
            if claims is None:  # as API Gateway answers before any function runs
                return HTTPStatus.UNAUTHORIZED, "application/json", b'{"message":"Unauthorized"}', None
            event["requestContext"]["authorizer"] = {"claims": claims}
        try:
            with invocation_locks[prefix]:
                result = api_handler(event, lambda_context(function_name))
        except Exception:  # a crashed function: API Gateway answers 502
            logging.getLogger(__name__).exception("%s failed", function_name)
            return HTTPStatus.BAD_GATEWAY, "application/json", b'{"message": "Internal server error"}', None
        payload = result.get("body") or ""
        raw = base64.b64decode(payload) if result.get("isBase64Encoded") else payload.encode("utf-8")
        # API Gateway merges a proxy result's headers and multiValueHeaders; each cookie is its own header.
        merged: dict[str, str | list[str]] = dict(result.get("headers") or {})
        merged.update(
            {
                key: list(values) if key.lower() == "set-cookie" else ", ".join(values)
                for key, values in (result.get("multiValueHeaders") or {}).items()
            }
        )
        content_type = str(
            next((v for k, v in merged.items() if k.lower() == "content-type"), "application/json")
        )
        framing = HOP_BY_HOP | {"content-type", "content-length"}  # the adapter frames the answer
        more = {key: value for key, value in merged.items() if key.lower() not in framing}
        return int(result.get("statusCode", HTTPStatus.BAD_GATEWAY)), content_type, raw, more

    def static(method: str, path: str) -> Answer:
        if method not in ("GET", "HEAD"):
            return HTTPStatus.METHOD_NOT_ALLOWED, "text/plain; charset=utf-8", b"Method not allowed", None
        path, redirect = subdirectory_index(path)
        if redirect:
            return HTTPStatus.MOVED_PERMANENTLY, "text/plain; charset=utf-8", b"", {"Location": redirect}
        if path in generated_files:
            content_type, body = generated_files[path]()
            return HTTPStatus.OK, content_type, body, {"Cache-Control": "no-store"}
        key = path.lstrip("/") or "index.html"  # CloudFront's default root object
        found = static_site(key) if ".." not in key.split("/") else None
        if found is None:
            return HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", b"Sidan finns inte.", None
        content_type, body = found
        if content_type.startswith("text/") or content_type in ("application/javascript", "application/json"):
            content_type += "; charset=utf-8"
        on_dashboard = path.startswith(DASHBOARD_PATH + "/")
        return HTTPStatus.OK, content_type, body, dashboard_headers if on_dashboard else None

    def route(environ: dict, method: str, path: str) -> Answer:
        if method not in FORWARDED_METHODS:
            return (
                HTTPStatus.FORBIDDEN,
                "application/json",
                b'{"message":"Missing Authentication Token"}',
                None,
            )
        if method in BODY_METHODS and "CONTENT_LENGTH" not in environ:
            return HTTPStatus.LENGTH_REQUIRED, "application/json", b'{"message":"Length Required"}', None
        headers = _request_headers(environ)
        for prefix in sorted(api_routes, key=len, reverse=True):  # the most specific route wins
            if path.startswith(prefix):
                return api(prefix, environ, method, path, headers)
        return static(method, path)

    def application(environ: dict, start_response: Callable) -> Iterable[bytes]:
        method = environ["REQUEST_METHOD"]
        # WSGI hands the decoded path as latin-1 text (PEP 3333); its bytes are UTF-8.
        path = environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8", "replace") or "/"
        try:
            status, content_type, body, more = route(environ, method, path)
        except Exception:  # never drop a connection without an answer; the log says why
            logging.getLogger(__name__).exception("request failed: %s %s", method, path)
            status, content_type, body, more = (
                HTTPStatus.BAD_GATEWAY,
                "application/json",
                b'{"message": "Internal server error"}',
                None,
            )
        headers = {**base_headers, **(more or {})}
        start_response(
            _status_line(status),
            [
                ("Content-Type", content_type),
                ("Content-Length", str(len(body))),
                *(
                    (name, value)
                    for name, values in headers.items()
                    for value in (values if isinstance(values, list) else [values])
                ),
            ],
        )
        return [b"" if method == "HEAD" else body]

    return LocalServer(application, port)
