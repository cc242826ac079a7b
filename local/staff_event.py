"""Acts as staff on a running `make run` until the dashboard exists: invokes the staff-events function.

.venv/bin/python -m local.staff_event 2026-K7F-3MX record_protection_assessment --no-immediate-protection
.venv/bin/python -m local.staff_event 2026-K7F-3MX acknowledge_escalation
.venv/bin/python -m local.staff_event 2026-K7F-3MX record_decision --outcome no_investigation
"""

import argparse
import json
import os

import boto3

from functions.shared import names

ACTIONS = (
    "record_protection_assessment",
    "record_decision",
    "acknowledge_escalation",
    "close_investigation",
    "extend_investigation",
)


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Registrera en händelse för en anmälan i den lokala stacken."
    )
    parser.add_argument("reference_number")
    parser.add_argument("action", choices=ACTIONS)
    parser.add_argument(
        "--municipality", default=os.environ.get("ORO_MUNICIPALITY", names.DEFAULT_MUNICIPALITY)
    )
    parser.add_argument("--aws-port", type=int, default=int(os.environ.get("MOTO_PORT", "5000")))
    parser.add_argument("--staff-id", default="lokal-handlaggare")
    parser.add_argument("--outcome", choices=("no_investigation", "investigation"))
    parser.add_argument("--immediate-protection", action=argparse.BooleanOptionalAction, default=False)
    parser.add_argument("--extended-to")
    parser.add_argument("--reason")
    arguments = parser.parse_args()

    session = boto3.Session(
        aws_access_key_id="local", aws_secret_access_key="local", region_name="eu-north-1"
    )  # noqa: S106
    endpoint = f"http://127.0.0.1:{arguments.aws_port}"
    table = session.resource("dynamodb", endpoint_url=endpoint).Table(
        names.reports_table_name(arguments.municipality)
    )
    found = table.get_item(Key={"pk": f"REFERENCE#{arguments.reference_number}", "sk": "REFERENCE"}).get(
        "Item"
    )
    if not found:
        raise SystemExit(f"Ingen anmälan med referensnummer {arguments.reference_number}.")
    action = {"action": arguments.action, "reportId": found["reportId"], "staffId": arguments.staff_id}
    if arguments.action == "record_protection_assessment":
        action["immediateProtectionNeeded"] = arguments.immediate_protection
    if arguments.action == "record_decision":
        action["outcome"] = arguments.outcome or "no_investigation"
    if arguments.action == "extend_investigation":
        action.update({"extendedTo": arguments.extended_to, "reason": arguments.reason})
    response = session.client("lambda", endpoint_url=endpoint).invoke(
        FunctionName=names.staff_events_function_name(arguments.municipality),
        Payload=json.dumps(action).encode(),
    )
    print(json.dumps(json.loads(response["Payload"].read()), ensure_ascii=False))


if __name__ == "__main__":
    main()
