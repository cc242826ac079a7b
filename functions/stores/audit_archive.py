"""The locked copy of the audit trail: an S3 bucket with Object Lock in compliance mode (its default
retention is the audit retention, infra/constructs/audit.py), so no one, the account's root included, can
delete or replace an object version before its retention ends.

Per UTC day: `entries/<day>.jsonl` (the day's canonical lines, functions/domain/audit_digest.py) and
`seals/<day>.json` (the digest and its link to the previous sealed day). Objects are written only where
their key is new (If-None-Match: *); a write that S3 took as a new version of an existing key would show as
a second version, which the check reports.
"""

from datetime import date

from botocore.exceptions import ClientError

from functions.domain.audit_digest import DaySeal

ENTRIES_PREFIX = "entries/"
SEALS_PREFIX = "seals/"


def entries_key(day: date) -> str:
    return f"{ENTRIES_PREFIX}{day.isoformat()}.jsonl"


def seal_key(day: date) -> str:
    return f"{SEALS_PREFIX}{day.isoformat()}.json"


def _day_of(key: str) -> date:
    return date.fromisoformat(key.removeprefix(SEALS_PREFIX).removesuffix(".json"))


def _code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


class AuditArchive:
    def __init__(self, bucket: str, s3_client) -> None:
        self._bucket = bucket
        self._s3 = s3_client

    def _put_new(self, key: str, body: bytes, content_type: str) -> bool:
        """False when the key already exists: nothing is replaced."""
        try:
            # A checksum is required of every write to a bucket with a default Object Lock retention.
            self._s3.put_object(
                Bucket=self._bucket,
                Key=key,
                Body=body,
                ContentType=content_type,
                IfNoneMatch="*",
                ChecksumAlgorithm="SHA256",
            )
        except ClientError as error:
            if _code(error) in ("PreconditionFailed", "ConditionalRequestConflict"):
                return False
            raise
        return True

    def put_day(self, seal: DaySeal, lines: list[str]) -> bool:
        """The day's entries, then its seal (a day counts as sealed once its seal exists; a run that stopped
        between the two finds the entries there and writes the seal). False if the day was sealed before."""
        body = "".join(line + "\n" for line in lines).encode()
        self._put_new(entries_key(seal.day), body, "application/x-ndjson")
        return self._put_new(
            seal_key(seal.day), seal.model_dump_json(by_alias=True).encode(), "application/json"
        )

    def _get(self, key: str) -> bytes | None:
        try:
            return self._s3.get_object(Bucket=self._bucket, Key=key)["Body"].read()
        except ClientError as error:
            if _code(error) in ("NoSuchKey", "404"):
                return None
            raise

    def seal(self, day: date) -> DaySeal | None:
        body = self._get(seal_key(day))
        return DaySeal.model_validate_json(body) if body is not None else None

    def entries(self, day: date) -> list[str] | None:
        body = self._get(entries_key(day))
        return body.decode().splitlines() if body is not None else None

    def latest_seal(self) -> DaySeal | None:
        """The last day sealed: one key per day, so the listing is a few pages over the whole retention."""
        latest = None
        for page in self._s3.get_paginator("list_objects_v2").paginate(
            Bucket=self._bucket, Prefix=SEALS_PREFIX
        ):
            for found in page.get("Contents", []):
                latest = max(latest or found["Key"], found["Key"])
        if latest is None:
            return None
        return self.seal(_day_of(latest))

    def first_sealed_day(self) -> date | None:
        page = self._s3.list_objects_v2(Bucket=self._bucket, Prefix=SEALS_PREFIX, MaxKeys=1)
        found = page.get("Contents", [])
        return _day_of(found[0]["Key"]) if found else None

    def versions(self, day: date) -> int:
        """How many versions the day's two objects have: 2 when untouched, more when one was written again."""
        count = 0
        for prefix in (entries_key(day), seal_key(day)):
            page = self._s3.list_object_versions(Bucket=self._bucket, Prefix=prefix)
            count += sum(1 for version in page.get("Versions", []) if version["Key"] == prefix)
            count += sum(1 for marker in page.get("DeleteMarkers", []) if marker["Key"] == prefix)
        return count
