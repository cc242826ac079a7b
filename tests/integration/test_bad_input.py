"""Every file in events/bad-input/ is a hostile or broken request: each gets a clear 4xx naming the problem,
never a 5xx, and nothing is stored half-way (or at all, unless the case says it is accepted)."""

import json
import uuid
from pathlib import Path

import pytest

from tests.conftest import EVENTS_DIR, load_event
from tests.integration.helpers import post_report

CASES = sorted((EVENTS_DIR / "bad-input").glob("*.json"))
SAMPLE_SUBMISSION_ID = load_event("report-private-anonymous.json")["submissionId"]


def all_keys(stack) -> set[tuple[str, str]]:
    """Every item's key (lifecycles running in the background may update earlier items' other attributes)."""
    # Keys only: the session's table holds every test's reports by now, and their content is most of it.
    table, keys = stack.reports_table, set()
    start: dict = {"ProjectionExpression": "pk, sk"}
    while True:
        page = table.scan(**start)  # tests only: the functions never scan
        keys |= {(item["pk"], item["sk"]) for item in page["Items"]}
        if "LastEvaluatedKey" not in page:
            return keys
        start = {**start, "ExclusiveStartKey": page["LastEvaluatedKey"]}


def request_body(case: dict, fresh_id: str) -> bytes:
    if "rawBodyHex" in case:
        return bytes.fromhex(case["rawBodyHex"])
    if "rawBody" in case:
        return case["rawBody"].encode()
    body = json.loads(json.dumps(case["body"]).replace(SAMPLE_SUBMISSION_ID, fresh_id))
    text = json.dumps(body, ensure_ascii=False)
    if "padBodyToBytes" in case:
        text = text[:-1] + ', "padding": "' + "x" * case["padBodyToBytes"] + '"}'
    return text.encode()


@pytest.mark.parametrize("case_file", CASES, ids=[path.stem for path in CASES])
def test_bad_input_gets_a_clear_refusal_and_leaves_nothing_behind(local_stack, case_file: Path):
    case = json.loads(case_file.read_text(encoding="utf-8"))
    expect = case["expect"]
    fresh_id = str(uuid.uuid4())
    if "first" in case:
        first = json.loads(json.dumps(case["first"]).replace(SAMPLE_SUBMISSION_ID, fresh_id))
        assert post_report(local_stack, first).status_code == 201
    before = all_keys(local_stack)

    response = post_report(local_stack, request_body(case, fresh_id), headers=case.get("headers"))

    assert response.status_code == expect["status"], response.text
    answer = response.json()
    if expect["status"] >= 400:
        assert answer["message"]
        assert expect.get("messageContains", "") in answer["message"]
        problems = {problem["field"]: problem["message"] for problem in answer["errors"]}
        if "field" in expect:
            assert expect["field"] in problems, problems
            assert expect.get("fieldMessageContains", "") in problems[expect["field"]]
        assert all(message and not message.startswith("Value error") for message in problems.values())
        assert all_keys(local_stack) == before  # nothing written, not even part of a report
    else:
        stored = local_stack.find_report(answer["referenceNumber"])
        content = json.loads(stored["content"])
        assert content["concern"]["description"] == expect["storedDescription"]
        # The report, its submission id, its reference number, and (search by personnummer is on in
        # Provkommun) the child's lookup entry.
        new_keys = all_keys(local_stack) - before
        assert {pk.split("#")[0] for pk, _ in new_keys} == {"REPORT", "SUBMISSION", "REFERENCE", "PERSON"}
        assert len(new_keys) == 4


def test_a_municipality_without_anonymous_web_reports_refuses_them_in_swedish():
    from functions.domain.errors import InvalidReport
    from functions.domain.municipality import load_municipality
    from functions.intake.logic import parse_submission
    from functions.shared import names

    kalix = load_municipality(names.municipality_config_file("kalix"))
    body = json.dumps(load_event("report-private-anonymous.json"))
    with pytest.raises(InvalidReport) as refused:
        parse_submission(body, kalix)
    assert refused.value.problems[0].field == "reporter.anonymous"
    assert "anonyma" in refused.value.problems[0].message
