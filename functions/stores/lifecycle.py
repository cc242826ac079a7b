"""A report's lifecycle on its REPORT item: what staff recorded, the plan's deadlines and routing, and the
task token the state machine waits on (which never leaves the table and the lifecycle's functions)."""

from dataclasses import dataclass
from datetime import date, datetime

from functions.domain.deadlines import Deadline
from functions.domain.errors import Refused
from functions.domain.lifecycle import PersonFacts, Phase, Plan, ReportFacts
from functions.domain.persons import CHILDREN_RULE
from functions.domain.routing import RoutingDecision, RoutingFacts
from functions.shared import names
from functions.stores.errors import AlreadyRecorded, ReportNotFound
from functions.stores.reports import OPEN_QUEUE, iso, item_of, plain, report_key, update_report

DEADLINE_ATTRIBUTES = {
    Phase.PROTECTION_ASSESSMENT: "protectionAssessmentDeadline",
    Phase.DECISION: "decisionDeadline",
    Phase.INVESTIGATION: "investigationDeadline",
}


# What puts an open report in the staff queue's indexes (names.QUEUE_INDEXES): removed when it closes.
QUEUE_MEMBERSHIP_ATTRIBUTES = tuple(partition for _, partition in names.QUEUE_INDEXES.values())
AWAITING_REVIEW = "PROPOSED"
PURGE_QUEUE = "PURGE"  # the gallring index's one partition: closed reports with a purge date


# Who holds the report, its index entry, and the history: set together wherever the holder changes.
# A person's investigation already closed, and what a write that found it so says.
INVESTIGATION_CLOSED = "attribute_exists(#persons.#person.investigation.closedAt)"
INVESTIGATION_ALREADY_CLOSED = "Utredningen är redan avslutad. Läs anmälan igen."
_ROUTING_SETS = (
    "routing = :routing, queueRoute = :route, "
    "routingHistory = list_append(if_not_exists(routingHistory, :noRouting), :routingHistory)"
)


def deadline_record(deadline: Deadline) -> dict:
    shifted = deadline.shifted_by_1930_173_to
    return {
        "dueAt": iso(deadline.due_at),
        "remindAt": iso(deadline.remind_at),
        "shiftedBy1930_173To": shifted.isoformat() if shifted else None,
    }


def routing_record(routing: RoutingDecision) -> dict:
    return {"route": routing.route.value, "reason": routing.reason, "decidedAt": iso(routing.decided_at)}


def _routing_values(routing: RoutingDecision) -> dict:
    record = routing_record(routing)
    return {":routing": record, ":route": record["route"], ":routingHistory": [record], ":noRouting": []}


