"""The files the form loads only when the reporter asks for a PDF copy of their report: jsPDF as one ES module,
and a font that has Swedish and Arabic letters (DejaVu Sans), served under /vendor/ from the form's own origin.

Both come from their npm packages (package.json pins them). jsPDF's ES module build imports its dependencies by
bare name (fflate, fast-png, Babel's helpers), which a browser cannot resolve without an import map (inline, so
barred by the form's content security policy); esbuild bundles them into the one file. jsPDF's optional imports
(html2canvas, DOMPurify, canvg: only for its HTML and SVG features, which the form does not use) stay external.

The font is cut (fontTools' subsetter) to the scripts a report is likely written in — Latin with its extensions,
Cyrillic, Arabic with its presentation forms (the shapes jsPDF draws), punctuation — 150 kB instead of 740 kB;
a letter outside them shows as a blank box in the PDF (the printed copy uses the browser's fonts).

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

from fontTools import subset

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
# Latin (with Latin-1, Extended-A and -B, and Vietnamese's Additional), Cyrillic, general punctuation, the euro
# sign, arrows; Arabic, its supplement and its presentation forms A and B.
FONT_UNICODES = (
    "U+0020-007E,U+00A0-024F,U+1E00-1EFF,U+0400-04FF,U+2000-206F,U+20AC,U+2190-2193,"
    "U+0600-06FF,U+0750-077F,U+FB50-FDFF,U+FE70-FEFF"
)
# Bump when what the directory holds changes, so that an old build is never reused.
LAYOUT_VERSION = "2"


def _build_key() -> str:
    digest = hashlib.sha256()
    digest.update(LAYOUT_VERSION.encode())
    digest.update(" ".join(ESBUILD_ARGUMENTS).encode())
    digest.update(FONT_UNICODES.encode())
    digest.update(PACKAGE_LOCK.read_bytes())
    return digest.hexdigest()[:16]


def _subset_font(source: Path, target: Path) -> None:
    options = subset.Options()
    options.layout_features = ["*"]  # jsPDF shapes Arabic itself, but the font stays whole for what it covers
    options.name_IDs = ["*"]  # the copyright and licence names the font's licence asks to keep
    options.drop_tables = [
        *options.drop_tables,
        "FFTM",
    ]  # FontForge's timestamps, which the subsetter cannot cut
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=subset.parse_unicodes(FONT_UNICODES))
    subsetter.subset(font)
    subset.save_font(font, str(target), options)


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
    _subset_font(FONT_PACKAGE / "ttf" / FONT_FILE, directory / FONT_FILE)
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
