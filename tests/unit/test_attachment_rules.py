"""Attachments as plain functions: the token, what may be uploaded, the presigned form's conditions, and what
the scan and the file's first bytes decide."""

import io
import zipfile
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest

from functions.domain.attachments import (
    AttachmentRefused,
    AttachmentStatus,
    AttachmentTokenInvalid,
    UploadRequest,
    check_token,
    check_upload,
    issue_token,
    offer_of,
    safe_file_name,
    sniffed_type,
    upload_policy,
    verdict,
)
from functions.domain.municipality import Attachments, load_municipality
from functions.shared import aws, names
from local.scanner import EICAR, scan_result_event

KEY = "k" * 48
NOW = datetime(2026, 11, 30, 20, 0, tzinfo=UTC)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def office(first_folder: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{first_folder}/document.xml", "<x/>")
    return buffer.getvalue()


def request(**changes) -> UploadRequest:
    fields = {"token": "t", "fileName": "bild.png", "contentType": "image/png", "size": 1000, **changes}
    return UploadRequest.model_validate(fields)


def test_a_token_opens_its_own_report_for_an_hour_and_nothing_else():
    token, expires = issue_token("report-1", KEY, NOW)
    assert expires == NOW + timedelta(hours=1)
    check_token(token, "report-1", KEY, NOW + timedelta(minutes=59))
    for report_id, key, at in (
        ("report-2", KEY, NOW),  # another report
        ("report-1", "another key" * 4, NOW),  # forged
        ("report-1", KEY, NOW + timedelta(hours=1)),  # expired
    ):
        with pytest.raises(AttachmentTokenInvalid):
            check_token(token, report_id, key, at)
    with pytest.raises(AttachmentTokenInvalid):
        check_token("not.a.token", "report-1", KEY, NOW)


def test_the_receipt_offers_the_municipality_files_limits_or_nothing_when_off():
    settings = load_municipality(names.municipality_config_file("demo")).attachments
    offer = offer_of("report-1", settings, KEY, NOW)
    assert offer is not None
    assert (offer.max_files, offer.max_bytes_per_file) == (5, 10 * 1024 * 1024)
    assert "application/pdf" in offer.content_types
    check_token(offer.token, "report-1", KEY, NOW)
    assert offer_of("report-1", Attachments(enabled=False), KEY, NOW) is None


@pytest.mark.parametrize(
    ("declared", "shown"),
    [
        ("../../etc/passwd.png", "passwd.png"),
        ("C:\\Users\\Anna\\Skärmbild 2026.png", "Skärmbild 2026.png"),
        ("<b>hej</b>.png", "b.png"),
        ("<img onerror=x>.png", "img onerror_x.png"),
        ("rad\nbrytning\u202e.png", "radbrytning.png"),
        ("..png", "fil.png"),
        ("a" * 300 + ".jpeg", "a" * 95 + ".jpeg"),
    ],
)
def test_a_declared_name_is_made_safe_to_show_and_download(declared, shown):
    assert safe_file_name(declared) == shown


def test_the_limits_come_from_the_municipality_file_and_are_refused_in_swedish():
    settings = Attachments(max_files=2, max_bytes_per_file=2 * 1024 * 1024, allowed_types=["image/png"])
    assert check_upload(request(), settings, files_so_far=1, language="sv") == "bild.png"
    refusals = [
        (request(contentType="application/pdf", fileName="a.pdf"), 0, 415, "Tillåtna filtyper: PNG-bild"),
        (request(fileName="bild.jpg"), 0, 415, "passar inte filtypen"),
        (request(size=2 * 1024 * 1024 + 1), 0, 413, "högst 2 MB"),
        (request(), 2, 409, "högst 2 filer"),
    ]
    for upload, so_far, status, words in refusals:
        with pytest.raises(AttachmentRefused) as refused:
            check_upload(upload, settings, files_so_far=so_far, language="sv")
        assert refused.value.status == status and words in str(refused.value)
    with pytest.raises(AttachmentRefused):
        check_upload(request(), Attachments(enabled=False), files_so_far=0, language="sv")


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "Allowed file types: PNG image"), ("ar", "أنواع الملفات المسموح بها: صورة PNG")],
)
def test_a_refused_file_is_explained_in_the_forms_language(language, words):
    settings = Attachments(allowed_types=["image/png"])
    with pytest.raises(AttachmentRefused) as refused:
        check_upload(request(contentType="application/pdf", fileName="a.pdf"), settings, 0, language=language)
    assert words in str(refused.value)


def test_the_request_body_is_strict():
    with pytest.raises(ValueError):
        request(size="1000")
    with pytest.raises(ValueError):
        request(size=0)
    with pytest.raises(ValueError):
        request(extra="x")


