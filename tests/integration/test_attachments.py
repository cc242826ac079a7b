"""Attachments on the whole local stack: a report is received first; its receipt's token gets one presigned
POST per file, the browser's upload goes straight to S3 (moto) into quarantine, the scan (the local stand-in
for GuardDuty, the same handler) moves a clean file to clean/ or deletes an infected one, and staff see and
download only clean files, each download audited."""

import base64
import io
import json
import zipfile
from datetime import UTC, datetime, timedelta

import requests

from functions.domain.attachments import issue_token
from functions.shared import names
from local.scanner import EICAR, scan_result_event
from tests.integration.helpers import new_body, post_report
from tests.integration.test_staff_api import call

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def receipt_of(stack) -> dict:
    answer = post_report(stack, new_body())
    assert answer.status_code == 201, answer.text
    return answer.json()


def ask_upload(
    stack,
    receipt: dict,
    file_name: str,
    content_type: str,
    size: int,
    *,
    report_id: str | None = None,
    token: str | None = None,
) -> requests.Response:
    """What the form asks before uploading one file: for the receipt's report, with its token."""
    offer = receipt["attachments"]
    return requests.post(
        f"{stack.base_url}/api/reports/{report_id or offer['reportId']}/attachments",
        data=json.dumps(
            {
                "token": token or offer["token"],
                "fileName": file_name,
                "contentType": content_type,
                "size": size,
            }
        ),
        headers={"Content-Type": "application/json"},
        timeout=30,
    )


def upload(offered: dict, content: bytes, file_name: str = "fil") -> requests.Response:
    """What the form's browser does: a multipart POST of the given fields and the file, straight to S3."""
    upload_form = offered["upload"]
    return requests.post(
        upload_form["url"], data=upload_form["fields"], files={"file": (file_name, content)}, timeout=30
    )


def report_item(stack, report_id: str) -> dict:
    return stack.reports_table.get_item(Key={"pk": f"REPORT#{report_id}", "sk": "REPORT"})["Item"]


def keys_of(stack, report_id: str) -> list[str]:
    s3 = stack.client("s3")
    return sorted(
        item["Key"]
        for prefix in ("quarantine/", "clean/")
        for item in s3.list_objects_v2(Bucket=stack.attachments_bucket, Prefix=f"{prefix}{report_id}/").get(
            "Contents", []
        )
    )


def test_a_clean_file_goes_from_upload_to_a_staff_download_that_is_audited(local_stack, tokens):
    receipt = receipt_of(local_stack)
    report_id = receipt["attachments"]["reportId"]
    offered = ask_upload(local_stack, receipt, "../../Bild från skolan.png", "image/png", len(PNG))
    assert offered.status_code == 201, offered.text
    attachment_id = offered.json()["attachmentId"]
    assert offered.json()["fileName"] == "Bild från skolan.png"
    assert offered.json()["upload"]["fields"]["key"] == f"quarantine/{report_id}/{attachment_id}"
    assert upload(offered.json(), PNG).status_code in (200, 201, 204)
    assert keys_of(local_stack, report_id) == [f"quarantine/{report_id}/{attachment_id}"]
    # Staff see nothing until the scan says it is clean.
    mottagning = tokens["mottagning"]
    shown = call(local_stack, "GET", f"/api/staff/reports/{report_id}", mottagning).json()["attachments"]
    assert shown == {"files": [], "removed": [], "awaitingScan": 1}

    assert local_stack.scan_attachments() >= 1
    assert keys_of(local_stack, report_id) == [f"clean/{report_id}/{attachment_id}"]
    assert report_item(local_stack, report_id)["attachments"][attachment_id]["status"] == "clean"

    shown = call(local_stack, "GET", f"/api/staff/reports/{report_id}", mottagning).json()["attachments"]
    assert [file["attachmentId"] for file in shown["files"]] == [attachment_id]
    assert shown["files"][0]["fileName"] == "Bild från skolan.png"
    download = call(
        local_stack, "GET", f"/api/staff/reports/{report_id}/attachments/{attachment_id}", mottagning
    )
    assert download.status_code == 200, download.text
    fetched = requests.get(download.json()["url"], timeout=30)
    assert fetched.content == PNG
    assert "attachment" in fetched.headers["Content-Disposition"]
    timeline = local_stack.client("dynamodb").query(
        TableName=names.audit_table_name("prov"),
        KeyConditionExpression="pk = :report",
        ExpressionAttributeValues={":report": {"S": f"REPORT#{report_id}"}},
    )["Items"]
    downloads = [item for item in timeline if item["action"]["S"] == "download_attachment"]
    assert len(downloads) == 1
    assert downloads[0]["detail"]["M"]["attachmentId"]["S"] == attachment_id


