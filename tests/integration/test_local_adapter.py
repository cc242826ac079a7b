"""The local HTTP adapter refuses what API Gateway and CloudFront would refuse before any function runs:
broken framing (400), a body without a length (411), a body over API Gateway's 10 MB (413), methods
neither forwards (403), and it serves 100 clients at once without resetting a connection. Raw sockets, so
that the requests are exactly the broken ones; a fake function that counts its calls, so no local stack."""

import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from local import http_adapter

PAGES = {"index.html": ("text/html", b"<!doctype html><title>Form</title>")}
TIMEOUT = 5


@pytest.fixture(autouse=True)
def _stop_lifecycles():
    """This module needs no local stack (tests/integration/conftest.py's fixture of this name starts one)."""
    yield


@dataclass
class Adapter:
    port: int
    events: list[dict] = field(default_factory=list)
    handler_seconds: float = 0.0


@pytest.fixture
def adapter() -> Iterator[Adapter]:
    running = Adapter(port=0)

    def intake(event: dict, context) -> dict:
        running.events.append(event)
        time.sleep(running.handler_seconds)
        body = {"received": len(event["body"] or ""), "method": event["httpMethod"]}
        return {"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": json.dumps(body)}

    server = http_adapter.make_server(
        0, api_routes={"/api/": ("intake", intake, None)}, static_site=PAGES.get, generated_files={}
    )
    running.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield running
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
    assert not thread.is_alive(), "the server did not stop"


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> dict:
        return json.loads(self.body)


def read_response(reader) -> Response | None:
    """One HTTP/1.1 response with a Content-Length from the stream, or None if the server closed it."""
    line = reader.readline()
    if not line:
        return None
    status = int(line.split()[1])
    headers = {}
    while (line := reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    return Response(status, headers, reader.read(int(headers.get("content-length", "0"))))


def exchange(adapter: Adapter, raw: bytes) -> list[Response]:
    """Sends the bytes on one connection and reads every answer until the server closes it (or goes quiet)."""
    with socket.create_connection(("127.0.0.1", adapter.port), timeout=TIMEOUT) as connection:
        connection.sendall(raw)
        reader = connection.makefile("rb")
        responses: list[Response] = []
        try:
            while (response := read_response(reader)) is not None:
                responses.append(response)
                connection.settimeout(0.5)  # a second answer, if any, comes at once
        except TimeoutError:
            if not responses:
                raise
        return responses


def request(method: str, headers: list[str], body: bytes = b"", path: str = "/api/reports") -> bytes:
    head = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", *headers]
    return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body


BODY = b'{"submissionId": "x"}'
JSON = "Content-Type: application/json"


def test_a_well_formed_post_reaches_the_function_once(adapter):
    (answer,) = exchange(
        adapter, request("POST", [JSON, f"Content-Length: {len(BODY)}", "Connection: close"], BODY)
    )
    assert answer.status == 200 and answer.json() == {"received": len(BODY), "method": "POST"}
    assert [event["body"] for event in adapter.events] == [BODY.decode()]


@pytest.mark.parametrize(
    "length_headers",
    [
        ["Content-Length: -1"],
        ["Content-Length: -100000"],
        ["Content-Length: abc"],
        ["Content-Length: +5"],
        ["Content-Length: 0x10"],
        ["Content-Length: 5", "Content-Length: 6"],
    ],
    ids=["minus-one", "large-negative", "not-a-number", "plus-sign", "hex", "two-lengths"],
)
def test_a_bad_content_length_gets_400_and_never_reaches_the_function(adapter, length_headers):
    (answer,) = exchange(adapter, request("POST", [JSON, *length_headers], BODY))
    assert answer.status == 400
    assert adapter.events == []
    # As API Gateway's own refusals: JSON, and CloudFront's security headers on it as on every answer.
    assert answer.headers["content-type"].startswith("application/json") and answer.json()["message"]
    for header, value in http_adapter.SECURITY_HEADERS.items():
        assert answer.headers[header.lower()] == value


def test_content_length_with_chunked_transfer_encoding_is_refused_and_nothing_smuggled(adapter):
    # A front end that goes by Content-Length sees one request; one that goes by Transfer-Encoding sees a
    # second, hidden in the first one's body. Refused, and the connection closed after the answer.
    smuggled = request("POST", [JSON, f"Content-Length: {len(BODY)}"], BODY)
    body = b"0\r\n\r\n" + smuggled
    answers = exchange(
        adapter, request("POST", [JSON, f"Content-Length: {len(body)}", "Transfer-Encoding: chunked"], body)
    )
    assert [answer.status for answer in answers] == [400]
    assert adapter.events == []


@pytest.mark.parametrize(
    "framing",
    [
        ("HTTP/1.1", "Transfer-Encoding: gzip"),
        ("HTTP/1.1", "Transfer-Encoding: chunked, gzip"),
        ("HTTP/1.0", "Transfer-Encoding: chunked"),  # HTTP/1.0 has no transfer codings: faulty framing
    ],
    ids=["gzip", "chunked-then-gzip", "chunked-in-http-1.0"],
)
def test_a_transfer_encoding_that_cannot_be_read_gets_400_not_5xx(adapter, framing):
    version, transfer_encoding = framing
    raw = request("POST", [JSON, transfer_encoding, "Connection: keep-alive"], b"2\r\n{}\r\n0\r\n\r\n")
    answers = exchange(adapter, raw.replace(b"HTTP/1.1", version.encode(), 1))
    assert [answer.status for answer in answers] == [400]
    assert adapter.events == []


def test_a_chunked_body_reaches_the_function_whole(adapter):
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in (BODY[:5], BODY[5:])) + b"0\r\n\r\n"
    raw = request("POST", [JSON, "Transfer-Encoding: chunked", "Connection: close"], chunked)
    (answer,) = exchange(adapter, raw)
    assert answer.status == 200
    assert [event["body"] for event in adapter.events] == [BODY.decode()]


