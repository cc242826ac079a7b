"""No handler puts its response or its error in a trace: a response or an exception may hold a report's
content, and Powertools' Tracer adds both to the X-Ray segment unless told not to.

Every use of `capture_lambda_handler` and `capture_method` in functions/ is read from the source (ast) and
must say `capture_response=False, capture_error=False`. The stack sets the same as every function's
environment (tests/infra/test_functions.py); the decorator is what counts when both are given.
"""

import ast
from pathlib import Path

from functions.shared import names

FUNCTIONS_DIR = names.REPOSITORY_ROOT / "functions"
TRACER_DECORATORS = {"capture_lambda_handler", "capture_method"}
REQUIRED = {"capture_response": False, "capture_error": False}


def _name_of(node: ast.AST) -> str | None:
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return None


def tracer_uses(path: Path) -> list[tuple[int, str, dict]]:
    """Every use of a tracer decorator in the file: (line, name, the keywords given as constants).
    A bare `@tracer.capture_lambda_handler` has no keywords; a call passes its keywords."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    called = {id(node.func): node for node in ast.walk(tree) if isinstance(node, ast.Call)}
    uses = []
    for node in ast.walk(tree):
        name = _name_of(node)
        if name not in TRACER_DECORATORS or isinstance(node, ast.FunctionDef):
            continue
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            continue
        call = called.get(id(node))
        keywords = {
            keyword.arg: keyword.value.value
            if isinstance(keyword.value, ast.Constant)
            else ast.unparse(keyword.value)
            for keyword in (call.keywords if call else [])
        }
        uses.append((node.lineno, name, keywords))
    return uses


def _all_uses() -> dict[str, list[tuple[int, str, dict]]]:
    return {
        str(path.relative_to(names.REPOSITORY_ROOT)): uses
        for path in sorted(FUNCTIONS_DIR.rglob("*.py"))
        if (uses := tracer_uses(path))
    }


def test_every_tracer_decorator_keeps_the_response_and_the_error_out_of_traces():
    wrong = [
        f"{file}:{line}: @tracer.{name} needs capture_response=False, capture_error=False (has {keywords})"
        for file, uses in _all_uses().items()
        for line, name, keywords in uses
        if any(keywords.get(key, "missing") is not value for key, value in REQUIRED.items())
    ]
    assert not wrong, "\n".join(wrong)


def test_the_scan_sees_every_deployed_handler():
    # Every handler the stack deploys is traced, so an empty scan cannot pass for a correct one.
    handler_modules = {
        value.rsplit(".", 1)[0].replace(".", "/") + ".py"
        for key, value in vars(names).items()
        if key.endswith("_HANDLER") and isinstance(value, str)
    }
    traced = {
        file
        for file, uses in _all_uses().items()
        if any(name == "capture_lambda_handler" for _, name, _ in uses)
    }
    assert handler_modules <= traced, sorted(handler_modules - traced)


def test_the_scan_tells_a_bare_decorator_from_a_private_one(tmp_path):
    source = tmp_path / "module.py"
    source.write_text(
        "@tracer.capture_lambda_handler\n"
        "def a(event, context): ...\n"
        "@tracer.capture_method(capture_response=False, capture_error=False)\n"
        "def b(): ...\n"
        "@tracer.capture_lambda_handler(capture_response=False)\n"
        "def c(event, context): ...\n",
        encoding="utf-8",
    )
    assert tracer_uses(source) == [
        (1, "capture_lambda_handler", {}),
        (3, "capture_method", {"capture_response": False, "capture_error": False}),
        (5, "capture_lambda_handler", {"capture_response": False}),
    ]