def test_the_eicar_file_is_deleted_and_the_report_says_so(local_stack, tokens):
    receipt = receipt_of(local_stack)
    report_id = receipt["attachments"]["reportId"]
    offered = ask_upload(local_stack, receipt, "intyg.pdf", "application/pdf", 200).json()
    upload(offered, PDF[:20] + EICAR)
    local_stack.scan_attachments()
    assert keys_of(local_stack, report_id) == []
    assert report_item(local_stack, report_id)["attachments"][offered["attachmentId"]]["status"] == "infected"
    shown = call(local_stack, "GET", f"/api/staff/reports/{report_id}", tokens["mottagning"]).json()
    assert shown["attachments"]["files"] == []
    assert shown["attachments"]["removed"] == ["En bifogad fil togs bort: den innehöll skadlig kod."]
    refused = call(
        local_stack,
        "GET",
        f"/api/staff/reports/{report_id}/attachments/{offered['attachmentId']}",
        tokens["mottagning"],
    )
    assert refused.status_code == 404


def test_a_file_whose_content_is_not_its_declared_type_is_deleted(local_stack):
    receipt = receipt_of(local_stack)
    report_id = receipt["attachments"]["reportId"]
    offered = ask_upload(local_stack, receipt, "bild.jpg", "image/jpeg", len(PDF)).json()
    upload(offered, PDF)  # a PDF declared as a JPEG
    local_stack.scan_attachments()
    assert keys_of(local_stack, report_id) == []
    assert report_item(local_stack, report_id)["attachments"][offered["attachmentId"]]["status"] == (
        "wrong_content"
    )


def test_office_documents_are_recognised_by_their_content(local_stack):
    receipt = receipt_of(local_stack)
    report_id = receipt["attachments"]["reportId"]
    content = docx()
    offered = ask_upload(
        local_stack,
        receipt,
        "Anteckningar.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        len(content),
    ).json()
    upload(offered, content)
    local_stack.scan_attachments()
    assert keys_of(local_stack, report_id) == [f"clean/{report_id}/{offered['attachmentId']}"]


def offered_count(stack, report_id: str) -> int:
    return len(report_item(stack, report_id)["attachments"])


def test_each_bad_request_is_refused_in_swedish_and_nothing_is_stored(local_stack):
    receipt = receipt_of(local_stack)
    report_id = receipt["attachments"]["reportId"]
    other = receipt_of(local_stack)
    key = local_stack.client("secretsmanager").get_secret_value(
        SecretId=names.attachment_token_secret_name("prov")
    )["SecretString"]
    expired, _ = issue_token(report_id, key, datetime.now(UTC) - timedelta(hours=2))
    cases = [
        (ask_upload(local_stack, receipt, "program.exe", "application/x-msdownload", 100), 415, "filtyp"),
        (ask_upload(local_stack, receipt, "bild.pdf", "image/png", 100), 415, "passar inte filtypen"),
        (ask_upload(local_stack, receipt, "stor.pdf", "application/pdf", 10 * 1024 * 1024 + 1), 413, "10 MB"),
        (
            ask_upload(local_stack, receipt, "a.pdf", "application/pdf", 100, token="inte-en-token"),
            403,
            "bifoga",
        ),
        (ask_upload(local_stack, receipt, "a.pdf", "application/pdf", 100, token=expired), 403, "gått ut"),
        # The token of another report does not open this one, nor this one's token another.
        (
            ask_upload(
                local_stack, receipt, "a.pdf", "application/pdf", 100, token=other["attachments"]["token"]
            ),
            403,
            "",
        ),
        (
            ask_upload(
                local_stack,
                receipt,
                "a.pdf",
                "application/pdf",
                100,
                report_id=other["attachments"]["reportId"],
            ),
            403,
            "",
        ),
    ]
    for answer, status, words in cases:
        assert answer.status_code == status, answer.text
        assert words in answer.json()["message"]
    assert offered_count(local_stack, report_id) == 0
    assert offered_count(local_stack, other["attachments"]["reportId"]) == 0
    assert keys_of(local_stack, report_id) == []


