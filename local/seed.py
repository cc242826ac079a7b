"""Many stored reports at once, as intake and the lifecycle leave them: for the gallring tests and the
benchmarks. Each report is the items intake writes (new_report_items), with the staff facts recorded on
it, and the lifecycle's own planner's changes (stores/lifecycle.plan_changes, what record_plan writes)
applied, so its purge date, rule and index entries are the ones production writes. Only the writing is
batched.

Every report carries its own marker in the child's name, the address and the description, and its own
personnummer, so a test can search every table for a purged report's personal data.
"""

import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Literal

from stdnum import luhn

from functions.domain.lifecycle import LifecycleState, Trigger, plan
from functions.domain.municipality import Municipality
from functions.domain.persons import person_rules
from functions.domain.report import Channel, ReceivedReport, ReportSubmission
from functions.domain.reporter_identity import VerifiedIdentity
from functions.intake.logic import fingerprint
from functions.stores.lifecycle import facts_of, plan_changes
from functions.stores.person_keys import PersonKeys
from functions.stores.reports import SignedInReporter, iso, item_of, new_report_items

Outcome = Literal["open", "no_investigation", "investigation_open", "investigation_closed"]
BATCH = 25  # BatchWriteItem's limit


@dataclass(frozen=True)
class SeedReport:
    number: int
    outcome: Outcome
    decided_at: datetime | None = None
    closed_at: datetime | None = None
    born: date | None = None  # by default a day from the number, never a research sample's 5th, 15th or 25th
    signed_in: bool = False  # sent by a signed-in reporter: listed under their REPORTER# entry

    @property
    def marker(self) -> str:
        return f"Seedmarkör{self.number:06d}x"

    @property
    def birth_date(self) -> date:
        if self.born:
            return self.born
        month, day = divmod(self.number // 1000 % 240, 20)  # 12 months × days 1–4, 6–14, 16–22
        return date(
            2016, month + 1, (1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16, 17, 18, 19, 20, 21, 22)[day]
        )

    @property
    def personnummer(self) -> str:
        """Unique for numbers below 240,000: the birth date and serial number both come from it."""
        serial = f"{self.number % 1000:03d}"
        short = f"{self.birth_date:%y%m%d}{serial}"
        return f"{self.birth_date:%Y%m%d}-{serial}{luhn.calc_check_digit(short)}"

    @property
    def reference_number(self) -> str:
        return f"2026-S{self.number:06d}"


@dataclass(frozen=True)
class SeededReport:
    spec: SeedReport
    report_id: str


def _submission(spec: SeedReport) -> ReportSubmission:
    return ReportSubmission.model_validate(
        {
            "submissionId": str(uuid.uuid4()),
            "persons": [
                {
                    "kind": "barn",
                    "name": f"Barn {spec.marker}",
                    "personalIdentityNumber": spec.personnummer,
                    "address": f"Gatan {spec.marker} 1",
                    "knowsAboutReport": "vet_inte",
                }
            ],
            "concern": {
                "description": f"Oro för barnet ({spec.marker}): kommer ofta hungrigt till skolan.",
                "categories": ["omsorgsbrist"],
                "mainCategory": "omsorgsbrist",
                "acuteDanger": False,
            },
            "interpreter": {"needed": False},
            "reporter": {"type": "privatperson", "anonymous": True},
        },
        strict=False,
    )


def _with_facts(item: dict, spec: SeedReport) -> dict:
    if spec.outcome == "open":
        return item
    assert spec.decided_at is not None
    decision = "no_investigation" if spec.outcome == "no_investigation" else "investigation"
    for person in item["persons"].values():
        person["protectionAssessment"] = {"recordedAt": iso(spec.decided_at), "recordedBy": "seed"}
        person["decision"] = {"outcome": decision, "decidedAt": iso(spec.decided_at), "decidedBy": "seed"}
        if spec.outcome == "investigation_closed":
            assert spec.closed_at is not None
            person["investigation"] = {"closedAt": iso(spec.closed_at), "closedBy": "seed"}
    return item


def _seed_reporter(spec: SeedReport, at: datetime) -> SignedInReporter:
    identity = VerifiedIdentity(
        provider="e_legitimation", kind="citizen", subject=spec.marker, name=spec.marker, verified_at=at
    )
    return SignedInReporter(identity=identity, lookup_key=f"seed-reporter-{spec.number:06d}")


def seed_reports(
    dynamodb,
    table: str,
    municipality: Municipality,
    specs: list[SeedReport],
    person_keys: PersonKeys | None = None,
) -> list[SeededReport]:
    """`person_keys`: the stack's, for reports a test searches by personnummer; by default a key of their
    own (gallring needs the lookup entries to exist, not to be found)."""
    if municipality.personnummer_search and person_keys is None:
        person_keys = PersonKeys(lambda: secrets.token_hex(32))
    seeded: list[SeededReport] = []
    batch: list[dict] = []
    for spec in specs:
        content = _submission(spec)
        received_at = (spec.decided_at or datetime.now(UTC)) - timedelta(days=3)
        report = ReceivedReport(
            report_id=str(uuid.uuid4()),
            reference_number=spec.reference_number,
            received_at=received_at,
            channel=Channel.WEB,
            content=content,
            content_fingerprint=fingerprint(content),
            person_rules=person_rules(content, municipality, received_at),
        )
        items = new_report_items(
            report,
            person_keys=person_keys if municipality.personnummer_search else None,
            reporter=_seed_reporter(spec, received_at) if spec.signed_in else None,
        )
        item = _with_facts(items[0], spec)
        state = LifecycleState(
            report_id=report.report_id, reference_number=report.reference_number, received_at=received_at
        )
        facts = facts_of(item)
        result = plan(Trigger.STAFF_EVENT, state, facts, municipality, now=spec.decided_at or received_at)
        items[0] = plan_changes(result, lifecycle_started=True).applied_to(item)
        seeded.append(SeededReport(spec, report.report_id))
        for item in items:
            batch.append({"PutRequest": {"Item": item_of(item)}})
            if len(batch) == BATCH:
                dynamodb.batch_write_item(RequestItems={table: batch})
                batch = []
    if batch:
        dynamodb.batch_write_item(RequestItems={table: batch})
    return seeded
