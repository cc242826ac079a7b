"""Letters to a child's family through the staff API on the local stack: preview from the municipality's
template (a value missing is a field to fill in), make the edited letter as PDF (read back with pypdf),
recorded on the person and in the timeline without its text, marked sent once; what may not be made is
refused with nothing changed."""

import base64
import io
import json

import pypdf

from tests.integration.helpers import NEGLECT_ONLY
from tests.integration.test_staff_api import (
    assess,
    call,
    decide,
    local_stack_audit,
    new_report,
    person_path,
    report_item,
)

MEETING = "Tisdag 8 december kl. 10.00 på socialkontoret, Storgatan 1"
CASE_WORKER = "Sara Berg, 010-123 45 10"


def letters(stack, report_id: str) -> list[dict]:
    return report_item(stack, report_id)["persons"]["1"].get("letters") or []


def test_a_kallelse_is_previewed_edited_made_as_pdf_and_marked_sent(local_stack, tokens):
    token = tokens["mottagning"]
    report_id = new_report(local_stack, **NEGLECT_ONLY["concern"])
    base = f"{person_path(report_id)}/letters"
    content = json.loads(report_item(local_stack, report_id)["content"])
    child = content["persons"][0]

    view = call(local_stack, "GET", f"/api/staff/reports/{report_id}", token).json()["persons"][0]
    assert [kind["kind"] for kind in view["letterKinds"]] == ["kallelse"]
    assert {field["placeholder"] for field in view["letterKinds"][0]["fields"]} == {"mote", "handlaggare"}

    missing = call(local_stack, "POST", f"{base}/kallelse/preview", token, {"values": {}})
    assert missing.status_code == 422, missing.text
    assert [error["field"] for error in missing.json()["errors"]] == ["values.handlaggare", "values.mote"]

    preview = call(
        local_stack,
        "POST",
        f"{base}/kallelse/preview",
        token,
        {"values": {"mote": MEETING, "handlaggare": CASE_WORKER}},
    )
    assert preview.status_code == 200, preview.text
    text = preview.json()["text"]
    assert (
        child["name"] in text
        and MEETING in text
        and child["guardians"][0]["name"] in text
        and "$" not in text
    )

    left = call(local_stack, "POST", base, token, {"kind": "kallelse", "text": text + "\n${mote}"})
    assert left.status_code == 422 and "${mote}" in left.json()["message"]
    assert letters(local_stack, report_id) == []

    edited = text.replace("Vi vill träffa er", "Vi vill gärna träffa er")
    made = call(local_stack, "POST", base, token, {"kind": "kallelse", "text": edited})
    assert made.status_code == 200, made.text
    answer = made.json()
    assert answer["fileName"].startswith("kallelse-") and answer["fileName"].endswith("-person-1.pdf")
    pdf = pypdf.PdfReader(io.BytesIO(base64.b64decode(answer["data"])))
    printed = "".join(page.extract_text() for page in pdf.pages)
    assert "Vi vill gärna träffa er" in printed and child["name"] in printed
    assert pdf.metadata.title.startswith("Kallelse till samtal")

    [letter] = letters(local_stack, report_id)
    assert letter["kind"] == "kallelse" and letter["text"] == edited.strip() and letter["madeBy"]
    sent = call(local_stack, "POST", f"{base}/{letter['id']}/sent", token, {})
    assert sent.status_code == 200 and sent.json() == {"event": "letter_marked_sent"}
    again = call(local_stack, "POST", f"{base}/{letter['id']}/sent", token, {})
    assert again.status_code == 409 and "redan" in again.json()["message"]
    assert call(local_stack, "POST", f"{base}/no-such-letter/sent", token, {}).status_code == 404
    assert letters(local_stack, report_id)[0]["sentAt"]

    entries = [e for e in local_stack_audit(local_stack, "demo-mottagning") if e.get("reportId") == report_id]
    made_entries = [
        e for e in entries if e["action"] in ("preview_letter", "make_letter", "mark_letter_sent")
    ]
    assert {e["action"] for e in made_entries} == {"preview_letter", "make_letter", "mark_letter_sent"}
    assert all(e["detail"]["letter"] == "kallelse" and e["detail"]["person"] == 1 for e in made_entries)
    assert "träffa" not in json.dumps(entries)  # the letter's text is on the person, never in the audit trail
    view = call(local_stack, "GET", f"/api/staff/reports/{report_id}", token).json()
    assert view["persons"][0]["letters"][0]["title"] == "Kallelse till samtal"


def test_the_notice_that_no_investigation_is_opened_comes_only_after_that_decision(local_stack, tokens):
    token = tokens["mottagning"]
    report_id = new_report(local_stack, **NEGLECT_ONLY["concern"])
    base = f"{person_path(report_id)}/letters"
    values = {"values": {"handlaggare": CASE_WORKER}}
    early = call(local_stack, "POST", f"{base}/ingen_utredning/preview", token, values)
    assert early.status_code == 409 and "när beslutet är att inte inleda utredning" in early.json()["message"]
    assess(local_stack, tokens, report_id)
    decide(local_stack, tokens, report_id, "no_investigation")
    preview = call(local_stack, "POST", f"{base}/ingen_utredning/preview", token, values)
    assert preview.status_code == 200, preview.text
    assert "beslutat att inte inleda någon utredning" in preview.json()["text"]
    assert call(local_stack, "POST", f"{base}/aterkoppling/preview", token, values).status_code == 404


def test_an_adults_case_has_no_family_letters_and_other_roles_may_not_write_them(local_stack, tokens):
    adult = [{"kind": "vuxen", "name": "Per Persson", "age": 40}]
    report_id = new_report(local_stack, persons=adult, **NEGLECT_ONLY["concern"])
    base = f"{person_path(report_id)}/letters"
    view = call(local_stack, "GET", f"/api/staff/reports/{report_id}", tokens["mottagning"]).json()
    assert view["persons"][0]["letterKinds"] == []
    refused = call(local_stack, "POST", f"{base}/kallelse/preview", tokens["mottagning"], {"values": {}})
    assert refused.status_code == 409 and "bara för barn" in refused.json()["message"]
    child_report = new_report(local_stack, **NEGLECT_ONLY["concern"])
    for role in ("socialjour", "admin", "granskare"):
        forbidden = call(
            local_stack,
            "POST",
            f"{person_path(child_report)}/letters",
            tokens[role],
            {"kind": "kallelse", "text": "Hej"},
        )
        assert forbidden.status_code == 403, role
    assert letters(local_stack, child_report) == []
