"""Reading IAM statements, joined strings and Oro's functions out of a synthesized template."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from functions.shared import names

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


# --- Oro's functions ---------------------------------------------------------------------------------
# The rule that tells Oro's functions from CDK's own: a function is Oro's when it runs Oro's code, that is
# when its handler lies in the `functions` package, the root of the stack's one code asset
# (infra/bundling.py; every Oro handler is functions.<capability>.<module>.<function>). Every other
# AWS::Lambda::Function in a template is one that CDK adds for a construct of its own (BucketDeployment's
# handler, log retention, custom-resource providers) and runs code that ships with aws-cdk-lib;
# test_functions.py checks that none of them runs Oro's asset. Tests that check every function take their
# list from `oro_functions`, so a function added to the stack is checked without being named anywhere.
ORO_HANDLER_PACKAGE = "functions"


@dataclass(frozen=True)
class DeployedFunction:
    key: str  # its name without the municipality's prefix: "intake", "staff-api"
    logical_id: str
    properties: dict

    @property
    def name(self) -> str:
        return self.properties["FunctionName"]

    @property
    def handler(self) -> str:
        return self.properties["Handler"]

    @property
    def variables(self) -> dict:
        return self.properties.get("Environment", {}).get("Variables", {})

    @property
    def role(self) -> str:
        """The logical id of its role."""
        return role_of({"Properties": self.properties})


def is_oro_function(resource: dict) -> bool:
    return str(resource["Properties"].get("Handler", "")).split(".")[0] == ORO_HANDLER_PACKAGE


def oro_functions(synthesized) -> dict[str, DeployedFunction]:
    """Oro's functions in the template, by their name without the municipality's prefix. Each must carry
    a fixed name under that prefix (the local stack and the operators find it by name)."""
    prefix = f"{names.resource_prefix(synthesized.municipality.id)}-"
    found: dict[str, DeployedFunction] = {}
    for logical_id, resource in synthesized.of_type("AWS::Lambda::Function").items():
        if not is_oro_function(resource):
            continue
        name = resource["Properties"].get("FunctionName")
        assert isinstance(name, str) and name.startswith(prefix), (
            f"{logical_id}: not named {prefix}…: {name!r}"
        )
        key = name.removeprefix(prefix)
        assert key not in found, f"two functions named {name}"
        found[key] = DeployedFunction(key=key, logical_id=logical_id, properties=resource["Properties"])
    assert found, "no Oro function in the template"
    return found


def cdk_helper_functions(synthesized) -> dict[str, dict]:
    """CDK's own functions in the template (see ORO_HANDLER_PACKAGE), by logical id."""
    return {
        logical_id: resource
        for logical_id, resource in synthesized.of_type("AWS::Lambda::Function").items()
        if not is_oro_function(resource)
    }
