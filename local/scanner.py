"""LOCAL STAND-IN for GuardDuty Malware Protection for S3: not Oro's logic, and not a malware scanner.

In AWS, GuardDuty scans each new object in the attachments bucket, tags it (GuardDutyMalwareScanStatus)
and sends EventBridge a "GuardDuty Malware Protection Object Scan Result" event, whose rule invokes the
scan-result function. Here this stand-in finds new objects under quarantine/, flags the EICAR test file
(and nothing else) as a threat, tags the object the same way and invokes the same function with an event
of the same shape, so the handler is the same code in both."""

import json
from datetime import UTC, datetime

from functions.domain.attachments import QUARANTINE_PREFIX
from functions.shared import names

# The EICAR anti-virus test file: every scanner reports it, and it harms nothing.
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
SCAN_STATUS_TAG = "GuardDutyMalwareScanStatus"
EVENT_DETAIL_TYPE = "GuardDuty Malware Protection Object Scan Result"


def scan_result_event(
    bucket: str, key: str, status: str, account: str, region: str, e_tag: str | None = None
) -> dict:
    """The EventBridge event GuardDuty sends for one scanned object (the fields it documents)."""
    return {
        "version": "0",
        "id": f"local-scan-{key.replace('/', '-')}",
        "detail-type": EVENT_DETAIL_TYPE,
        "source": "aws.guardduty",
        "account": account,
        "time": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "region": region,
        "resources": [],
        "detail": {
            "schemaVersion": "1.0",
            "scanStatus": "COMPLETED",
            "resourceType": "S3_OBJECT",
            "s3ObjectDetails": {
                "bucketName": bucket,
                "objectKey": key,
                **({"eTag": e_tag} if e_tag else {}),
                "s3Throttled": False,
            },
            "scanResultDetails": {
                "scanResultStatus": status,
                "threats": [{"name": "EICAR-Test-File (not a virus)"}] if status == "THREATS_FOUND" else None,
            },
        },
    }


def scan_new_uploads(s3, lambda_client, municipality_id: str, account: str, region: str) -> int:
    """Scans every quarantined object not yet tagged, as GuardDuty would: the number scanned."""
    bucket = names.attachments_bucket_name(municipality_id, account)
    scanned = 0
    for item in s3.list_objects_v2(Bucket=bucket, Prefix=QUARANTINE_PREFIX).get("Contents", []):
        key = item["Key"]
        tags = {tag["Key"]: tag["Value"] for tag in s3.get_object_tagging(Bucket=bucket, Key=key)["TagSet"]}
        if SCAN_STATUS_TAG in tags:
            continue
        found = s3.get_object(Bucket=bucket, Key=key)
        status = "THREATS_FOUND" if EICAR in found["Body"].read() else "NO_THREATS_FOUND"
        e_tag = found["ETag"].strip('"')  # the version scanned, unquoted as in GuardDuty's event
        s3.put_object_tagging(
            Bucket=bucket, Key=key, Tagging={"TagSet": [{"Key": SCAN_STATUS_TAG, "Value": status}]}
        )
        lambda_client.invoke(
            FunctionName=names.attachment_scan_function_name(municipality_id),
            Payload=json.dumps(scan_result_event(bucket, key, status, account, region, e_tag)).encode(),
        )
        scanned += 1
    return scanned
