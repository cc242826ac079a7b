"""HTTP on 127.0.0.1 → the same Lambda handlers the CDK app deploys, called with API Gateway proxy events.

It also serves the static web pages (as S3 behind CloudFront does in AWS, with the same security headers,
functions/shared/web_headers.py, and the same subdirectory-index rule as the dashboard's CloudFront
Function), the form's config.json from the municipality's file, and the local outbox.
"""

import base64
import json
import logging
import threading
import time
import uuid
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace
from urllib.parse import parse_qsl

from functions.shared import web_headers

# API Gateway's own hard limit; the intake function enforces the real, much smaller one.
API_GATEWAY_MAX_BODY = 10 * 1024 * 1024
# CloudFront's response headers policies, from the same definition: the form's on every path (the API's
# answers included), the dashboard's Content-Security-Policy under /dashboard/.
SECURITY_HEADERS = web_headers.security_headers()

ApiHandler = Callable[[dict, object], dict]
DASHBOARD_PATH = "/dashboard"


def subdirectory_index(path: str) -> tuple[str, str | None]:
    """The dashboard's CloudFront Function, locally: '/dashboard' redirects to '/dashboard/', and a path
    ending in '/' serves its index.html. Answers (path to serve, redirect location or None)."""
    if path == DASHBOARD_PATH:
        return path, DASHBOARD_PATH + "/"
    if path.startswith(DASHBOARD_PATH + "/") and path.endswith("/"):
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


def make_server(
    port: int,
    *,
    api_routes: dict[str, tuple[str, ApiHandler, Callable[[dict[str, str]], dict | None] | None]],
    static_site: Callable[[str], tuple[str, bytes] | None],
    generated_files: dict[str, Callable[[], tuple[str, bytes]]],
    dashboard_sign_in_endpoint: str | None = None,
) -> ThreadingHTTPServer:
    """api_routes: path prefix → (function name, handler, authorizer or None); static_site: object key → (content type, bytes)
    or None, as CloudFront reads the form bucket; generated_files: exact path → () -> (content type, bytes);
    dashboard_sign_in_endpoint: the Cognito endpoint the dashboard's pages may connect to."""
    dashboard_headers = (
        {"Content-Security-Policy": web_headers.dashboard_content_security_policy(dashboard_sign_in_endpoint)}
        if dashboard_sign_in_endpoint
        else {}
    )

    # A Lambda execution environment runs one invocation at a time, and handlers rely on it (Powertools'
    # resolver keeps the current event on the app). One lock per function gives the same guarantee here.
    invocation_locks = {prefix: threading.Lock() for prefix in api_routes}

    class Handler(BaseHTTPRequestHandler):
        server_version = "OroLocal"
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:  # keep the console for what matters
            pass

        def _send(
            self, status: int, content_type: str, body: bytes, headers: dict[str, str] | None = None
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for key, value in {**SECURITY_HEADERS, **(headers or {})}.items():
                self.send_header(key, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _api(
            self, prefix: str, function_name: str, api_handler: ApiHandler, authorizer, path: str, query: str
        ) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length > API_GATEWAY_MAX_BODY:
                self.close_connection = True
                body = json.dumps({"message": "Anmälan är för stor.", "errors": []}).encode()
                self._send(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "application/json", body)
                return
            body = self.rfile.read(length) if length else b""
            headers = dict(self.headers.items())
            event = api_gateway_event(self.command, path, query, headers, body, self.client_address[0])
            if authorizer is not None:
                claims = authorizer(headers)
                if claims is None:  # as API Gateway answers before any function runs
                    self._send(HTTPStatus.UNAUTHORIZED, "application/json", b'{"message":"Unauthorized"}')
                    return
                event["requestContext"]["authorizer"] = {"claims": claims}
            try:
                with invocation_locks[prefix]:
                    result = api_handler(event, lambda_context(function_name))
            except Exception:  # a crashed function: API Gateway answers 502
                logging.getLogger(__name__).exception("%s failed", function_name)
                self._send(
                    HTTPStatus.BAD_GATEWAY, "application/json", b'{"message": "Internal server error"}'
                )
                return
            payload = result.get("body") or ""
            raw = base64.b64decode(payload) if result.get("isBase64Encoded") else payload.encode("utf-8")
            # API Gateway merges a proxy result's headers and multiValueHeaders.
            merged = dict(result.get("headers") or {})
            merged.update(
                {key: ", ".join(values) for key, values in (result.get("multiValueHeaders") or {}).items()}
            )
            content_type = next(
                (v for k, v in merged.items() if k.lower() == "content-type"), "application/json"
            )
            headers = {key: value for key, value in merged.items() if key.lower() != "content-type"}
            self._send(result.get("statusCode", 502), content_type, raw, headers)

        def _static(self, path: str) -> None:
            path, redirect = subdirectory_index(path)
            if redirect:
                self._send(
                    HTTPStatus.MOVED_PERMANENTLY, "text/plain; charset=utf-8", b"", {"Location": redirect}
                )
                return
            if path in generated_files:
                content_type, body = generated_files[path]()
                self._send(HTTPStatus.OK, content_type, body, {"Cache-Control": "no-store"})
                return
            key = path.lstrip("/") or "index.html"  # CloudFront's default root object
            found = static_site(key) if ".." not in key.split("/") else None
            if found is not None:
                content_type, body = found
                if content_type.startswith("text/") or content_type in (
                    "application/javascript",
                    "application/json",
                ):
                    content_type += "; charset=utf-8"
                on_dashboard = path.startswith(DASHBOARD_PATH + "/")
                self._send(HTTPStatus.OK, content_type, body, dashboard_headers if on_dashboard else None)
                return
            self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", b"Sidan finns inte.")

        def _dispatch(self) -> None:
            try:
                self._route()
            except Exception:  # never drop a connection without an answer; the log says why
                logging.getLogger(__name__).exception("request failed: %s %s", self.command, self.path)
                self._send(
                    HTTPStatus.BAD_GATEWAY, "application/json", b'{"message": "Internal server error"}'
                )

        def _route(self) -> None:
            path, _, query = self.path.partition("?")
            for prefix in sorted(api_routes, key=len, reverse=True):  # the most specific route wins
                if path.startswith(prefix):
                    function_name, api_handler, authorizer = api_routes[prefix]
                    self._api(prefix, function_name, api_handler, authorizer, path, query)
                    return
            if self.command in ("GET", "HEAD"):
                self._static(path)
            else:
                self._send(HTTPStatus.METHOD_NOT_ALLOWED, "text/plain; charset=utf-8", b"Method not allowed")

        do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = _dispatch

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    return server
