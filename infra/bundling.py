"""The one Lambda code asset, bundled on this machine: no Docker.

The asset holds the `functions/` package (so handler strings such as `functions.intake.handler.handler`
resolve from /var/task), the message catalogues `locales/` beside it (the API answers in the reporter's
language: functions/domain/languages.py), the letter templates `municipalities/letters/` and the letters'
font (DejaVu Sans from the npm package, at its path under `node_modules/`) at the paths the functions find
them at in a checkout (functions/shared/names.py), the municipality's TOML file as `municipality.toml`, and the run-time
dependencies from functions/requirements.txt installed for Python 3.13 on arm64 (manylinux wheels only).

The installed dependencies are cached under `.cache/lambda-deps/<sha256>` keyed by requirements.txt and
the target platform, so only the first synth after a change to requirements.txt needs the package index;
later synths copy (hard-link) from the cache and work offline.

The asset carries bytecode compiled by a Python 3.13 interpreter, in unchecked-hash mode. /var/task is
read-only, so without it every cold start compiles pydantic, Powertools and Oro from source (about three
times the import time); and the asset's zip gives every file one fixed date, so timestamp-checked bytecode
would never match. Without a Python 3.13 on this machine the asset holds source only and synth says so.
"""

from __future__ import annotations

import functools
import glob
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
LOCALES_DIR = names.LOCALES_DIR
LETTERS_DIR = names.LETTERS_DIR
LETTER_FONT_FILE = names.LETTER_FONT_FILE
REQUIREMENTS_FILE = FUNCTIONS_DIR / "requirements.txt"
# What only the reporter function loads, as a layer of its own (functions/reporter/requirements.txt says why).
REPORTER_LAYER_REQUIREMENTS_FILE = FUNCTIONS_DIR / "reporter" / "requirements.txt"
DEPENDENCY_CACHE_DIR = REPOSITORY_ROOT / ".cache" / "lambda-deps"

# Where the bundled municipality file lands in the asset, and so where the functions find it.
MUNICIPALITY_FILE_IN_ASSET = "municipality.toml"
MUNICIPALITY_FILE_AT_RUN_TIME = f"/var/task/{MUNICIPALITY_FILE_IN_ASSET}"

PYTHON_VERSION = "3.13"


def pip_platform(machine: str) -> tuple[str, ...]:
    """pip's options for CPython 3.13 wheels on Linux for `machine` (manylinux wheels only)."""
    return (
        "--platform",
        f"manylinux2014_{machine}",
        "--only-binary=:all:",
        "--python-version",
        PYTHON_VERSION,
        "--implementation",
        "cp",
    )


PIP_PLATFORM = pip_platform("aarch64")  # the functions' arm64 (infra/constructs/lambda_function.py)
_COMPILED_MARKER = ".bytecode-compiled"

# Bump when the asset's layout changes, so that a new layout never reuses an old asset hash.
BUNDLE_LAYOUT_VERSION = "2"

_IGNORED_DIRS = {"__pycache__", "tests", ".pytest_cache", ".mypy_cache", ".ruff_cache"}
_IGNORED_SUFFIXES = (".pyc", ".pyo")


def _source_files(root: Path) -> list[Path]:
    files: list[Path] = []
    for directory, subdirs, filenames in os.walk(root):
        subdirs[:] = sorted(d for d in subdirs if d not in _IGNORED_DIRS)
        files.extend(Path(directory) / f for f in sorted(filenames) if not f.endswith(_IGNORED_SUFFIXES))
    return files


def _asset_source_files() -> list[Path]:
    """The functions' code, the message catalogues, the letter templates and the letters' font, each at its
    path from the repository's root."""
    return (
        _source_files(FUNCTIONS_DIR)
        + _source_files(LOCALES_DIR)
        + _source_files(LETTERS_DIR)
        + [LETTER_FONT_FILE]
    )


