"""The repository stands on its own: what a maintainer needs is in docs/, and nothing points outside."""

import re

from functions.shared import names

ROOT = names.REPOSITORY_ROOT
SOURCES = ("functions", "infra", "local", "web", "municipalities", "benchmarks", "tests", "docs")
# The team's notes beside the checkout (their Markdown files and seeds); web/shared/ is the repository's own.
OUTSIDE = re.compile(r"\b(DOMAIN|ARCHITECTURE|LOCAL-AWS|STYLE)\.md\b|\.\./shared/(?:[A-Z-]+\.md|seeds)")
CITED = re.compile(r"docs/([a-z-]+\.md)(?:, \"([^\"]+)\")?")


def _files():
    for folder in SOURCES:
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and path.suffix in {".py", ".js", ".html", ".toml", ".md", ".json"}:
                yield path


def test_no_file_cites_a_document_outside_the_repository():
    citing = [str(path.relative_to(ROOT)) for path in _files() if OUTSIDE.search(path.read_text("utf-8"))]
    assert citing == []


def test_every_cited_document_and_heading_exists():
    missing = []
    for path in _files():
        for document, heading in CITED.findall(path.read_text("utf-8")):
            target = ROOT / "docs" / document
            if not target.exists():
                missing.append(f"{path.relative_to(ROOT)}: docs/{document}")
            elif heading and not re.search(
                rf"^#+ {re.escape(heading)}\s*$", target.read_text("utf-8"), re.MULTILINE
            ):
                missing.append(f"{path.relative_to(ROOT)}: docs/{document}, {heading}")
    assert missing == []


def test_no_two_test_modules_share_a_name_where_pytest_would_import_them_as_one():
    """A test file in a folder without __init__.py is imported by its bare name: two of one name stop the
    whole run at collection ("import file mismatch")."""
    bare: dict[str, list[str]] = {}
    for path in (ROOT / "tests").rglob("test_*.py"):
        if not (path.parent / "__init__.py").exists():
            bare.setdefault(path.stem, []).append(str(path.relative_to(ROOT)))
    assert {name: paths for name, paths in bare.items() if len(paths) > 1} == {}
