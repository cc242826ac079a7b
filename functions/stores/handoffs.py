"""Hand-offs to the case system (functions/domain/handoff.py), kept on the persons' records of the REPORT item
(`persons.<n>.handoff`), and the report's place in the `handoff-check` index while any of them awaits the case
system: partition `handoffQueue` ("OPEN"), sort key `handoffCheckAt`, the earliest moment the dispatcher must
look at one of them again.

Every change of a hand-off is conditional on the status it was read in and on the report's `handoffVersion`,
so the index's time is always computed from what is stored: two changes to the same report's hand-offs never
both land on the same version."""

from datetime import datetime

from functions.domain.handoff import HandoffStatus, next_check
from functions.domain.municipality import OfficeHours
from functions.shared import names
from functions.stores.reports import iso, reports_due, update_report

OPEN = names.HANDOFF_OPEN


def handoffs_of(item: dict) -> dict[int, dict]:
    """The report's hand-offs by person number."""
    return {
        int(number): record["handoff"]
        for number, record in (item.get("persons") or {}).items()
        if record.get("handoff")
    }


def check_at(handoffs: dict[int, dict], hours: OfficeHours) -> datetime | None:
    """When the dispatcher must next look at the report: the earliest of its hand-offs' checks."""
    checks = [moment for moment in (next_check(handoff, hours) for handoff in handoffs.values()) if moment]
    return min(checks) if checks else None


def index_changes(check: datetime | None) -> tuple[str, str, dict]:
    """The SET and REMOVE parts, and their values, that put the report at `check` in the index (or out of it)."""
    if check is None:
        return "", f"{names.HANDOFF_QUEUE_ATTRIBUTE}, {names.HANDOFF_CHECK_ATTRIBUTE}", {}
    return (
        f"{names.HANDOFF_QUEUE_ATTRIBUTE} = :handoffQueue, {names.HANDOFF_CHECK_ATTRIBUTE} = :handoffCheckAt",
        "",
        {":handoffQueue": OPEN, ":handoffCheckAt": iso(check)},
    )


class HandoffStore:
    def __init__(self, table_name: str, dynamodb_client) -> None:
        self._table = table_name
        self._dynamodb = dynamodb_client

    def due(self, now: datetime, limit: int = 1000) -> list[str]:
        """The ids of reports with a hand-off to deliver or to alert on by `now`, earliest first."""
        return reports_due(
            self._dynamodb,
            self._table,
            names.HANDOFF_CHECK_INDEX,
            names.HANDOFF_QUEUE_ATTRIBUTE,
            names.HANDOFF_CHECK_ATTRIBUTE,
            now,
            limit,
        )

    def change(
        self,
        item: dict,
        number: int,
        handoff: dict,
        expected: set[HandoffStatus],
        hours: OfficeHours,
        audit: dict | list[dict] | None = None,
    ) -> bool:
        """Person `number`'s hand-off becomes `handoff`, if it is still in one of the `expected` statuses and
        no other change of the report's hand-offs came between (its `handoffVersion` as in `item`); with its
        audit entries, in one transaction. False when something came between: read again."""
        handoffs = {**handoffs_of(item), number: handoff}
        sets, removes, values = index_changes(check_at(handoffs, hours))
        version = int(item.get("handoffVersion", 0))
        expression = "SET #persons.#person.handoff = :handoff, handoffVersion = :next" + (
            f", {sets}" if sets else ""
        )
        if removes:
            expression += f" REMOVE {removes}"
        statuses = {f":expected{index}": status.value for index, status in enumerate(sorted(expected))}
        return update_report(
            self._dynamodb,
            self._table,
            item["reportId"],
            expression,
            {":handoff": handoff, ":next": version + 1, ":version": version, **statuses, **values},
            f"#persons.#person.handoff.#status IN ({', '.join(statuses)}) AND "
            + (
                "handoffVersion = :version"
                if version
                else "(attribute_not_exists(handoffVersion) OR handoffVersion = :version)"
            ),
            {"#persons": "persons", "#person": str(number), "#status": "status"},
            audit=audit,
        )

    def reindex(self, item: dict, hours: OfficeHours) -> bool:
        """Puts the report at the check time its stored hand-offs give (or out of the index), if nothing
        changed them since `item` was read."""
        sets, removes, values = index_changes(check_at(handoffs_of(item), hours))
        version = int(item.get("handoffVersion", 0))
        expression = (f"SET {sets}" if sets else "") + (f" REMOVE {removes}" if removes else "")
        return update_report(
            self._dynamodb,
            self._table,
            item["reportId"],
            expression.strip(),
            {":version": version, **values},
            "handoffVersion = :version" if version else "attribute_not_exists(handoffVersion)",
        )
