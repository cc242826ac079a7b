"""A stand-in for the local stack while it is being written: serves web/form and answers the public API.

It speaks the same contract as the real thing (config.json from the municipality's TOML, POST /api/reports
validated with the real ReportSubmission model and answered with the real receipt and Swedish errors), so
the browser tests exercise the form against the server's rules. It stores nothing outside this process.
"""

import json
import mimetypes
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from pydantic import ValidationError

from functions.domain.errors import DOMAIN_MESSAGES, describe_validation_error
from functions.domain.municipality import load_municipality
from functions.domain.public_settings import public_form_settings
from functions.domain.receipt import receipt_for
from functions.domain.reference_number import new_reference_number
from functions.domain.report import ReportSubmission

REPOSITORY_ROOT = Path(__file__).resolve().parents[2]
WEB_FORM_DIR = REPOSITORY_ROOT / "web" / "form"
MAX_BODY_BYTES = 256 * 1024
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


class StubStack:
    def __init__(self, municipality_id: str = "demo", http_port: int = 0) -> None:
        self.municipality = load_municipality(REPOSITORY_ROOT / "municipalities" / f"{municipality_id}.toml")
        self.http_port = http_port
        self._lock = threading.Lock()
        self._by_submission: dict[str, dict] = {}
        self._by_reference: dict[str, dict] = {}

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    def start(self) -> "StubStack":
        self._server = ThreadingHTTPServer(("127.0.0.1", self.http_port), _handler_for(self))
        self.http_port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, name="oro-form-stub", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def find_report(self, reference_number: str) -> dict | None:
        with self._lock:
            stored = self._by_reference.get(reference_number)
            return json.loads(json.dumps(stored)) if stored else None

    def receive(self, body: bytes) -> tuple[int, dict]:
        try:
            submission = ReportSubmission.model_validate_json(body)
        except ValidationError as error:
            problems = [problem.model_dump() for problem in describe_validation_error(error)]
            return 400, {
                "message": "Anmälan kunde inte tas emot. Rätta uppgifterna och försök igen.",
                "errors": problems,
            }
        if submission.is_anonymous and not self.municipality.anonymous_web_reports_allowed:
            return 400, {
                "message": "Anmälan kunde inte tas emot.",
                "errors": [
                    {"field": "reporter.anonymous", "message": DOMAIN_MESSAGES["anonymous_not_allowed"]}
                ],
            }
        content = submission.model_dump(mode="json", by_alias=True)
        key = str(submission.submission_id)
        with self._lock:
            earlier = self._by_submission.get(key)
            if earlier is not None:
                if earlier["submission"] == content:
                    return 200, earlier["receipt"]
                return 409, {
                    "message": "En anmälan med samma id har redan tagits emot med annat innehåll.",
                    "errors": [],
                }
            received_at = datetime.now(UTC)
            reference = new_reference_number(received_at, self.municipality.office_hours.timezone)
            receipt = receipt_for(self.municipality, reference, received_at).model_dump(
                mode="json", by_alias=True
            )
            stored = {"referenceNumber": reference, "submission": content, "receipt": receipt}
            self._by_submission[key] = stored
            self._by_reference[reference] = stored
        return 201, receipt


def _handler_for(stack: StubStack) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def _send(self, status: int, content_type: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in SECURITY_HEADERS.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def _json(self, status: int, payload: dict) -> None:
            self._send(
                status, "application/json; charset=utf-8", json.dumps(payload, ensure_ascii=False).encode()
            )

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            path = self.path.partition("?")[0]
            if path == "/config.json":
                self._json(200, public_form_settings(stack.municipality))
                return
            relative = path.lstrip("/") or "index.html"
            file = (WEB_FORM_DIR / relative).resolve()
            if WEB_FORM_DIR not in file.parents or not file.is_file():
                self._json(404, {"message": "Sidan finns inte."})
                return
            content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            if content_type.startswith("text/") or content_type.endswith("javascript"):
                content_type += "; charset=utf-8"
            self._send(200, content_type, file.read_bytes())

        def do_POST(self) -> None:  # noqa: N802
            if self.path.partition("?")[0] != "/api/reports":
                self._json(404, {"message": "Sidan finns inte."})
                return
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY_BYTES:
                self._json(413, {"message": "Anmälan är för stor."})
                return
            if (self.headers.get("Content-Type") or "").split(";")[0].strip() != "application/json":
                self._json(415, {"message": "Anmälan måste skickas som JSON."})
                return
            status, payload = stack.receive(self.rfile.read(length))
            self._json(status, payload)

    return Handler


if __name__ == "__main__":  # python -m tests.browser.stub_server [port]: try the form by hand
    import sys

    server = StubStack(http_port=int(sys.argv[1]) if len(sys.argv) > 1 else 8123).start()
    print(f"Formuläret: {server.base_url}/  (Ctrl-C stoppar)", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.stop()
