"""Runs Lambda functions in-process instead of in Docker (there is none here).

moto's Lambda backend normally starts a container; this replaces that one method so an invocation imports
the function's handler (the same module the CDK app deploys) and calls it. Errors come back as Lambda
function errors, so the state machine's Retry and Catch see what they would in AWS.
"""

import importlib
import json
import threading
import traceback
import uuid
from types import SimpleNamespace

from moto.awslambda.models import LambdaFunction

_original_invoke = LambdaFunction._invoke_lambda
_original_function_invoke = LambdaFunction.invoke
# One invocation at a time per function, as in one Lambda execution environment.
_invocation_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


def _load_handler(handler_path: str):
    module_name, _, function_name = handler_path.rpartition(".")
    return getattr(importlib.import_module(module_name), function_name)


def _context(function: LambdaFunction) -> SimpleNamespace:
    return SimpleNamespace(
        function_name=function.function_name,
        function_version="$LATEST",
        invoked_function_arn=function.function_arn,
        memory_limit_in_mb=int(function.memory_size or 128),
        aws_request_id=str(uuid.uuid4()),
        log_group_name=f"/aws/lambda/{function.function_name}",
        log_stream_name="local",
        get_remaining_time_in_millis=lambda: int(function.timeout or 30) * 1000,
    )


def _invoke_in_process(self: LambdaFunction, event: str | None = None) -> tuple[str, bool, str]:
    payload = json.loads(event) if isinstance(event, str | bytes) and event else (event or {})
    with _locks_guard:
        lock = _invocation_locks.setdefault(self.function_name, threading.Lock())
    try:
        with lock:
            result = _load_handler(str(self.handler))(payload, _context(self))
        return json.dumps(result), False, ""
    except Exception as error:  # the function failed: report it as Lambda would
        body = {"errorMessage": str(error), "errorType": type(error).__name__, "stackTrace": []}
        return json.dumps(body), True, traceback.format_exc()


def _invoke(self: LambdaFunction, body: str, request_headers, response_headers) -> str | bytes:
    """An asynchronous invocation (InvocationType Event) is accepted at once and runs in the background, as
    Lambda queues it; moto would run it before answering."""
    if str(request_headers.get("x-amz-invocation-type", "")).lower() != "event":
        return _original_function_invoke(self, body, request_headers, response_headers)
    threading.Thread(
        target=_original_function_invoke,
        args=(self, body, request_headers, {}),
        name=f"lambda-event-{self.function_name}",
        daemon=True,
    ).start()
    return ""


def install() -> None:
    setattr(LambdaFunction, "_invoke_lambda", _invoke_in_process)  # noqa: B010 - a patch of moto's method
    setattr(LambdaFunction, "invoke", _invoke)  # noqa: B010


def uninstall() -> None:
    setattr(LambdaFunction, "_invoke_lambda", _original_invoke)  # noqa: B010
    setattr(LambdaFunction, "invoke", _original_function_invoke)  # noqa: B010
