"""What each API operation promises, for its OpenAPI document (docs/api/, `make openapi`): its request body
(from the same pydantic model the route reads it with), every status it can answer with, the problem answer
every error has (functions/shared/problems.py writes it), and for staff routes the permission the use case
requires (from its own `@staff_use_case`, so the document cannot name another)."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict

from functions.domain.errors import FieldProblem

PERMISSION_EXTENSION = "x-oro-permission"


class ProblemAnswer(BaseModel):
    """Every error answer: a message a person reads (in the public API in the language Accept-Language asks
    for, Swedish by default; staff's in Swedish), and the problems field by field. API Gateway's own refusals (the authorizer's 401, a body over its limit) carry only a message."""

    model_config = ConfigDict(defer_build=True)  # only the documents use it: built then, not at a cold start

    message: str
    errors: list[FieldProblem] = []


_MEANINGS = {
    200: "Klart.",
    201: "Skapad.",
    400: "Begäran kunde inte läsas (inte JSON, ett okänt filter, ett datum som inte går att läsa).",
    401: "Inte inloggad.",
    403: "Rollen ger inte behörighet till det här.",
    404: "Det som efterfrågas finns inte.",
    409: "Krockar med det som redan är registrerat eller med en regel.",
    413: "Begäran är för stor.",
    415: "Begäran är inte JSON.",
    422: "Uppgifterna är inte giltiga; felen står fält för fält.",
    503: "Tillfälligt fel; försök igen.",
}

# What any staff operation may answer besides its own: no or a bad token, the role, an unexpected error.
STAFF_ERRORS = (401, 403, 503)


def json_schema_of(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON schema with its definitions put in place, so that it stands on its own inside an
    operation (its `$defs` would otherwise be looked up at the document's root)."""
    schema = model.model_json_schema(by_alias=True)
    definitions = schema.pop("$defs", {})

    def inline(node):
        if isinstance(node, dict):
            reference = node.get("$ref", "")
            if reference.startswith("#/$defs/"):
                return inline({**definitions[reference.removeprefix("#/$defs/")], **_without(node, "$ref")})
            # A discriminator maps to definitions by reference; each oneOf branch's constant says as much.
            return {key: inline(value) for key, value in node.items() if key != "discriminator"}
        if isinstance(node, list):
            return [inline(value) for value in node]
        return node

    return inline(schema)


def _without(node: dict, key: str) -> dict:
    return {name: value for name, value in node.items() if name != key}


# An optional query parameter left empty (`?status=`) counts as not given, as the dashboard's forms send it.
_EMPTY = {"type": "string", "maxLength": 0}


def query(name: str, description: str, schema: dict | None = None, *, required: bool = False) -> dict:
    """A query parameter as the document lists it (a plain string unless `schema` says more)."""
    if schema is None:
        schema = {"type": "string"}
    elif not required:
        schema = {"anyOf": [schema, _EMPTY]}
    return {"name": name, "in": "query", "required": required, "schema": schema, "description": description}


def accept_language(languages: Iterable[str]) -> dict:
    """The Accept-Language header: the language an operation answers its problems (and receipt) in."""
    return {
        "name": "Accept-Language",
        "in": "header",
        "required": False,
        "schema": {"type": "string"},
        "description": f"Språket svaret skrivs på ({', '.join(languages)}, med q-värden); annars svenska.",
    }


@dataclass(frozen=True)
class QueryOf:
    """Each field of `model` as an optional query parameter, with the values the model accepts."""

    model: type[BaseModel]

    def parameters(self) -> list[dict]:
        schema = json_schema_of(self.model)
        return [
            query(name, field.get("description", field.get("title", name)), _not_null(field))
            for name, field in schema["properties"].items()
        ]


def _not_null(field: dict) -> dict:
    """An optional field's schema without its null: a query parameter left out is the null."""
    choices = [choice for choice in field.get("anyOf", [field]) if choice.get("type") != "null"]
    chosen = choices[0] if len(choices) == 1 else {"anyOf": choices}
    return {key: value for key, value in chosen.items() if key not in ("title", "default")}


# What the documents need of the models (their JSON schemas) is built when a document is written, not when a
# function starts: each route's entries are filled in then (write_schemas), in place.
_UNWRITTEN: list[tuple[dict | list, Callable[[], Any]]] = []


def _later(container, build: Callable[[], Any]):
    _UNWRITTEN.append((container, build))
    return container


def write_schemas() -> None:
    """Fills in every route's request body and query parameters from their models (local/openapi.py)."""
    while _UNWRITTEN:
        container, build = _UNWRITTEN.pop()
        if isinstance(container, dict):
            container.update(build())
        else:
            container.extend(build())


def _parameters(query: Iterable[dict | QueryOf]) -> list[dict]:
    return [
        parameter
        for item in query
        for parameter in (item.parameters() if isinstance(item, QueryOf) else [item])
    ]


def operation(
    success: int | tuple[int, ...],
    errors: Iterable[int],
    *,
    answer: type[BaseModel] | None = None,
    body: type[BaseModel] | None = None,
    query: Iterable[dict | QueryOf] = (),
    extensions: dict[str, Any] | None = None,
    summary: str | None = None,
    meanings: dict[int, str] | None = None,
) -> dict[str, Any]:
    """The route decorator's documentation arguments: `@router.post(path, **operation(...))`; `meanings` says
    what a status means for this route where the common meaning does not fit."""
    success_content = {"model": answer} if answer is not None else {"schema": {"type": "object"}}
    responses: dict[int, Any] = {
        status: {"description": _MEANINGS[status], "content": {"application/json": dict(success_content)}}
        for status in (success if isinstance(success, tuple) else (success,))
    }
    for status in sorted(set(errors)):
        responses[status] = {
            "description": (meanings or {}).get(status, _MEANINGS[status]),
            "content": {"application/json": {"model": ProblemAnswer}},
        }
    documented: dict[str, Any] = dict(extensions or {})
    if body is not None:
        documented["requestBody"] = _later(
            {}, lambda: {"required": True, "content": {"application/json": {"schema": json_schema_of(body)}}}
        )
    if query:
        given = tuple(query)
        documented["parameters"] = _later([], lambda: _parameters(given))
    return {"responses": responses, "openapi_extensions": documented, "summary": summary}


def staff_operation(
    use_case: Callable | None,
    success: int | tuple[int, ...],
    errors: Iterable[int] = (),
    **details: Any,
) -> dict[str, Any]:
    """A staff operation: the permission its use case requires (None: any signed-in staff member) and the
    errors every staff route can give."""
    if details.get("body") is not None:
        errors = (*errors, 413)  # API Gateway's own limit on a body (10 MB), before the function sees it
    if use_case is None:
        return operation(success, (401, 503, *errors), **details)
    permission = use_case.permission  # type: ignore[attr-defined]  # set by @staff_use_case
    extensions = {PERMISSION_EXTENSION: permission.value}
    return operation(success, (*STAFF_ERRORS, *errors), extensions=extensions, **details)
