"""Seconds from an approved decision to its hand-off delivered, on the local stack (moto in server mode).

Run by benchmarks/run.py in its own process (it starts a whole local stack): prints a JSON line of figures
last, explanations on stderr. For each of 5 reports (not timed: the report, its skyddsbedömning and the
proposal, through the staff API as the dashboard sends them), the clock starts when the second of the four
eyes approves and stops when the report says `delivered`: the staff API's asynchronous request to the
dispatcher, the person's PDF and JSON document, the bucket, the event on the bus and the conditional write.
The figure is the median of the 5; the schedule's minute is the fallback, not in it. Also printed: the size
of the document the case system fetches (the PDF in it, base64).
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
REPORTS = 5
MOTIVATION = "Bedömt utifrån anmälan och skolans uppgifter."
NEGLECT = {
    "description": "Barnet kommer ofta hungrigt till skolan.",
    "categories": ["omsorgsbrist"],
    "mainCategory": "omsorgsbrist",
    "acuteDanger": False,
}


def main() -> None:
    with quiet_stack("prov") as stack:
        intake = stack.sign_in(stack.demo_users["mottagning"])
        reviewer = stack.sign_in(stack.demo_users["forste_socialsekreterare"])

        def post(path: str, token: str, body: dict) -> dict:
            answer = requests.post(
                f"{stack.base_url}{path}", json=body, headers={"Authorization": f"Bearer {token}"}, timeout=60
            )
            answer.raise_for_status()
            return answer.json()

        seconds, document_kb = [], 0.0
        for _ in range(REPORTS):
            body = json.loads((EVENTS_DIR / "report-private-anonymous.json").read_text(encoding="utf-8"))
            body.update(submissionId=str(uuid.uuid4()), concern=NEGLECT)
            reference = requests.post(f"{stack.base_url}/api/reports", json=body, timeout=30).json()[
                "referenceNumber"
            ]
            found = stack.find_report(reference)
            assert found is not None, reference
            report_id = found["reportId"]
            person = f"/api/staff/reports/{report_id}/persons/1"
            post(
                f"{person}/protection-assessment",
                intake,
                {"immediateProtectionNeeded": False, "motivation": MOTIVATION},
            )
            version = post(
                f"{person}/decision-proposal",
                intake,
                {"outcome": "no_investigation", "motivation": MOTIVATION},
            )["version"]
            started = time.perf_counter()
            post(f"{person}/decision-proposal/approve", reviewer, {"version": version, "confirmed": True})
            while True:
                item = stack.reports_table.get_item(Key={"pk": f"REPORT#{report_id}", "sk": "REPORT"})["Item"]
                if item["persons"]["1"].get("handoff", {}).get("status") == "delivered":
                    break
                if time.perf_counter() - started > 60:
                    raise TimeoutError(f"hand-off of {report_id} not delivered in 60 s")
                time.sleep(0.02)
            seconds.append(time.perf_counter() - started)
            fetched = requests.get(
                f"{stack.base_url}/api/case-system/handoffs/{report_id}-1",
                headers={"Authorization": f"Bearer {stack.case_system_token()}"},
                timeout=30,
            )
            document_kb = len(fetched.content) / 1024
        print(
            f"  decision to delivered, {REPORTS} reports: {[round(s, 3) for s in seconds]} s", file=sys.stderr
        )
        stack.stop_executions()
    print(
        json.dumps(
            {
                "handoff.seconds_decision_to_delivered_local": round(statistics.median(seconds), 3),
                "handoff.document_kb": round(document_kb, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
