"""Seconds from asking for an upload to a clean attached file, on the local stack (moto in server mode).

Run by benchmarks/run.py in its own process (it starts a whole local stack): prints a JSON line of figures
last, explanations on stderr. A report is received first (not timed: a submission never waits for its
attachments); then, for each of 5 files, timed together: the upload request with the receipt's token (the
intake function: token, limits, the record on the report, the presigned POST), the browser's multipart
POST straight to S3, the local stand-in scanner (local/scanner.py, in place of GuardDuty, here invoked at
once instead of on its one-second poll) and the scan-result function moving the file to clean/. The figure
is the median of the 5, in seconds; GuardDuty's own scan time in AWS is not in it.
"""

import json
import statistics
import sys
import time
import uuid
from pathlib import Path

import requests

from local.stack import quiet_stack

EVENTS_DIR = Path(__file__).resolve().parents[1] / "events"
FILES = 5
# A 1 MB PNG: the signature and a header, then padding.
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * (1024 * 1024)


def main() -> None:
    with quiet_stack("prov") as stack:
        body = json.loads((EVENTS_DIR / "report-private-anonymous.json").read_text(encoding="utf-8"))
        body["submissionId"] = str(uuid.uuid4())
        receipt = requests.post(f"{stack.base_url}/api/reports", json=body, timeout=30).json()
        offer = receipt["attachments"]
        seconds = []
        for number in range(FILES):
            started = time.perf_counter()
            offered = requests.post(
                f"{stack.base_url}/api/reports/{offer['reportId']}/attachments",
                json={
                    "token": offer["token"],
                    "fileName": f"{number}.png",
                    "contentType": "image/png",
                    "size": len(PNG),
                },
                timeout=30,
            ).json()
            upload = offered["upload"]
            requests.post(upload["url"], data=upload["fields"], files={"file": ("f.png", PNG)}, timeout=60)
            stack.scan_attachments()
            item = stack.reports_table.get_item(Key={"pk": f"REPORT#{offer['reportId']}", "sk": "REPORT"})[
                "Item"
            ]
            assert item["attachments"][offered["attachmentId"]]["status"] == "clean"
            seconds.append(time.perf_counter() - started)
        print(
            f"  upload to clean, {FILES} files of 1 MB: {[round(s, 3) for s in seconds]} s", file=sys.stderr
        )
        stack.stop_executions()
    print(json.dumps({"attachments.upload_to_clean_seconds_local": round(statistics.median(seconds), 3)}))


if __name__ == "__main__":
    main()
