"""The accessibility statement says only what the project's own tests showed (local/accessibility_statement.py)."""

import ast
import re
from dataclasses import replace
from types import SimpleNamespace

from functions.shared.names import REPOSITORY_ROOT
from local.accessibility_statement import (
    CLAIMS,
    STATEMENT_PAGE,
    Results,
    _OutcomeRecorder,
    claimed_tests,
    render,
)


def test_the_checked_in_page_is_written_from_the_recorded_results():
    assert STATEMENT_PAGE.read_text(encoding="utf-8") == render(Results.load()), (
        "web/form/tillganglighet.html differs from its results: run `make accessibility-statement`"
    )


def test_every_claim_names_tests_that_exist():
    missing = []
    for test in claimed_tests():
        path, name = test.split("::")
        tree = ast.parse((REPOSITORY_ROOT / path).read_text(encoding="utf-8"))
        if name not in {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}:
            missing.append(test)
    assert missing == []


def test_the_recorded_results_are_of_the_claims_as_they_are_now():
    assert sorted(Results.load().outcomes) == claimed_tests(), "run `make accessibility-statement`"


def test_a_claim_whose_test_failed_is_a_shortcoming_and_the_service_only_partly_compliant():
    results = Results.load()
    failing = CLAIMS[1]
    page = render(replace(results, outcomes={**results.outcomes, failing.tests[0]: "failed"}))
    met_section, after = page.split("<h2>Innehåll som inte är tillgängligt</h2>")
    shortcomings = after.split("<h2>")[0]
    assert "delvis förenlig" in page and "helt förenlig" not in page
    assert failing.text in shortcomings
    assert f"<li>{failing.text} <span" not in met_section
    assert "Uppfylls inte" in page


def test_every_claim_met_makes_the_service_compliant_so_far_as_the_tests_show():
    results = Results.load()
    page = render(replace(results, outcomes=dict.fromkeys(claimed_tests(), "passed")))
    assert "helt förenlig" in page and "Vi känner inte till några brister" in page


def _report(nodeid, when, outcome):
    return SimpleNamespace(
        nodeid=nodeid,
        when=when,
        failed=outcome == "failed",
        skipped=outcome == "skipped",
        passed=outcome == "passed",
    )


def test_a_parametrised_test_counts_as_passed_only_when_every_parameter_passed():
    test = "tests/browser/test_x.py::test_y"
    recorder = _OutcomeRecorder([test])
    recorder.pytest_runtest_logreport(_report(f"{test}[1280 px]", "call", "passed"))
    assert recorder.outcomes[test] == "passed"
    recorder.pytest_runtest_logreport(_report(f"{test}[390 px]", "teardown", "failed"))
    recorder.pytest_runtest_logreport(_report(f"{test}[390 px]", "call", "passed"))
    assert recorder.outcomes[test] == "failed"


def test_a_claimed_test_that_did_not_run_is_never_counted_as_passed():
    recorder = _OutcomeRecorder(["tests/browser/test_x.py::test_never_collected"])
    recorder.pytest_runtest_logreport(_report("tests/browser/test_x.py::test_other", "call", "passed"))
    assert recorder.outcomes == {"tests/browser/test_x.py::test_never_collected": "missing"}


def test_every_page_links_the_statement():
    pages = sorted((REPOSITORY_ROOT / "web").glob("**/*.html"))
    assert len(pages) > 5
    unlinked = [
        str(page.relative_to(REPOSITORY_ROOT))
        for page in pages
        if page != STATEMENT_PAGE
        and not re.search(r'href="(/|\./)?tillganglighet\.html"', page.read_text(encoding="utf-8"))
    ]
    assert unlinked == []
