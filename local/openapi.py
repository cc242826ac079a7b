"""Writes the APIs' OpenAPI documents (docs/api/) from the code: the routes, their models and what
functions/shared/contract.py says each operation answers; and the JSON Schema of the hand-off document the
case system receives (functions/domain/handoff.py). `make openapi` runs it; contract tests fail when the
checked-in documents and the code differ.

.venv/bin/python -m local.openapi
"""

import json
from pathlib import Path

from aws_lambda_powertools.event_handler.openapi.models import HTTPBearer

from functions.shared.contract import write_schemas

DOCUMENTS = Path(__file__).resolve().parents[1] / "docs" / "api"
PUBLIC = DOCUMENTS / "public.openapi.json"
STAFF = DOCUMENTS / "staff.openapi.json"
HANDOFF_SCHEMA = DOCUMENTS / "case-system-handoff-v1.schema.json"
_VERSION = "1"


def public_document() -> dict:
    from functions.intake.handler import app

    write_schemas()
    return json.loads(
        app.get_openapi_json_schema(
            title="Oro: orosanmälningar",
            version=_VERSION,
            description="Det öppna API:t: webbformuläret skickar en orosanmälan och får ett kvitto.",
        )
    )


def staff_document() -> dict:
    from functions.staff.api import app

    write_schemas()
    return json.loads(
        app.get_openapi_json_schema(
            title="Oro: socialtjänstens API",
            version=_VERSION,
            description=(
                "Personalens API, som dashboarden använder. Varje operation anger i x-oro-permission den "
                "behörighet rollen måste ha (functions/domain/access.py); varje läsning och skrivning loggas."
            ),
            security_schemes={
                "cognito": HTTPBearer(bearerFormat="JWT", description="Cognito-poolens ID-token")
            },
            security=[{"cognito": []}],
        )
    )


def handoff_schema() -> dict:
    from functions.domain.handoff import HandoffDocument

    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **HandoffDocument.model_json_schema(by_alias=True, mode="serialization"),
    }


def rendered(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def main() -> None:
    DOCUMENTS.mkdir(parents=True, exist_ok=True)
    for path, document in (
        (PUBLIC, public_document()),
        (STAFF, staff_document()),
        (HANDOFF_SCHEMA, handoff_schema()),
    ):
        path.write_text(rendered(document), encoding="utf-8")
        print(f"wrote {path.relative_to(DOCUMENTS.parents[1])}")


if __name__ == "__main__":
    main()