def test_the_presigned_form_is_held_to_the_declared_type_and_size():
    fields, conditions = upload_policy("application/pdf", 12345)
    assert fields == {"Content-Type": "application/pdf"}
    assert {"Content-Type": "application/pdf"} in conditions
    assert ["content-length-range", 1, 12345] in conditions


@pytest.mark.parametrize(
    ("content", "declared"),
    [
        (PNG, "image/png"),
        (JPEG, "image/jpeg"),
        (PDF, "application/pdf"),
        (office("word"), DOCX),
        (office("xl"), XLSX),
    ],
)
def test_a_file_is_recognised_by_its_first_bytes(content, declared):
    assert sniffed_type(content) == declared
    assert verdict("NO_THREATS_FOUND", declared, content) is AttachmentStatus.CLEAN


def test_what_the_scan_and_the_content_decide():
    assert verdict("THREATS_FOUND", "image/png", PNG) is AttachmentStatus.INFECTED
    for status in ("UNSUPPORTED", "ACCESS_DENIED", "FAILED"):
        assert verdict(status, "image/png", PNG) is AttachmentStatus.NOT_SCANNED
    assert verdict("NO_THREATS_FOUND", "image/jpeg", PNG) is AttachmentStatus.WRONG_CONTENT
    assert verdict("NO_THREATS_FOUND", DOCX, office("xl")) is AttachmentStatus.WRONG_CONTENT
    assert verdict("NO_THREATS_FOUND", "application/pdf", b"just text") is AttachmentStatus.WRONG_CONTENT
    assert verdict("NO_THREATS_FOUND", "image/png", None) is AttachmentStatus.WRONG_CONTENT


def test_the_local_stand_in_sends_guardduty_s_event_shape():
    event = scan_result_event("bucket", "quarantine/r/a", "THREATS_FOUND", "123456789012", "eu-north-1")
    assert event["source"] == "aws.guardduty"
    assert event["detail-type"] == "GuardDuty Malware Protection Object Scan Result"
    assert event["detail"]["s3ObjectDetails"] == {
        "bucketName": "bucket",
        "objectKey": "quarantine/r/a",
        "s3Throttled": False,
    }
    assert event["detail"]["scanResultDetails"]["scanResultStatus"] == "THREATS_FOUND"
    assert EICAR.startswith(b"X5O!P%@AP[4")


def test_a_receipt_goes_without_the_offer_when_the_token_key_cannot_be_read(monkeypatch):
    from functions.intake import handler
    from functions.shared.settings import IntakeSettings

    settings = IntakeSettings.model_validate(
        {
            names.ENV_MUNICIPALITY_CONFIG_FILE: str(names.municipality_config_file("demo")),
            names.ENV_REPORTS_TABLE: "reports",
            names.ENV_LIFECYCLE_STATE_MACHINE_ARN: "arn:aws:states:eu-north-1:1:stateMachine:x",
            names.ENV_ATTACHMENTS_BUCKET: "attachments",
            names.ENV_ATTACHMENT_TOKEN_SECRET: "oro-demo/attachment-token-key",
        }
    )

    def unreadable(_settings):
        raise ConnectionError("Secrets Manager did not answer")

    monkeypatch.setattr(handler, "attachment_store", lambda _settings: object())
    monkeypatch.setattr(handler, "attachment_token_key", unreadable)
    assert handler._attachments_offer(settings, "report-1", NOW) is None
    monkeypatch.setattr(handler, "attachment_token_key", lambda _settings: KEY)
    offer = handler._attachments_offer(settings, "report-1", NOW)
    assert offer is not None and offer.expires_at == NOW + timedelta(hours=1)
    check_token(offer.token, "report-1", KEY, NOW)


def test_the_upload_form_and_the_download_link_name_the_buckets_regional_host(monkeypatch):
    # In AWS (no endpoint override) a browser posts to <bucket>.s3.<region>.amazonaws.com, the origin the
    # form's CSP allows; the global s3.amazonaws.com would redirect outside us-east-1.
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    monkeypatch.delenv("AWS_ENDPOINT_URL_S3", raising=False)
    monkeypatch.setenv("AWS_REGION", "eu-north-1")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-north-1")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    s3 = aws.client.__wrapped__("s3")
    bucket = names.attachments_bucket_name("demo", "123456789012")
    fields, conditions = upload_policy("image/jpeg", 1000)
    form = s3.generate_presigned_post(bucket, "quarantine/r/a", Fields=fields, Conditions=conditions)
    link = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "clean/r/a"})
    assert urlsplit(form["url"]).netloc == f"{bucket}.s3.eu-north-1.amazonaws.com"
    assert urlsplit(link).netloc == f"{bucket}.s3.eu-north-1.amazonaws.com"