def _reports_version(interpreter: str, version: str) -> bool:
    try:
        completed = subprocess.run(  # noqa: S603 - fixed argument list, no shell
            [interpreter, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except OSError:
        return False
    return completed.returncode == 0 and completed.stdout.strip() == version


@functools.cache
def bytecode_python(version: str = PYTHON_VERSION) -> str | None:
    """An interpreter of the Lambda runtime's Python version (ORO_BYTECODE_PYTHON, PATH, then pyenv), or None."""
    pyenv_versions = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    candidates = [os.environ.get("ORO_BYTECODE_PYTHON"), shutil.which(f"python{version}")]
    candidates += sorted(
        glob.glob(str(pyenv_versions / f"{version}*" / "bin" / f"python{version}")), reverse=True
    )
    return next((c for c in candidates if c and _reports_version(c, version)), None)


def compile_bytecode(directory: Path, interpreter: str) -> None:
    """Compiles every module under `directory` with `interpreter`, in unchecked-hash mode (see the module's
    docstring): the bytecode is used whatever the files' dates, and the asset never changes after synth."""
    subprocess.run(  # noqa: S603 - fixed argument list, no shell
        [
            interpreter,
            "-m",
            "compileall",
            "-q",
            "-j",
            "0",
            "--invalidation-mode",
            "unchecked-hash",
            str(directory),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def dependencies_key(platform: tuple[str, ...] = PIP_PLATFORM, requirements: Path = REQUIREMENTS_FILE) -> str:
    """Cache key: the requirements file and the pip target platform."""
    digest = hashlib.sha256(requirements.read_bytes())
    digest.update(" ".join(platform).encode())
    return digest.hexdigest()


def dependency_cache_path(
    platform: tuple[str, ...] = PIP_PLATFORM, requirements: Path = REQUIREMENTS_FILE
) -> Path:
    return DEPENDENCY_CACHE_DIR / dependencies_key(platform, requirements)


def ensure_dependencies(
    interpreter: str | None, platform: tuple[str, ...] = PIP_PLATFORM, requirements: Path = REQUIREMENTS_FILE
) -> Path:
    """Installs `requirements` (functions/requirements.txt) for `platform` into the cache unless it is there,
    compiled by `interpreter` when there is one; returns the cache folder. The benchmarks install the same set
    for this machine's platform, to import what the asset holds."""
    target = dependency_cache_path(platform, requirements)
    if target.is_dir():
        if interpreter and not (target / _COMPILED_MARKER).exists():
            compile_bytecode(target, interpreter)  # a cache filled before bytecode, or without a 3.13
            (target / _COMPILED_MARKER).touch()
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
            str(requirements),
            "--target",
            str(staging),
            *platform,
        ],
        check=True,
    )
    if interpreter:
        compile_bytecode(staging, interpreter)
        (staging / _COMPILED_MARKER).touch()
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


def asset_hash(municipality_file: Path, interpreter: str | None) -> str:
    """Changes when the functions' code, the catalogues, the requirements, the municipality's file or the
    bytecode change."""
    digest = hashlib.sha256(f"layout {BUNDLE_LAYOUT_VERSION}\n".encode())
    digest.update(f"bytecode {PYTHON_VERSION if interpreter else 'none'}\n".encode())
    digest.update(f"dependencies {dependencies_key()}\n".encode())
    for path in _asset_source_files():
        digest.update(f"{path.relative_to(REPOSITORY_ROOT).as_posix()}\n".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    digest.update(b"municipality\n")
    digest.update(municipality_file.read_bytes())
    return digest.hexdigest()


@jsii.implements(ILocalBundling)
class FunctionsBundler:
    """Local bundling: copies the code and the municipality file, then the cached dependencies."""

    def __init__(self, municipality_file: Path, interpreter: str | None) -> None:
        self._municipality_file = municipality_file
        self._interpreter = interpreter

    def try_bundle(self, output_dir: str, *_args: object, **_options: object) -> bool:
        output = Path(output_dir)
        dependencies = ensure_dependencies(self._interpreter)
        shutil.copytree(dependencies, output, dirs_exist_ok=True, copy_function=_link_or_copy)
        for path in _asset_source_files():
            destination = output / path.relative_to(REPOSITORY_ROOT)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, destination)
        shutil.copy2(self._municipality_file, output / MUNICIPALITY_FILE_IN_ASSET)
        if self._interpreter:
            compile_bytecode(output / FUNCTIONS_DIR.name, self._interpreter)
        return True


def functions_code(municipality_file: Path) -> lambda_.Code:
    """One asset for every function of the stack. The asset path is functions/ (small), never the
    repository root, and the hash is computed here, so CDK walks neither .venv nor node_modules."""
    interpreter = bytecode_python()
    if interpreter is None:
        print(
            f"Warning: no Python {PYTHON_VERSION} found (PATH, pyenv or ORO_BYTECODE_PYTHON): the Lambda asset holds "
            "source only, and every cold start compiles it.",
            file=sys.stderr,
        )
    return lambda_.Code.from_asset(
        str(FUNCTIONS_DIR),
        asset_hash_type=AssetHashType.CUSTOM,
        asset_hash=asset_hash(municipality_file, interpreter),
        bundling=BundlingOptions(
            # Never pulled or run: local bundling always succeeds, and without it synth must fail.
            image=DockerImage.from_registry("none"),
            local=FunctionsBundler(municipality_file, interpreter),
            command=["false"],
        ),
    )


@jsii.implements(ILocalBundling)
class ReporterLayerBundler:
    """Local bundling of the reporter function's layer: its cached dependencies under python/, where the
    Lambda runtime puts a layer's packages on the path."""

    def __init__(self, interpreter: str | None) -> None:
        self._interpreter = interpreter

    def try_bundle(self, output_dir: str, *_args: object, **_options: object) -> bool:
        dependencies = ensure_dependencies(self._interpreter, requirements=REPORTER_LAYER_REQUIREMENTS_FILE)
        shutil.copytree(
            dependencies, Path(output_dir) / "python", dirs_exist_ok=True, copy_function=_link_or_copy
        )
        return True


def reporter_layer_code() -> lambda_.Code:
    """The reporter function's layer (cryptography, for PyJWT's RS256 and ES256), hashed by its requirements."""
    interpreter = bytecode_python()
    digest = hashlib.sha256(f"layer {BUNDLE_LAYOUT_VERSION} {interpreter is not None}\n".encode())
    digest.update(dependencies_key(requirements=REPORTER_LAYER_REQUIREMENTS_FILE).encode())
    return lambda_.Code.from_asset(
        str(REPORTER_LAYER_REQUIREMENTS_FILE.parent),
        asset_hash_type=AssetHashType.CUSTOM,
        asset_hash=digest.hexdigest(),
        bundling=BundlingOptions(
            image=DockerImage.from_registry("none"),
            local=ReporterLayerBundler(interpreter),
            command=["false"],
        ),
    )


if __name__ == "__main__":
    # `python -m infra.bundling`: fills the dependency caches (needs the package index once) and prints them.
    print(ensure_dependencies(bytecode_python()))
    print(ensure_dependencies(bytecode_python(), requirements=REPORTER_LAYER_REQUIREMENTS_FILE))
