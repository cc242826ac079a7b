"""Follow-ups of measures (functions/domain/follow_up.py), kept on the persons' records of the REPORT item
(`persons.<n>.followUp`), and the report's place in the `follow-up-check` index while any is active:
partition `followUpQueue` ("OPEN"), sort key `followUpCheckAt`, the earliest moment the check must look at one
of them again. Every change is conditional on the report's `followUpVersion` as read, so the index's time is
always computed from what is stored."""

from datetime import datetime

from functions.domain.follow_up import next_check
from functions.domain.municipality import FollowUpSettings, OfficeHours
from functions.shared import names
from functions.stores.lifecycle import INVESTIGATION_CLOSED
from functions.stores.reports import iso, reports_due, update_report

OPEN = "OPEN"


def follow_ups_of(item: dict) -> dict[int, dict]:
    return {
        int(number): record["followUp"]
        for number, record in (item.get("persons") or {}).items()
        if record.get("followUp")
    }


class FollowUpStore:
    def __init__(self, table_name: str, dynamodb_client, settings: FollowUpSettings, hours: OfficeHours) -> None:
        self._table = table_name
        self._dynamodb = dynamodb_client
        self._settings = settings
        self._hours = hours

    def due(self, now: datetime, limit: int = 1000) -> list[str]:
        """The ids of reports with a follow-up reminder due by `now`, earliest first."""
        return reports_due(
            self._dynamodb,
            self._table,
            names.FOLLOW_UP_CHECK_INDEX,
            names.FOLLOW_UP_QUEUE_ATTRIBUTE,
            names.FOLLOW_UP_CHECK_ATTRIBUTE,
            now,
            limit,
        )

    def changes(
        self, item: dict, number: int, follow_up: dict, person_fields: dict | None = None
    ) -> tuple[str, dict, str, dict]:
        """The update (expression, values, condition, names) that makes `follow_up` person `number`'s, with the
        report's check time recomputed, and sets the person's `person_fields` with it (the investigation whose
        result starts the follow-up)."""
        follow_ups = {**follow_ups_of(item), number: follow_up}
        checks = [
            moment
            for moment in (next_check(one, self._settings, self._hours) for one in follow_ups.values())
            if moment
        ]
        version = int(item.get("followUpVersion", 0))
        expression = "SET #persons.#person.followUp = :followUp, followUpVersion = :next"
        values: dict = {":followUp": follow_up, ":next": version + 1, ":version": version}
        for field, value in (person_fields or {}).items():
            expression += f", #persons.#person.{field} = :{field}"
            values[f":{field}"] = value
        if checks:
            expression += (
                f", {names.FOLLOW_UP_QUEUE_ATTRIBUTE} = :queue, {names.FOLLOW_UP_CHECK_ATTRIBUTE} = :checkAt"
            )
            values.update({":queue": OPEN, ":checkAt": iso(min(checks))})
        else:
            expression += f" REMOVE {names.FOLLOW_UP_QUEUE_ATTRIBUTE}, {names.FOLLOW_UP_CHECK_ATTRIBUTE}"
        if person_fields and "investigation" in person_fields:  # the closure that starts it: one closure wins
            condition_prefix = f"attribute_exists(#persons.#person) AND NOT {INVESTIGATION_CLOSED} AND "
        else:
            condition_prefix = "attribute_exists(#persons.#person) AND "
        condition = condition_prefix + (
            "followUpVersion = :version"
            if version
            else "(attribute_not_exists(followUpVersion) OR followUpVersion = :version)"
        )
        return expression, values, condition, {"#persons": "persons", "#person": str(number)}

    def change(
        self,
        item: dict,
        number: int,
        follow_up: dict,
        audit: dict | list[dict] | None = None,
        person_fields: dict | None = None,
    ) -> bool:
        """Person `number`'s follow-up becomes `follow_up` if nothing changed the report's follow-ups since
        `item` was read; with its audit entries, in one transaction."""
        expression, values, condition, attribute_names = self.changes(item, number, follow_up, person_fields)
        return update_report(
            self._dynamodb,
            self._table,
            item["reportId"],
            expression,
            values,
            condition,
            attribute_names,
            audit=audit,
        )

    def reindex(self, item: dict) -> bool:
        """Puts the report at the check time its stored follow-ups give (or out of the index), if nothing
        changed them since `item` was read."""
        follow_ups = follow_ups_of(item)
        if not follow_ups:
            return False
        number, follow_up = min(follow_ups.items())
        return self.change(item, number, follow_up)
