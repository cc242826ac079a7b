"""The one Lambda code asset, bundled on this machine: no Docker.

The asset holds the `functions/` package (so handler strings such as `functions.intake.handler.handler`
resolve from /var/task), the municipality's TOML file as `municipality.toml`, and the run-time
dependencies from functions/requirements.txt installed for Python 3.13 on arm64 (manylinux wheels only).

The installed dependencies are cached under `.cache/lambda-deps/<sha256>` keyed by requirements.txt and
the target platform, so only the first synth after a change to requirements.txt needs the package index;
later synths copy (hard-link) from the cache and work offline.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsii
from aws_cdk import AssetHashType, BundlingOptions, DockerImage, ILocalBundling
from aws_cdk import aws_lambda as lambda_

from functions.shared import names

REPOSITORY_ROOT = names.REPOSITORY_ROOT
FUNCTIONS_DIR = REPOSITORY_ROOT / "functions"
REQUIREMENTS_FILE = FUNCTIONS_DIR / "requirements.txt"
DEPENDENCY_CACHE_DIR = REPOSITORY_ROOT / ".cache" / "lambda-deps"

# Where the bundled municipality file lands in the asset, and so where the functions find it.
MUNICIPALITY_FILE_IN_ASSET = "municipality.toml"
MUNICIPALITY_FILE_AT_RUN_TIME = f"/var/task/{MUNICIPALITY_FILE_IN_ASSET}"

PYTHON_VERSION = "3.13"
PIP_PLATFORM = (
    "--platform",
    "manylinux2014_aarch64",
    "--only-binary=:all:",
    "--python-version",
    PYTHON_VERSION,
    "--implementation",
    "cp",
)
# Bump when the asset's layout changes, so that a new layout never reuses an old asset hash.
BUNDLE_LAYOUT_VERSION = "1"

_IGNORED_DIRS = {"__pycache__", "tests", ".pytest_cache", ".mypy_cache", ".ruff_cache"}
_IGNORED_SUFFIXES = (".pyc", ".pyo")


def _source_files(root: Path) -> list[Path]:
    files: list[Path] = []
    for directory, subdirs, filenames in os.walk(root):
        subdirs[:] = sorted(d for d in subdirs if d not in _IGNORED_DIRS)
        files.extend(Path(directory) / f for f in sorted(filenames) if not f.endswith(_IGNORED_SUFFIXES))
    return files


def dependencies_key() -> str:
    """Cache key: requirements.txt and the pip target platform."""
    digest = hashlib.sha256(REQUIREMENTS_FILE.read_bytes())
    digest.update(" ".join(PIP_PLATFORM).encode())
    return digest.hexdigest()


def dependency_cache_path() -> Path:
    return DEPENDENCY_CACHE_DIR / dependencies_key()


def ensure_dependencies() -> Path:
    """Installs functions/requirements.txt into the cache unless it is there; returns the cache folder."""
    target = dependency_cache_path()
    if target.is_dir():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(f"{target.name}.tmp-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    subprocess.run(  # noqa: S603 - fixed argument list, no shell
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--no-compile",
            "--requirement",
            str(REQUIREMENTS_FILE),
            "--target",
            str(staging),
            *PIP_PLATFORM,
        ],
        check=True,
    )
    try:
        staging.rename(target)  # atomic: a concurrent synth either sees the whole tree or none
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)  # another process finished first
    return target


def _link_or_copy(source: str, destination: str) -> None:
    try:
        os.link(source, destination)
    except OSError:
        shutil.copy2(source, destination)


def asset_hash(municipality_file: Path) -> str:
    """Changes when the functions' code, the requirements or the municipality's file change."""
    digest = hashlib.sha256(f"layout {BUNDLE_LAYOUT_VERSION}\n".encode())
    digest.update(f"dependencies {dependencies_key()}\n".encode())
    for path in _source_files(FUNCTIONS_DIR):
        digest.update(f"{path.relative_to(REPOSITORY_ROOT).as_posix()}\n".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    digest.update(b"municipality\n")
    digest.update(municipality_file.read_bytes())
    return digest.hexdigest()


@jsii.implements(ILocalBundling)
class FunctionsBundler:
    """Local bundling: copies the code and the municipality file, then the cached dependencies."""

    def __init__(self, municipality_file: Path) -> None:
        self._municipality_file = municipality_file

    def try_bundle(self, output_dir: str, *_args: object, **_options: object) -> bool:
        output = Path(output_dir)
        dependencies = ensure_dependencies()
        shutil.copytree(dependencies, output, dirs_exist_ok=True, copy_function=_link_or_copy)
        for path in _source_files(FUNCTIONS_DIR):
            destination = output / path.relative_to(REPOSITORY_ROOT)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, destination)
        shutil.copy2(self._municipality_file, output / MUNICIPALITY_FILE_IN_ASSET)
        return True


def functions_code(municipality_file: Path) -> lambda_.Code:
    """One asset for every function of the stack. The asset path is functions/ (small), never the
    repository root, and the hash is computed here, so CDK walks neither .venv nor node_modules."""
    return lambda_.Code.from_asset(
        str(FUNCTIONS_DIR),
        asset_hash_type=AssetHashType.CUSTOM,
        asset_hash=asset_hash(municipality_file),
        bundling=BundlingOptions(
            # Never pulled or run: local bundling always succeeds, and without it synth must fail.
            image=DockerImage.from_registry("none"),
            local=FunctionsBundler(municipality_file),
            command=["false"],
        ),
    )


if __name__ == "__main__":
    # `python -m infra.bundling`: fills the dependency cache (needs the package index once) and prints it.
    print(ensure_dependencies())
