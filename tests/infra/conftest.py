"""Synthesizes each municipality's stack once per test session, with cdk-nag's AWS Solutions checks on.

A cdk-nag finding makes synth raise after the templates are written; the fixture keeps the error for
test_nag.py and still hands the template to the property tests.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")

from aws_cdk import App  # noqa: E402
from aws_cdk.assertions import Template  # noqa: E402

from functions.domain.municipality import Municipality, load_municipality  # noqa: E402
from functions.shared import names  # noqa: E402
from infra.app import build_app  # noqa: E402
from infra.stack import OroStack  # noqa: E402


@dataclass(frozen=True)
class Synthesized:
    municipality: Municipality
    stack: OroStack
    outdir: Path
    template: Template
    resources: dict
    nag_error: str | None
    edge_resources: dict  # the municipality's edge stack in us-east-1 (infra/edge_stack.py)

    def of_type(self, resource_type: str) -> dict[str, dict]:
        return {key: r for key, r in self.resources.items() if r["Type"] == resource_type}

    def logical_id(self, construct) -> str:
        return self.stack.get_logical_id(construct.node.default_child)


CDK_CONTEXT = json.loads((names.REPOSITORY_ROOT / "cdk.json").read_text(encoding="utf-8"))["context"]


def synthesize(municipality_id: str, outdir: Path) -> Synthesized:
    # The feature flags of cdk.json, as `cdk synth` passes them, so the tests see what the CLI synthesizes.
    app, stack = build_app(App(outdir=str(outdir), context=CDK_CONTEXT), municipality_id, nag=True)
    nag_error = None
    try:
        app.synth()
    except RuntimeError as error:  # jsii re-raises the CDK ValidationFailed as RuntimeError
        report = outdir / "validation-report.json"
        nag_error = f"{error}\n{report.read_text() if report.exists() else ''}"
    template_json = json.loads((outdir / f"{stack.artifact_id}.template.json").read_text())
    edge_json = json.loads((outdir / f"{stack.edge.artifact_id}.template.json").read_text())
    return Synthesized(
        municipality=load_municipality(names.municipality_config_file(municipality_id)),
        stack=stack,
        outdir=outdir,
        template=Template.from_json(template_json),
        resources=template_json["Resources"],
        nag_error=nag_error,
        edge_resources=edge_json["Resources"],
    )


@pytest.fixture(scope="session")
def demo(tmp_path_factory) -> Synthesized:
    return synthesize("demo", tmp_path_factory.mktemp("cdk-demo"))


@pytest.fixture(scope="session")
def kalix(tmp_path_factory) -> Synthesized:
    return synthesize("kalix", tmp_path_factory.mktemp("cdk-kalix"))
