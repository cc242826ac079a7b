"""A report's lifecycle on its REPORT item: what staff recorded, the plan's deadlines and routing, and the
task token the state machine waits on (which never leaves the table and the lifecycle's functions)."""

from dataclasses import dataclass
from datetime import date, datetime

from botocore.exceptions import ClientError

from functions.domain.lifecycle import Phase, Plan, ReportFacts
from functions.domain.routing import RoutingFacts
from functions.shared import names
from functions.stores.reports import OPEN_QUEUE, iso, item_of, plain, report_key

DEADLINE_ATTRIBUTES = {
    Phase.PROTECTION_ASSESSMENT: "protectionAssessmentDeadline",
    Phase.DECISION: "decisionDeadline",
    Phase.INVESTIGATION: "investigationDeadline",
}


# What puts an open report in the staff queue's indexes (names.QUEUE_INDEXES): removed when it closes.
QUEUE_MEMBERSHIP_ATTRIBUTES = tuple(partition for _, partition in names.QUEUE_INDEXES.values())
AWAITING_REVIEW = "PROPOSED"
PURGE_QUEUE = "PURGE"  # the gallring index's one partition: closed reports with a purge date


class ReportNotFound(Exception):
    pass


class ReportClosed(Exception):
    """The report has left the queue: its lifecycle has ended."""


class AlreadyRecorded(Exception):
    """The fact is recorded already; recording it again would rewrite history."""