def test_no_more_files_than_the_municipality_allows(local_stack):
    receipt = receipt_of(local_stack)
    report_id = receipt["attachments"]["reportId"]
    assert receipt["attachments"]["maxFiles"] == 5
    for number in range(5):
        assert ask_upload(local_stack, receipt, f"{number}.png", "image/png", 10).status_code == 201
    refused = ask_upload(local_stack, receipt, "6.png", "image/png", 10)
    assert refused.status_code == 409
    assert refused.json()["message"] == "Du kan bifoga högst 5 filer till en anmälan."
    assert offered_count(local_stack, report_id) == 5


def test_the_upload_form_is_bound_to_its_key_type_and_size(local_stack):
    receipt = receipt_of(local_stack)
    offered = ask_upload(local_stack, receipt, "bild.png", "image/png", len(PNG)).json()
    policy = json.loads(base64.b64decode(offered["upload"]["fields"]["policy"]))
    conditions = policy["conditions"]
    assert {"key": offered["upload"]["fields"]["key"]} in conditions
    assert {"Content-Type": "image/png"} in conditions
    assert ["content-length-range", 1, len(PNG)] in conditions
    expires = datetime.fromisoformat(policy["expiration"].replace("Z", "+00:00"))
    assert timedelta(minutes=10) < expires - datetime.now(UTC) <= timedelta(minutes=15)


def test_an_upload_nobody_offered_is_deleted_by_its_scan(local_stack):
    receipt = receipt_of(local_stack)
    report_id = receipt["attachments"]["reportId"]
    local_stack.client("s3").put_object(
        Bucket=local_stack.attachments_bucket, Key=f"quarantine/{report_id}/not-offered", Body=PNG
    )
    local_stack.scan_attachments()
    assert keys_of(local_stack, report_id) == []
    assert offered_count(local_stack, report_id) == 0


def test_a_larger_file_or_another_type_than_declared_is_deleted_by_its_scan(local_stack):
    """In AWS S3 refuses them (the form's policy: content-length-range, Content-Type); moto does not check a
    POST policy, and the scan-result function checks size and type again whatever the store did."""
    receipt = receipt_of(local_stack)
    report_id = receipt["attachments"]["reportId"]
    larger = ask_upload(local_stack, receipt, "bild.png", "image/png", 10).json()
    upload(larger, PNG)  # 80 bytes where 10 were declared
    other_type = ask_upload(local_stack, receipt, "bild2.png", "image/png", len(PNG)).json()
    other_type["upload"]["fields"]["Content-Type"] = "text/html"
    upload(other_type, PNG)
    local_stack.scan_attachments()
    assert keys_of(local_stack, report_id) == []
    records = report_item(local_stack, report_id)["attachments"]
    assert {records[offer["attachmentId"]]["status"] for offer in (larger, other_type)} == {"wrong_content"}


def test_a_file_replaced_after_its_scan_is_not_released(local_stack):
    """The same presigned form used twice: only the version GuardDuty scanned may reach clean/."""
    receipt = receipt_of(local_stack)
    report_id = receipt["attachments"]["reportId"]
    offered = ask_upload(local_stack, receipt, "bild.png", "image/png", len(PNG)).json()
    upload(offered, PNG)
    key = offered["upload"]["fields"]["key"]
    s3 = local_stack.client("s3")
    scanned = s3.head_object(Bucket=local_stack.attachments_bucket, Key=key)["ETag"].strip('"')
    upload(offered, PNG[:-1] + b"\x01")  # replaced before the scan's result arrives
    local_stack.client("lambda").invoke(
        FunctionName=names.attachment_scan_function_name("prov"),
        Payload=json.dumps(
            scan_result_event(local_stack.attachments_bucket, key, "NO_THREATS_FOUND", "1", "x", scanned)
        ).encode(),
    )
    assert keys_of(local_stack, report_id) == []
    assert (
        report_item(local_stack, report_id)["attachments"][offered["attachmentId"]]["status"] == "not_scanned"
    )
