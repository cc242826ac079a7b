"""Milliseconds to make a report's PDF (functions/shared/documents.py) and its size, as the staff function makes
it on "Ladda ned anmälan (PDF)": the first in a fresh process (fpdf2 imported, the font read and subset) and
the median of the next 20, for the sample report with its person assessed and decided by four eyes.

Run by benchmarks/run.py in its own process (a fresh import): prints a JSON line of figures last,
explanations on stderr."""

import json
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[1] / "events" / "report-private-anonymous.json"
RUNS = 20


def decided_report() -> dict:
    content = json.loads(SAMPLE.read_text(encoding="utf-8"))
    return {
        "referenceNumber": "2026-K7F-3MX",
        "receivedAt": "2026-11-27T15:30:00.000Z",
        "channel": "webb",
        "content": json.dumps(content, ensure_ascii=False),
        "persons": {
            "1": {
                "kind": "barn",
                "rule": "barn",
                "protectionAssessment": {
                    "recordedAt": "2026-11-27T18:00:00.000Z",
                    "recordedBy": "demo-mottagning",
                    "immediateProtectionNeeded": False,
                    "motivation": "Inget i anmälan tyder på att barnet behöver skydd i dag.",
                },
                "decision": {
                    "outcome": "investigation",
                    "motivation": "Uppgifterna om våld behöver utredas med familjen.",
                    "decidedAt": "2026-12-03T10:00:00.000Z",
                    "decidedBy": "demo-forste-socialsekreterare",
                    "proposedBy": "demo-mottagning",
                },
            }
        },
    }


def main() -> None:
    from functions.domain.municipality import load_municipality
    from functions.domain.report_document import report_document
    from functions.shared import names
    from functions.stores.lifecycle import facts_of

    municipality = load_municipality(names.municipality_config_file("demo"))
    item = decided_report()
    made_at = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)

    def made() -> bytes:
        from functions.shared.documents import document_pdf

        document = report_document(
            item, facts_of(item).persons, municipality, made_at=made_at, made_by="demo-mottagning"
        )
        return document_pdf(document)

    started = time.perf_counter()
    pdf = made()
    first_ms = (time.perf_counter() - started) * 1000
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        made()
        timings.append((time.perf_counter() - started) * 1000)
    print(
        f"the report's PDF: {len(pdf) / 1024:.1f} kB (the font subset embedded); the first in a fresh process "
        f"{first_ms:.0f} ms (fpdf2 imported, the font read), then the median of {RUNS}",
        file=sys.stderr,
    )
    print(
        json.dumps(
            {
                "pdf.report_ms_median": round(statistics.median(timings), 1),
                "pdf.report_first_ms": round(first_ms, 1),
                "pdf.report_kb": round(len(pdf) / 1024, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
