"""One mechanism for every staff use case: the role table is checked before anything is read, and the use
case writes its audit entry (appended before anything is shown, or put in the write's own transaction). A use
case that returns without an audit entry is a programming error, not a quiet gap in the trail.

What was refused is audited too, for log review (who tried what): an attempt the role does not allow, and an
attempt on a report or person that does not exist. Those entries name the action and the id or reference
number asked for, never anything of a report, and stay out of the report's timeline."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import wraps
from inspect import signature
from typing import Any, Concatenate, ParamSpec, TypeVar

from pydantic import BaseModel, ConfigDict

from functions.domain.access import Forbidden, Permission, permissions_of
from functions.domain.errors import PersonNotInReport
from functions.domain.municipality import Municipality
from functions.stores.audit import AuditEntry, AuditStore
from functions.stores.errors import AttachmentNotFound, LetterNotFound, ReportNotFound, UnknownReferenceNumber
from functions.stores.gallring import GallringStore
from functions.stores.lifecycle import LifecycleStore
from functions.stores.person_search import PersonSearchStore
from functions.stores.queue import QueueStore
from functions.stores.reports import ReportsStore


class StaffMember(BaseModel):
    model_config = ConfigDict(frozen=True)

    staff_id: str
    roles: list[str]
    source_ip: str = ""
    user_agent: str = ""
    # The municipality's setting: without it, no role may search by personnummer.
    personnummer_search: bool = False

    @property
    def permissions(self) -> frozenset[Permission]:
        return permissions_of(self.roles, personnummer_search=self.personnummer_search)

    def require(self, permission: Permission) -> None:
        if permission not in self.permissions:
            raise Forbidden(permission.value)


@dataclass(frozen=True)
class Services:
    """What the staff use cases work with, given to them (moto's clients in tests, AWS's in Lambda)."""

    municipality: Municipality
    now: Callable[[], datetime]
    lifecycle: LifecycleStore
    queue: QueueStore
    person_search: PersonSearchStore
    audit: AuditStore
    reports: ReportsStore
    gallring: GallringStore
    dynamodb: Any
    reports_table: str
    stepfunctions: Any
    starter: Any  # LifecycleStarter: registering a report starts its lifecycle as intake does
    messenger: Any = None  # Messenger: e-mail to staff (a proposal awaits review)
    attachments: Any = None  # AttachmentStore: where the municipality takes attachments
    # Asks the hand-off dispatcher to deliver a report's prepared hand-offs now (an asynchronous invocation).
    handoff_dispatch: Callable[[str], None] | None = None
    handoff_documents: Any = None  # HandoffChannel: a hand-off registered by hand removes its document


class Act:
    """One staff member doing one audited action."""

    def __init__(self, services: Services, staff: StaffMember, action: str) -> None:
        self.services = services
        self.staff = staff
        self.action = action
        self.audited = False

    def entry(
        self,
        report_id: str | None = None,
        reference_number: str | None = None,
        detail: dict | None = None,
        *,
        action: str | None = None,
    ) -> AuditEntry:
        """An entry of this act (or of a part of it named `action`, as each report a search found)."""
        return AuditEntry(
            at=self.services.now(),
            staff_id=self.staff.staff_id,
            roles=self.staff.roles,
            action=action or self.action,
            report_id=report_id,
            reference_number=reference_number,
            source_ip=self.staff.source_ip,
            user_agent=self.staff.user_agent,
            detail=detail,
        )

    def log(
        self,
        report_id: str | None = None,
        reference_number: str | None = None,
        detail: dict | None = None,
        *,
        action: str | None = None,
    ) -> None:
        """Appends the entry now: for reads, before anything is shown."""
        self.services.audit.append(self.entry(report_id, reference_number, detail, action=action))
        self.audited = True

    def log_all(self, entries: list[AuditEntry]) -> None:
        """Appends many entries of this act (made with `entry`) in batches."""
        self.services.audit.append_all(entries)
        self.audited = True

    def put(self, item: dict, person: int | None = None) -> dict:
        """The entry of a write on the report `item`, as a Put for the write's own transaction; an action
        about one person names its number (never more of the person)."""
        entry = self.entry(
            item["reportId"], item.get("referenceNumber"), {"person": person} if person is not None else None
        )
        self.audited = True
        return self.services.audit.put_request(entry)


# The arguments that name what was asked for: kept in a refused attempt's entry (ids, not content).
_SUBJECT_ARGUMENTS = {
    "report_id": "reportId",
    "reference_number": "referenceNumber",
    "number": "person",
    "attachment_id": "attachmentId",
    "letter_id": "letterId",
}
_NOT_FOUND = (ReportNotFound, UnknownReferenceNumber, PersonNotInReport, AttachmentNotFound, LetterNotFound)

P = ParamSpec("P")
R = TypeVar("R")


def staff_use_case(
    permission: Permission, action: str
) -> Callable[[Callable[Concatenate[Act, P], R]], Callable[Concatenate[Services, StaffMember, P], R]]:
    """Makes `use_case(act, …)` callable as `use_case(services, staff, …)`: the permission is required first,
    and the action's audit entry must have been written (or put in a transaction) by the time it returns."""

    def decorate(
        use_case: Callable[Concatenate[Act, P], R],
    ) -> Callable[Concatenate[Services, StaffMember, P], R]:
        parameters = signature(use_case)

        @wraps(use_case)
        def run(services: Services, staff: StaffMember, *args: P.args, **kwargs: P.kwargs) -> R:
            act = Act(services, staff, action)
            try:
                staff.require(permission)
                result = use_case(act, *args, **kwargs)
            except Forbidden:
                _audit_refused(act, "denied", parameters.bind(None, *args, **kwargs).arguments)
                raise
            except _NOT_FOUND:
                _audit_refused(act, "not_found", parameters.bind(None, *args, **kwargs).arguments)
                raise
            if not act.audited:
                raise AssertionError(f"{action} returned without an audit entry")
            return result

        run.permission = permission  # type: ignore[attr-defined]
        run.action = action  # type: ignore[attr-defined]
        return run

    return decorate


def _audit_refused(act: Act, outcome: str, arguments: dict) -> None:
    detail: dict = {"outcome": outcome}
    detail.update(
        {key: str(arguments[name])[:64] for name, key in _SUBJECT_ARGUMENTS.items() if name in arguments}
    )
    act.log(detail=detail)