@pytest.mark.parametrize("method", ["TRACE", "CONNECT"])
@pytest.mark.parametrize("path", ["/api/reports", "/", "/index.html"])
def test_methods_cloudfront_does_not_forward_get_403(adapter, method, path):
    target = "127.0.0.1:443" if method == "CONNECT" else path
    (answer,) = exchange(adapter, request(method, ["Connection: close"], path=target))
    assert answer.status == 403
    assert adapter.events == []


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH"])
def test_a_body_method_without_a_length_gets_411(adapter, method):
    answers = exchange(adapter, request(method, [JSON, "Connection: close"]))
    assert [answer.status for answer in answers] == [411]
    assert adapter.events == []


def test_an_empty_post_with_content_length_zero_reaches_the_function(adapter):
    (answer,) = exchange(adapter, request("POST", [JSON, "Content-Length: 0", "Connection: close"]))
    assert answer.status == 200 and answer.json()["received"] == 0


def test_a_body_over_api_gateways_10_mb_gets_413_before_it_is_sent(adapter):
    # Only the head goes out: the answer must come without the adapter waiting for (or reading) the body.
    length = http_adapter.API_GATEWAY_MAX_BODY + 1
    (answer,) = exchange(adapter, request("POST", [JSON, f"Content-Length: {length}"]))
    assert answer.status == 413
    assert adapter.events == []


def test_a_body_of_exactly_10_mb_is_accepted(adapter):
    body = b"x" * http_adapter.API_GATEWAY_MAX_BODY
    raw = request(
        "POST", ["Content-Type: text/plain", f"Content-Length: {len(body)}", "Connection: close"], body
    )
    (answer,) = exchange(adapter, raw)
    assert answer.status == 200 and answer.json()["received"] == len(body)


def test_head_of_a_page_has_its_length_and_no_body(adapter):
    (get,) = exchange(adapter, request("GET", ["Connection: close"], path="/"))
    (head,) = exchange(adapter, request("HEAD", ["Connection: close"], path="/"))
    assert get.status == head.status == 200
    assert get.body == PAGES["index.html"][1]
    assert head.headers["content-length"] == str(len(get.body))
    assert head.body == b""


def test_one_hundred_simultaneous_posts_all_get_complete_answers(adapter):
    # One invocation at a time, as one Lambda execution environment: the other 99 must wait, not be reset.
    adapter.handler_seconds = 0.005
    clients = 100
    start = threading.Barrier(clients)
    answers: list[Response | BaseException] = []

    def client() -> None:
        try:
            start.wait(timeout=TIMEOUT)
            with socket.create_connection(("127.0.0.1", adapter.port), timeout=30) as connection:
                connection.sendall(request("POST", [JSON, f"Content-Length: {len(BODY)}"], BODY))
                answers.append(read_response(connection.makefile("rb")) or EOFError("closed"))
        except BaseException as error:  # noqa: BLE001 - every failure is counted below
            answers.append(error)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    failures = [answer for answer in answers if not isinstance(answer, Response)]
    assert failures == []
    assert [answer.status for answer in answers if isinstance(answer, Response)] == [200] * clients
    assert all(answer.json()["received"] == len(BODY) for answer in answers if isinstance(answer, Response))
    assert len(adapter.events) == clients
