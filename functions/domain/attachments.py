"""Attachments: files a reporter adds to a report after it was received (docs/architecture.md, "Attachments").

A report is stored and acknowledged first; its receipt carries an attachment token, signed and bound to the
report id, valid an hour. With it the reporter asks for one upload at a time (name, type, size): the limits
of the municipality file are checked here, and the upload itself is an S3 presigned POST whose policy
enforces the same type, size and exact key. Every file waits under quarantine/ until a malware scan (and a
look at its first bytes) decides: clean files move to clean/, where staff can download them; others are
deleted, and the report keeps only that one was removed.
"""

import re
import unicodedata
from datetime import datetime, timedelta
from enum import StrEnum

import filetype
import jwt
from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from functions.domain.languages import text
from functions.domain.municipality import Attachments

TOKEN_LIFETIME = timedelta(hours=1)
# How long a presigned POST may be used: long enough for 10 MB on a slow phone connection.
UPLOAD_WINDOW = timedelta(minutes=15)
# What staff get to download a clean file with: a link that works for a minute.
DOWNLOAD_WINDOW = timedelta(minutes=1)
_TOKEN_AUDIENCE = "oro-attachments"  # noqa: S105 - a claim value, not a secret
_TOKEN_ALGORITHM = "HS256"  # noqa: S105 - an algorithm name
# filetype reads no more than this of a file to tell its type.
SNIFF_BYTES = 8192
QUARANTINE_PREFIX = "quarantine/"
CLEAN_PREFIX = "clean/"

# The file name endings each type may have, and what the page calls the type.
# Each type's file-name endings and its name's key in the catalogues (api.attachments.types.<key>).
TYPE_NAMES: dict[str, tuple[tuple[str, ...], str]] = {
    "image/jpeg": ((".jpg", ".jpeg"), "jpeg"),
    "image/png": ((".png",), "png"),
    "image/heic": ((".heic", ".heif"), "heic"),
    "application/pdf": ((".pdf",), "pdf"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ((".docx",), "docx"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ((".xlsx",), "xlsx"),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ((".pptx",), "pptx"),
    "application/vnd.oasis.opendocument.text": ((".odt",), "odt"),
}


class AttachmentStatus(StrEnum):
    AWAITING_SCAN = "awaiting_scan"  # an upload was offered; the file is in quarantine or never came
    CLEAN = "clean"
    INFECTED = "infected"  # deleted: the scan found malware
    WRONG_CONTENT = "wrong_content"  # deleted: the content is not the type it was declared as
    NOT_SCANNED = "not_scanned"  # deleted: the scan could not read it (encrypted, too large, failed)


class AttachmentRefused(Exception):
    """An upload that is not offered; the message says why to the reporter, in the form's language."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class AttachmentTokenInvalid(Exception):
    """No token, a forged or expired one, or one for another report."""


class UploadRequest(BaseModel):
    """What the reporter declares about one file before uploading it."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid", strict=True)

    token: str = Field(min_length=1, max_length=2000, description="attachments.token from the receipt")
    file_name: str = Field(min_length=1, max_length=255)
    content_type: str = Field(min_length=1, max_length=200)
    size: int = Field(gt=0, description="The file's size in bytes")


class UploadForm(BaseModel):
    """A presigned POST: send `fields` and then the file (as the last field, `file`) to `url` as
    multipart/form-data, within 15 minutes."""

    url: str
    fields: dict[str, str]


class UploadOffered(BaseModel):
    """The answer to an upload request: the attachment's id, its name as staff will see it, and the form."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, defer_build=True)

    attachment_id: str
    file_name: str
    upload: UploadForm


class AttachmentsOffer(BaseModel):
    """What the receipt says about attaching files: where, with which token, within which limits."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, frozen=True)

    report_id: str
    token: str
    expires_at: datetime
    max_files: int
    max_bytes_per_file: int
    content_types: list[str]


# --- The token ---------------------------------------------------------------------------------------


def issue_token(report_id: str, key: str, now: datetime) -> tuple[str, datetime]:
    """A token that lets its holder attach files to this report, and only this one, for an hour from `now`
    (the report's arrival: a retried submit gets the same token). Whole seconds, as the token holds them."""
    now = now.replace(microsecond=0)
    expires = now + TOKEN_LIFETIME
    claims = {"sub": report_id, "aud": _TOKEN_AUDIENCE, "iat": now, "exp": expires}
    return jwt.encode(claims, key, algorithm=_TOKEN_ALGORITHM), expires


def check_token(token: str, report_id: str, key: str, now: datetime) -> None:
    """Raises AttachmentTokenInvalid unless the token was signed with `key` for `report_id` and is unexpired."""
    try:
        claims = jwt.decode(
            token,
            key,
            algorithms=[_TOKEN_ALGORITHM],
            audience=_TOKEN_AUDIENCE,
            options={"require": ["sub", "exp", "aud"], "verify_exp": False, "verify_iat": False},
        )
    except jwt.PyJWTError as error:
        raise AttachmentTokenInvalid() from error
    # The expiry against the function's own clock (the same one that issued it), not the library's.
    if claims["sub"] != report_id or claims["exp"] <= int(now.timestamp()):
        raise AttachmentTokenInvalid()


def offer_of(report_id: str, settings: Attachments, key: str, now: datetime) -> AttachmentsOffer | None:
    if not settings.enabled:
        return None
    token, expires = issue_token(report_id, key, now)
    return AttachmentsOffer(
        report_id=report_id,
        token=token,
        expires_at=expires,
        max_files=settings.max_files,
        max_bytes_per_file=settings.max_bytes_per_file,
        content_types=list(settings.allowed_types),
    )


# --- What may be uploaded ----------------------------------------------------------------------------

_UNSAFE = re.compile(r"[^\w .,()+-]")


def safe_file_name(declared: str) -> str:
    """The declared name as staff will see it and download it: no folders, no control or markup characters,
    at most 100 characters, its ending kept."""
    name = unicodedata.normalize("NFC", declared).replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE.sub("_", "".join(char for char in name if unicodedata.category(char)[0] != "C"))
    name = re.sub(r"_+", "_", name)
    stem, dot, ending = name.rpartition(".")
    if dot and ending.isalnum() and len(ending) <= 10:
        stem = stem.strip(" ._")[: 100 - len(ending) - 1].rstrip(" ._") or "fil"
        return f"{stem}.{ending}"
    return name.strip(" ._")[:100] or "fil"


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g}".replace(".", ",") + " MB"


