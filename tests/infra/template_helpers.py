"""Reading IAM statements and joined strings out of a synthesized template."""

from __future__ import annotations

import json
import re

# A deploy-time value in a BucketDeployment's JSON source: replaced with its quoted value when deployed.
_DEPLOY_TIME_MARKER = re.compile(r"<<marker:0x[0-9a-f]+:\d+>>")


def as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def statements_of_role(resources: dict, role_logical_id: str) -> list[dict]:
    """Every statement of the inline and attached AWS::IAM::Policy resources of one role."""
    statements = []
    for resource in resources.values():
        if (
            resource["Type"] == "AWS::IAM::Policy"
            and {"Ref": role_logical_id} in resource["Properties"]["Roles"]
        ):
            statements += resource["Properties"]["PolicyDocument"]["Statement"]
    role = resources[role_logical_id]["Properties"]
    for policy in role.get("Policies", []):
        statements += policy["PolicyDocument"]["Statement"]
    return statements


def allowed_actions(statements: list[dict]) -> set[str]:
    return {action for s in statements if s["Effect"] == "Allow" for action in as_list(s["Action"])}


def resources_for(statements: list[dict], action: str) -> list:
    return [
        resource
        for s in statements
        if s["Effect"] == "Allow" and action in as_list(s["Action"])
        for resource in as_list(s["Resource"])
    ]


def joined(value) -> str:
    """A Fn::Join's literal parts with references written as <Ref:Id> / <GetAtt:Id.Attr>."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and "Fn::Join" in value:
        separator, parts = value["Fn::Join"]
        return separator.join(joined(part) for part in parts)
    if isinstance(value, dict) and "Ref" in value:
        return f"<Ref:{value['Ref']}>"
    if isinstance(value, dict) and "Fn::GetAtt" in value:
        return f"<GetAtt:{'.'.join(value['Fn::GetAtt'])}>"
    return json.dumps(value)


def role_of(resource: dict) -> str:
    """The logical id of the role a function or state machine runs as."""
    properties = resource["Properties"]
    return (properties.get("Role") or properties["RoleArn"])["Fn::GetAtt"][0]


def deployed_config_files(synthesized) -> dict[str, dict]:
    """The config.json assets of the BucketDeployments: 'form' and 'dashboard' (told apart by their keys).
    A deploy-time value reads as its marker, as a string."""
    found = {}
    for path in synthesized.outdir.glob("asset.*/config.json"):
        text = _DEPLOY_TIME_MARKER.sub(
            lambda marker: json.dumps(marker.group(0)), path.read_text(encoding="utf-8")
        )
        config = json.loads(text)
        found["dashboard" if "cognito" in config else "form"] = config
    return found