def _datetime(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def person_facts_of(number: str, person: dict) -> PersonFacts:
    protection = person.get("protectionAssessment") or {}
    decision = person.get("decision") or {}
    investigation = person.get("investigation") or {}
    return PersonFacts(
        number=int(number),
        rule=person.get("rule", CHILDREN_RULE),
        violence=bool(person.get("violence")),
        protection_assessed_at=_datetime(protection.get("recordedAt")),
        immediate_protection_needed=bool(protection.get("immediateProtectionNeeded")),
        decision=decision.get("outcome"),
        decided_at=_datetime(decision.get("decidedAt")),
        decision_due_extended_to=_date(person.get("decisionDueExtendedTo")),
        investigation_closed_at=_datetime(investigation.get("closedAt")),
        investigation_extended_to=_date(investigation.get("extendedTo")),
    )


def facts_of(item: dict) -> ReportFacts:
    acknowledgement = item.get("lastAcknowledgement") or {}
    persons = item.get("persons") or {"1": {}}
    return ReportFacts(
        routing=RoutingFacts(
            acute_danger=bool(item.get("acuteDanger")),
            violence_against_child=bool(item.get("violenceAgainstChild")),
        ),
        persons=tuple(
            person_facts_of(number, person)
            for number, person in sorted(persons.items(), key=lambda p: int(p[0]))
        ),
        acknowledged_at=_datetime(acknowledgement.get("at")),
        registered_at=_datetime(item.get("registeredAt")),
    )


def person_deadlines_record(deadlines: dict[Phase, Deadline]) -> dict:
    return {phase.value: deadline_record(deadline) for phase, deadline in deadlines.items()}


@dataclass(frozen=True)
class PlanChanges:
    """What a plan changes on the REPORT item: attributes set (a dotted path sets inside a map, as
    "persons.2.deadlines"), lists appended to, attributes removed."""

    sets: dict[str, object]
    appends: dict[str, list]
    removes: tuple[str, ...]

    def applied_to(self, item: dict) -> dict:
        """The item as record_plan leaves it (seeding many reports without an update each)."""
        changed = {key: value for key, value in item.items() if key not in self.removes}
        for path, value in self.sets.items():
            if value is None:
                continue
            *parents, last = path.split(".")
            target = changed
            for parent in parents:
                target = target.setdefault(parent, {})
            target[last] = value
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
        sets["nextDeadlineAt"] = iso(result.deadline.due_at)
    for phase, deadline in {
        **result.running_deadlines,
        **({state.phase: result.deadline} if result.deadline else {}),
    }.items():
        sets[DEADLINE_ATTRIBUTES[phase]] = deadline_record(deadline)
    for number, deadlines in result.person_deadlines.items():
        sets[f"persons.{number}.deadlines"] = person_deadlines_record(deadlines)
    if result.routing:
        decision = routing_record(result.routing)
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

    def _update(self, report_id: str, *update, **options) -> bool:
        """stores.reports.update_report on this table: (expression, values, condition, names, audit)."""
        return update_report(self._dynamodb, self._table, report_id, *update, **options)

    def record_plan(self, report_id: str, result: Plan, *, lifecycle_started: bool) -> None:
        """What the dashboard shows of the lifecycle: phase, timers, escalation, deadlines, routing."""
        changes = plan_changes(result, lifecycle_started=lifecycle_started)
        parts = dict.fromkeys(part for path in [*changes.sets, *changes.appends] for part in path.split("."))
        names = {f"#a{i}": part for i, part in enumerate(parts)}
        placeholder = {part: key for key, part in names.items()}

        def path_of(attribute: str) -> str:
            return ".".join(placeholder[part] for part in attribute.split("."))

        values: dict = {f":v{i}": value for i, value in enumerate(changes.sets.values())}
        sets = [f"{path_of(attribute)} = :v{i}" for i, attribute in enumerate(changes.sets)]
        for i, (attribute, added) in enumerate(changes.appends.items()):
            name = path_of(attribute)
            sets.append(f"{name} = list_append(if_not_exists({name}, :none), :append{i})")
            values.update({f":append{i}": added, ":none": []})
        expression = "SET " + ", ".join(sets)
        if changes.removes:
            expression += " REMOVE " + ", ".join(changes.removes)
        if not self._update(report_id, expression, values, "attribute_exists(pk)", names):
            raise ReportNotFound(report_id)

    def store_awaiting(
        self, report_id: str, kind: str, phase: str, token: str, since: datetime, state: dict
    ) -> None:
        """The token the lifecycle waits on, and the state it waits in (ids, phases, times: no personal data),
        so that a staff event can plan the next step from it."""
        awaiting = {"kind": kind, "phase": phase, "token": token, "since": iso(since), "state": state}
        if not self._update(
            report_id, "SET awaiting = :awaiting", {":awaiting": awaiting}, "attribute_exists(pk)"
        ):
            raise ReportNotFound(report_id)

    def clear_awaiting(self, report_id: str, token: str) -> None:
        """Forgets the token it was resumed with; a newer wait's token stays."""
        self._update(
            report_id, "REMOVE awaiting", {":token": token}, "awaiting.#token = :token", {"#token": "token"}
        )

    def record_fact(
        self, report_id: str, attribute: str, value: dict | str, *, once: bool, audit: dict | None = None
    ) -> None:
        """Records a staff fact on the report; `once` refuses to overwrite one already recorded."""
        condition = (
            f"attribute_exists(pk) AND attribute_not_exists({attribute})" if once else "attribute_exists(pk)"
        )
        if not self._update(
            report_id, f"SET {attribute} = :value", {":value": value}, condition, audit=audit
        ):
            self.report_item(report_id)  # raises ReportNotFound if that was why
            raise AlreadyRecorded(attribute)

    def record_protection_assessment(
        self,
        report_id: str,
        person: int,
        assessment: dict,
        holder: RoutingDecision | None,
        audit: dict | None,
    ) -> None:
        """A person's skyddsbedömning, once, and who holds the report now when that changed."""
        expression, values = (
            "SET #persons.#person.protectionAssessment = :assessment",
            {":assessment": assessment},
        )
        if holder is not None:
            expression += f", {_ROUTING_SETS}"
            values.update(_routing_values(holder))
        if not self._update(
            report_id,
            expression,
            values,
            "attribute_exists(#persons.#person) AND attribute_not_exists(#persons.#person.protectionAssessment)",
            _person_names(person),
            audit=audit,
        ):
            self.report_item(report_id)  # raises ReportNotFound if that was why
            raise AlreadyRecorded("protectionAssessment")

    def record_protection_measures(self, report_id: str, person: int, measures: dict, audit: dict) -> None:
        """What was done when a person needed protection at once: the notes, in the order written."""
        if not self._update(
            report_id,
            "SET #persons.#person.protectionMeasures = "
            "list_append(if_not_exists(#persons.#person.protectionMeasures, :none), :new)",
            {":new": [measures], ":none": []},
            "attribute_exists(#persons.#person.protectionAssessment)",
            _person_names(person),
            audit=audit,
        ):
            raise ReportNotFound(report_id)

    def record_violence_assessment(
        self, report_id: str, person: int, violence: bool, assessment: dict, audit: dict
    ) -> None:
        """Whether the report's violence concerns this child, as staff assessed it, before the person's decision;
        each assessment kept beside the earlier ones."""
        if not self._update(
            report_id,
            "SET #persons.#person.violence = :violence, #persons.#person.violenceAssessments = "
            "list_append(if_not_exists(#persons.#person.violenceAssessments, :none), :new)",
            {":violence": violence, ":new": [assessment], ":none": []},
            "attribute_exists(#persons.#person) AND attribute_not_exists(#persons.#person.decision)",
            _person_names(person),
            audit=audit,
        ):
            self.report_item(report_id)  # raises ReportNotFound if that was why
            raise AlreadyRecorded("decision")

    def record_investigation(
        self, report_id: str, person: int, investigation: dict, deadline: Deadline | None, audit: dict
    ) -> None:
        """A person's investigation record (closed, or extended with its new due time, shown at once), while
        it is still open: Refused when it was closed since it was read (two closures at once: one wins)."""
        expression = "SET #persons.#person.investigation = :investigation"
        values = {":investigation": investigation}
        if deadline is not None:
            expression += ", #persons.#person.deadlines.investigation = :deadline"
            values[":deadline"] = deadline_record(deadline)
        if not self._update(
            report_id,
            expression,
            values,
            f"attribute_exists(#persons.#person) AND NOT {INVESTIGATION_CLOSED}",
            _person_names(person),
            audit=audit,
        ):
            raise Refused(INVESTIGATION_ALREADY_CLOSED)

    def propose_decision(
        self,
        report_id: str,
        person: int,
        proposal: dict,
        replaces: int | None,
        routing: RoutingDecision,
        audit: dict,
    ) -> bool:
        """A proposal for a person into the reviewers' part of the queue, replacing version `replaces` (None:
        the first), and who holds the report now. False when the person's decision was made, the report
        closed or the proposal changed since it was read."""
        review = names.QUEUE_FILTER_INDEXES["review"][1]
        values = {
            ":proposal": proposal,
            ":proposed": AWAITING_REVIEW,
            ":open": OPEN_QUEUE,
            **_routing_values(routing),
        }
        condition = (
            "attribute_exists(pk) AND #queue = :open AND attribute_not_exists(#persons.#person.decision) AND "
        )
        if replaces is None:
            condition += "attribute_not_exists(#persons.#person.decisionProposal)"
        else:
            condition += "#persons.#person.decisionProposal.version = :replaces"
            values[":replaces"] = replaces
        return self._update(
            report_id,
            f"SET #persons.#person.decisionProposal = :proposal, {review} = :proposed, {_ROUTING_SETS}",
            values,
            condition,
            {"#queue": "queue", **_person_names(person)},
            audit=audit,
        )

    def review_decision_proposal(
        self,
        report_id: str,
        person: int,
        reviewed: dict,
        decision: dict | None,
        routing: RoutingDecision | None,
        audit: dict,
        investigation_deadline: Deadline | None = None,
        *,
        leaves_review: bool,
        feedback: dict | None = None,
        feedback_audit: dict | None = None,
        handoff: dict | None = None,
        handoff_audit: dict | None = None,
    ) -> bool:
        """The reviewer's answer to exactly the proposal version they saw, the person's decision when
        approved, and the audit entry: one transaction. `leaves_review`: no other person's proposal awaits
        review, so the report leaves the reviewers' filter. `feedback`: the återkoppling prepared by this
        last decision (functions/domain/reporter_feedback.py), with its own timeline entry; `handoff`: the
        person's hand-off to the case system (functions/domain/handoff.py), due for delivery at once, with its
        own. False when the proposal is no longer that version, pending."""
        review = names.QUEUE_FILTER_INDEXES["review"][1]
        values = {
            ":reviewed": reviewed,
            ":version": reviewed["version"],
            ":pending": "proposed",
            ":proposer": reviewed["proposedBy"],
        }
        expression = "SET #persons.#person.decisionProposal = :reviewed"
        if decision is not None:
            expression += ", #persons.#person.decision = :decision"
            values[":decision"] = decision
        if routing is not None:
            expression += f", {_ROUTING_SETS}"
            values.update(_routing_values(routing))
        if investigation_deadline is not None:  # shown at once, before the lifecycle replans
            expression += ", #persons.#person.deadlines.investigation = :investigationDeadline"
            values[":investigationDeadline"] = deadline_record(investigation_deadline)
        condition = (
            "attribute_exists(pk) AND attribute_not_exists(#persons.#person.decision) "
            "AND #persons.#person.decisionProposal.version = :version "
            "AND #persons.#person.decisionProposal.#status = :pending "
            "AND #persons.#person.decisionProposal.proposedBy = :proposer"
        )
        attribute_names = {"#status": "status", **_person_names(person)}
        if feedback is not None:  # prepared once: a report's återkoppling is never replaced
            expression += ", #feedback = :feedback, feedbackDue = :feedbackDue"
            values[":feedback"] = feedback
            values[":feedbackDue"] = "DUE"  # in the queue's "Återkoppling att skicka" (stores/feedback.py)
            condition += " AND attribute_not_exists(#feedback)"
            attribute_names["#feedback"] = "feedback"
        if handoff is not None:  # one per decision: its id is the report's and the person's
            expression += (
                ", #persons.#person.handoff = :handoff, handoffVersion = if_not_exists(handoffVersion, :zero) + :one, "
                f"{names.HANDOFF_QUEUE_ATTRIBUTE} = :handoffQueue, {names.HANDOFF_CHECK_ATTRIBUTE} = :handoffCheckAt"
            )
            values.update(
                {
                    ":handoff": handoff,
                    ":zero": 0,
                    ":one": 1,
                    ":handoffQueue": names.HANDOFF_OPEN,
                    ":handoffCheckAt": handoff["preparedAt"],
                }
            )
            condition += " AND attribute_not_exists(#persons.#person.handoff)"
        if leaves_review:
            expression += f" REMOVE {review}"
        return self._update(
            report_id,
            expression,
            values,
            condition,
            attribute_names,
            audit=[entry for entry in (audit, feedback_audit, handoff_audit) if entry],
        )

    def record_decision_deadline_extension(
        self, report_id: str, person: int, extension: dict, deadline: Deadline, audit: dict | None = None
    ) -> None:
        """A person's 14-day limit's new last day and due time (shown at once, before the lifecycle replans),
        and the extension with its reason kept beside the earlier ones."""
        if not self._update(
            report_id,
            "SET #persons.#person.decisionDueExtendedTo = :to, #persons.#person.deadlines.decision = :deadline, "
            "#persons.#person.decisionDeadlineExtensions = "
            "list_append(if_not_exists(#persons.#person.decisionDeadlineExtensions, :none), :new)",
            {
                ":to": extension["to"],
                ":deadline": deadline_record(deadline),
                ":new": [extension],
                ":none": [],
            },
            "attribute_exists(#persons.#person)",
            _person_names(person),
            audit=audit,
        ):
            raise ReportNotFound(report_id)

    def record_feedback_consent(
        self, report_id: str, person: int, consent: dict, seen: int, audit: dict
    ) -> bool:
        """An adult's consent to återkoppling (or its withdrawal) as told to a case worker, replacing version
        `seen` (0: none recorded yet), kept beside the earlier ones; the report as written is not touched.
        False when another consent was recorded since `seen` was read."""
        values: dict = {":consent": consent, ":new": [consent], ":none": []}
        condition = "attribute_exists(#persons.#person) AND "
        if seen == 0:
            condition += "attribute_not_exists(#persons.#person.feedbackConsent)"
        else:
            condition += "#persons.#person.feedbackConsent.version = :seen"
            values[":seen"] = seen
        return self._update(
            report_id,
            "SET #persons.#person.feedbackConsent = :consent, #persons.#person.feedbackConsentHistory = "
            "list_append(if_not_exists(#persons.#person.feedbackConsentHistory, :none), :new)",
            values,
            condition,
            _person_names(person),
            audit=audit,
        )


def _person_names(person: int) -> dict:
    return {"#persons": "persons", "#person": str(person)}
