"""The CDK app: one stack per municipality.

    npx cdk synth                          # demo (names.DEFAULT_MUNICIPALITY)
    npx cdk synth -c municipality=kalix    # or ORO_MUNICIPALITY=kalix

Runs as `python3 infra/app.py` (cdk.json) from any working directory: the repository root goes first on
sys.path, and infra/ itself is taken off it so that infra/constructs never shadows the `constructs` library.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

_INFRA_DIR = Path(__file__).resolve().parent
_REPOSITORY_ROOT = _INFRA_DIR.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _INFRA_DIR]
sys.path.insert(0, str(_REPOSITORY_ROOT))
_VENV = _REPOSITORY_ROOT / ".venv"
_VENV_PYTHON = _VENV / "bin" / "python"


def _python_with_cdk() -> None:
    """`python3` from cdk.json may be a Python without aws-cdk-lib: then run again with the project's venv."""
    try:
        import aws_cdk  # noqa: F401
    except ModuleNotFoundError:
        if _VENV_PYTHON.is_file() and Path(sys.prefix).resolve() != _VENV.resolve():
            os.execv(str(_VENV_PYTHON), [str(_VENV_PYTHON), str(Path(__file__).resolve()), *sys.argv[1:]])  # noqa: S606
        raise


_python_with_cdk()

from aws_cdk import App, Environment, Validations  # noqa: E402
from cdk_nag import AwsSolutionsChecks  # noqa: E402

from functions.domain.municipality import load_municipality  # noqa: E402
from functions.shared import names  # noqa: E402
from infra.edge_stack import EDGE_REGION, OroEdgeStack  # noqa: E402
from infra.stack import OroStack  # noqa: E402

MUNICIPALITY_CONTEXT_KEY = "municipality"
MUNICIPALITY_ENV_VAR = "ORO_MUNICIPALITY"


def municipality_id(app: App) -> str:
    return (
        app.node.try_get_context(MUNICIPALITY_CONTEXT_KEY)
        or os.environ.get(MUNICIPALITY_ENV_VAR)
        or names.DEFAULT_MUNICIPALITY
    )


def build_app(
    app: App | None = None, municipality: str | None = None, *, nag: bool = True
) -> tuple[App, OroStack]:
    """Builds the app and the municipality's stack (with its edge stack in us-east-1, `stack.edge`); cdk-nag's
    AWS Solutions checks make synth raise on any finding."""
    app = app or App()
    chosen = municipality or municipality_id(app)
    config_file = names.municipality_config_file(chosen)
    if not config_file.is_file():
        raise SystemExit(f"no municipality file {config_file}")
    config = load_municipality(config_file)
    if config.id != chosen:
        raise SystemExit(f"{config_file} has id {config.id!r}, expected {chosen!r}")

    account = os.environ.get("CDK_DEFAULT_ACCOUNT")
    edge = OroEdgeStack(
        app,
        names.edge_stack_name(config.id),
        stack_name=names.edge_stack_name(config.id),
        description=f"Oro: CloudFront-brandvägg för {config.name}",
        env=Environment(account=account, region=EDGE_REGION),
        cross_region_references=True,
        municipality=config,
    )
    stack = OroStack(
        app,
        names.stack_name(config.id),
        stack_name=names.stack_name(config.id),
        description=f"Oro: orosanmälningar för {config.name}",
        env=Environment(account=account, region=config.region),
        cross_region_references=True,
        edge=edge,
        municipality=config,
        municipality_file=config_file,
        form_domain_name=app.node.try_get_context("formDomainName"),
        form_certificate_arn=app.node.try_get_context("formCertificateArn"),
    )
    if nag:
        Validations.of(app).add_plugins(AwsSolutionsChecks(app))
    return app, stack


def main() -> None:
    app, _stack = build_app()
    app.synth()


if __name__ == "__main__":
    main()
