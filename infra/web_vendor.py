"""The files the form loads only when the reporter asks for a PDF copy of their report: jsPDF as one ES module,
and a font that has Swedish and Arabic letters (DejaVu Sans), served under /vendor/ from the form's own origin.

Both come from their npm packages (package.json pins them). jsPDF's ES module build imports its dependencies by
bare name (fflate, fast-png, Babel's helpers), which a browser cannot resolve without an import map (inline, so
barred by the form's content security policy); esbuild bundles them into the one file. jsPDF's optional imports
(html2canvas, DOMPurify, canvg: only for its HTML and SVG features, which the form does not use) stay external.

The directory is built once per package-lock.json into .cache/form-vendor/<hash>/, on this machine and offline;
the CDK app deploys it (infra/constructs/web.py) and the local stack uploads it (local/resources.py), both under
names.VENDOR_PREFIX.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from functions.shared import names

REPOSITORY_ROOT = names.REPOSITORY_ROOT
NODE_MODULES = REPOSITORY_ROOT / "node_modules"
PACKAGE_LOCK = REPOSITORY_ROOT / "package-lock.json"
CACHE_DIR = REPOSITORY_ROOT / ".cache" / "form-vendor"
ESBUILD = NODE_MODULES / ".bin" / "esbuild"
JSPDF_ENTRY = NODE_MODULES / "jspdf" / "dist" / "jspdf.es.min.js"
FONT_PACKAGE = NODE_MODULES / "dejavu-fonts-ttf"

# The served names (web/form/copy-pdf.js loads them).
JSPDF_FILE = "jspdf.js"
FONT_FILE = "DejaVuSans.ttf"
FONT_LICENSE_FILE = "DejaVuSans-LICENSE.txt"

ESBUILD_ARGUMENTS = (
    "--bundle",
    "--format=esm",
    "--platform=browser",
    "--minify",
    "--legal-comments=eof",  # jsPDF's and its dependencies' licence notices stay in the file
    "--external:html2canvas",
    "--external:dompurify",
    "--external:canvg",
    "--log-level=warning",
)
# Bump when what the directory holds changes, so that an old build is never reused.
LAYOUT_VERSION = "1"


def _build_key() -> str:
    digest = hashlib.sha256()
    digest.update(LAYOUT_VERSION.encode())
    digest.update(" ".join(ESBUILD_ARGUMENTS).encode())
    digest.update(PACKAGE_LOCK.read_bytes())
    return digest.hexdigest()[:16]


def _build_into(directory: Path) -> None:
    if not (ESBUILD.is_file() and JSPDF_ENTRY.is_file() and FONT_PACKAGE.is_dir()):
        raise RuntimeError(
            "The form's PDF copy needs the npm packages of package.json (jspdf, dejavu-fonts-ttf, esbuild): "
            "run `npm ci` (make install)."
        )
    subprocess.run(  # noqa: S603 - fixed argument list, no shell
        [str(ESBUILD), str(JSPDF_ENTRY), *ESBUILD_ARGUMENTS, f"--outfile={directory / JSPDF_FILE}"],
        check=True,
        capture_output=True,
        timeout=120,
    )
    shutil.copyfile(FONT_PACKAGE / "ttf" / FONT_FILE, directory / FONT_FILE)
    shutil.copyfile(FONT_PACKAGE / "LICENSE", directory / FONT_LICENSE_FILE)


def vendor_directory() -> Path:
    """The built directory for the current package-lock.json, built first if there is none yet."""
    target = CACHE_DIR / _build_key()
    if target.is_dir():
        return target
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    # Built beside and renamed into place, so that a stack starting at the same time never sees half of it.
    staging = Path(tempfile.mkdtemp(prefix="building-", dir=CACHE_DIR))
    try:
        _build_into(staging)
        os.rename(staging, target)
    except OSError:
        if not target.is_dir():
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target