def _datetime(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def facts_of(item: dict) -> ReportFacts:
    protection = item.get("protectionAssessment") or {}
    decision = item.get("decision") or {}
    investigation = item.get("investigation") or {}
    acknowledgement = item.get("lastAcknowledgement") or {}
    return ReportFacts(
        routing=RoutingFacts(
            acute_danger=bool(item.get("acuteDanger")),
            violence_against_child=bool(item.get("violenceAgainstChild")),
        ),
        protection_assessed_at=_datetime(protection.get("recordedAt")),
        decision=decision.get("outcome"),
        decided_at=_datetime(decision.get("decidedAt")),
        decision_due_extended_to=_date(item.get("decisionDueExtendedTo")),
        investigation_closed_at=_datetime(investigation.get("closedAt")),
        investigation_extended_to=_date(investigation.get("extendedTo")),
        acknowledged_at=_datetime(acknowledgement.get("at")),
    )


@dataclass(frozen=True)
class PlanChanges:
    """What a plan changes on the REPORT item: attributes set, lists appended to, attributes removed."""

    sets: dict[str, object]
    appends: dict[str, list]
    removes: tuple[str, ...]

    def applied_to(self, item: dict) -> dict:
        """The item as record_plan leaves it (seeding many reports without an update each)."""
        changed = {key: value for key, value in item.items() if key not in self.removes}
        changed.update({key: value for key, value in self.sets.items() if value is not None})
        for attribute, added in self.appends.items():
            changed[attribute] = [*changed.get(attribute, []), *added]
        return changed


def plan_changes(result: Plan, *, lifecycle_started: bool) -> PlanChanges:
    state = result.state
    sets: dict[str, object] = {
        "lifecycle": {
            "phase": state.phase.value,
            "next": state.next,
            "timerAt": iso(state.timer_at) if state.timer_at else None,
            "escalation": state.escalation.model_dump(mode="json", by_alias=True)
            if state.escalation
            else None,
        }
    }
    appends: dict[str, list] = {}
    removes = ["lifecyclePending"] if lifecycle_started else []
    if state.phase is Phase.CLOSED:
        removes.extend(QUEUE_MEMBERSHIP_ATTRIBUTES)  # leaves the staff queue and its filters
    else:
        sets["queuePhase"] = state.phase.value
    if result.deadline:
        shifted = result.deadline.shifted_by_1930_173_to
        sets["nextDeadlineAt"] = iso(result.deadline.due_at)
        sets[DEADLINE_ATTRIBUTES[state.phase]] = {
            "dueAt": iso(result.deadline.due_at),
            "remindAt": iso(result.deadline.remind_at),
            "shiftedBy1930_173To": shifted.isoformat() if shifted else None,
        }
    if result.routing:
        decision = {
            "route": result.routing.route.value,
            "reason": result.routing.reason,
            "decidedAt": iso(result.routing.decided_at),
        }
        sets["routing"] = decision
        appends["routingHistory"] = [decision]
        if state.phase is not Phase.CLOSED:
            sets["queueRoute"] = decision["route"]
    if result.purge_on:  # into the gallring index
        sets.update(
            purgeOn=result.purge_on.isoformat(), purgeRule=str(result.purge_rule), purgeQueue=PURGE_QUEUE
        )
    return PlanChanges(sets=sets, appends=appends, removes=tuple(removes))


class LifecycleStore:
    def __init__(self, table_name: str, dynamodb_client) -> None:
        self._table = table_name
        self._dynamodb = dynamodb_client

    def report_item(self, report_id: str) -> dict:
        response = self._dynamodb.get_item(
            TableName=self._table, Key=item_of(report_key(report_id)), ConsistentRead=True
        )
        if "Item" not in response:
            raise ReportNotFound(report_id)
        return plain(response["Item"])

    def _update(
        self, report_id: str, expression: str, values: dict, condition: str, names: dict | None = None
    ) -> bool:
        """An update of the REPORT item; False when `condition` did not hold."""
        try:
            self._dynamodb.update_item(
                TableName=self._table,
                Key=item_of(report_key(report_id)),
                UpdateExpression=expression,
                ConditionExpression=condition,
                ExpressionAttributeValues=item_of(values),
                **({"ExpressionAttributeNames": names} if names else {}),
            )
            return True
        except ClientError as error:
            if error.response["Error"]["Code"] == "ConditionalCheckFailedException":
                return False
            raise

    def record_plan(self, report_id: str, result: Plan, *, lifecycle_started: bool) -> None:
        """What the dashboard shows of the lifecycle: phase, timers, escalation, deadlines, routing."""
        changes = plan_changes(result, lifecycle_started=lifecycle_started)
        names = {f"#a{i}": attribute for i, attribute in enumerate([*changes.sets, *changes.appends])}
        placeholder = {attribute: key for key, attribute in names.items()}
        values: dict = {f":v{i}": value for i, value in enumerate(changes.sets.values())}
        sets = [f"{placeholder[attribute]} = :v{i}" for i, attribute in enumerate(changes.sets)]
        for i, (attribute, added) in enumerate(changes.appends.items()):
            name = placeholder[attribute]
            sets.append(f"{name} = list_append(if_not_exists({name}, :none), :append{i})")
            values.update({f":append{i}": added, ":none": []})
        expression = "SET " + ", ".join(sets)
        if changes.removes:
            expression += " REMOVE " + ", ".join(changes.removes)
        if not self._update(report_id, expression, values, "attribute_exists(pk)", names):
            raise ReportNotFound(report_id)

    def store_awaiting(self, report_id: str, kind: str, phase: str, token: str, since: datetime) -> None:
        awaiting = {"kind": kind, "phase": phase, "token": token, "since": iso(since)}
        if not self._update(
            report_id, "SET awaiting = :awaiting", {":awaiting": awaiting}, "attribute_exists(pk)"
        ):
            raise ReportNotFound(report_id)

    def clear_awaiting(self, report_id: str, token: str) -> None:
        """Forgets the token it was resumed with; a newer wait's token stays."""
        self._update(
            report_id, "REMOVE awaiting", {":token": token}, "awaiting.#token = :token", {"#token": "token"}
        )

    def record_fact(self, report_id: str, attribute: str, value: dict | str, *, once: bool) -> None:
        """Records a staff fact on the report; `once` refuses to overwrite one already recorded."""
        condition = (
            f"attribute_exists(pk) AND attribute_not_exists({attribute})" if once else "attribute_exists(pk)"
        )
        if not self._update(report_id, f"SET {attribute} = :value", {":value": value}, condition):
            self.report_item(report_id)  # raises ReportNotFound if that was why
            raise AlreadyRecorded(attribute)

    def record_decision_proposal(self, report_id: str, proposal: dict, *, awaiting_review: bool) -> None:
        """The proposal, and whether it is in the reviewers' part of the queue (only while the report is
        open: a closed report never re-enters the queue)."""
        review = names.QUEUE_FILTER_INDEXES["review"][1]
        if awaiting_review:
            updated = self._update(
                report_id,
                f"SET decisionProposal = :proposal, {review} = :proposed",
                {":proposal": proposal, ":proposed": AWAITING_REVIEW, ":open": OPEN_QUEUE},
                "attribute_exists(pk) AND #queue = :open",
                {"#queue": "queue"},
            )
        else:
            updated = self._update(
                report_id,
                f"SET decisionProposal = :proposal REMOVE {review}",
                {":proposal": proposal},
                "attribute_exists(pk)",
            )
        if not updated:
            self.report_item(report_id)  # raises ReportNotFound if that was why
            raise ReportClosed(report_id)

    def record_decision_deadline_extension(self, report_id: str, extension: dict) -> None:
        """The 14-day limit's new last day, and the extension with its reason kept beside the earlier ones."""
        if not self._update(
            report_id,
            "SET decisionDueExtendedTo = :to, "
            "decisionDeadlineExtensions = list_append(if_not_exists(decisionDeadlineExtensions, :none), :new)",
            {":to": extension["to"], ":new": [extension], ":none": []},
            "attribute_exists(pk)",
        ):
            raise ReportNotFound(report_id)