def check_upload(request: UploadRequest, settings: Attachments, files_so_far: int, language: str) -> str:
    """The sanitized file name when the file may be uploaded; AttachmentRefused (in `language`) when not."""
    if not settings.enabled:
        raise AttachmentRefused(403, text(language, "api.attachments.notOffered"))

    def type_name(kind: str) -> str:
        return text(language, f"api.attachments.types.{TYPE_NAMES[kind][1]}")

    allowed = ", ".join(type_name(kind) for kind in settings.allowed_types)
    if request.content_type not in settings.allowed_types:
        raise AttachmentRefused(415, text(language, "api.attachments.wrongType", allowed=allowed))
    name = safe_file_name(request.file_name)
    if not name.lower().endswith(TYPE_NAMES[request.content_type][0]):
        raise AttachmentRefused(
            415,
            text(
                language,
                "api.attachments.nameDoesNotFitType",
                type=type_name(request.content_type),
                allowed=allowed,
            ),
        )
    if request.size > settings.max_bytes_per_file:
        raise AttachmentRefused(
            413, text(language, "api.attachments.tooLarge", size=megabytes(settings.max_bytes_per_file))
        )
    if files_so_far >= settings.max_files:
        raise AttachmentRefused(409, too_many_files(settings, language))
    return name


def too_many_files(settings: Attachments, language: str) -> str:
    return text(language, "api.attachments.tooMany", count=settings.max_files)


def quarantine_key(report_id: str, attachment_id: str) -> str:
    return f"{QUARANTINE_PREFIX}{report_id}/{attachment_id}"


def clean_key(report_id: str, attachment_id: str) -> str:
    return f"{CLEAN_PREFIX}{report_id}/{attachment_id}"


def upload_policy(content_type: str, size: int) -> tuple[dict, list]:
    """The presigned POST's fields and conditions: this type and at most the declared size (boto3 adds the
    bucket and the exact key), so a form cannot be reused for another report, file, type or a larger file."""
    return {"Content-Type": content_type}, [{"Content-Type": content_type}, ["content-length-range", 1, size]]


# --- What the scan found -----------------------------------------------------------------------------


def sniffed_type(head: bytes) -> str | None:
    """What the first bytes say the file is (filetype's magic numbers), None when they say nothing known."""
    return filetype.guess_mime(head[:SNIFF_BYTES])


def verdict(scan_status: str, declared_type: str, head: bytes | None) -> AttachmentStatus:
    """GuardDuty's scan result (or the local stand-in's), then the content against its declared type."""
    if scan_status == "THREATS_FOUND":
        return AttachmentStatus.INFECTED
    if scan_status != "NO_THREATS_FOUND":  # UNSUPPORTED, ACCESS_DENIED, FAILED: nothing vouches for it
        return AttachmentStatus.NOT_SCANNED
    if head is None or sniffed_type(head) != declared_type:
        return AttachmentStatus.WRONG_CONTENT
    return AttachmentStatus.CLEAN


REMOVED_TEXT = {
    AttachmentStatus.INFECTED: "En bifogad fil togs bort: den innehöll skadlig kod.",
    AttachmentStatus.WRONG_CONTENT: "En bifogad fil togs bort: innehållet var inte den filtyp den angavs som.",
    AttachmentStatus.NOT_SCANNED: "En bifogad fil togs bort: den gick inte att kontrollera för skadlig kod.",
}
