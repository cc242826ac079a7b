"""The staff side's one permission-and-audit mechanism and the one error table, checked as a maintainer
relies on them: a new use case or error cannot slip past either."""

import importlib
import inspect
import pkgutil
from datetime import UTC, datetime

import pytest

import functions.staff.use_cases as use_cases
from functions.domain import errors as domain_errors
from functions.domain.access import Forbidden, Permission
from functions.shared.problems import PROBLEMS, problem_of
from functions.staff.acting import Act, Services, StaffMember, staff_use_case
from functions.stores import errors as store_errors


class _Audit:
    def __init__(self) -> None:
        self.entries: list = []

    def append(self, entry) -> None:
        self.entries.append(entry)


def _services(audit: _Audit) -> Services:
    return Services(
        municipality=None,  # type: ignore[arg-type]
        now=lambda: datetime(2026, 11, 24, 10, tzinfo=UTC),
        lifecycle=None,  # type: ignore[arg-type]
        queue=None,  # type: ignore[arg-type]
        person_search=None,  # type: ignore[arg-type]
        audit=audit,  # type: ignore[arg-type]
        reports=None,  # type: ignore[arg-type]
        gallring=None,  # type: ignore[arg-type]
        dynamodb=None,
        reports_table="",
        stepfunctions=None,
        starter=None,
    )


def _use_cases() -> list:
    found = []
    for module_info in pkgutil.iter_modules(use_cases.__path__):
        module = importlib.import_module(f"{use_cases.__name__}.{module_info.name}")
        found += [
            function
            for name, function in inspect.getmembers(module, inspect.isfunction)
            if function.__module__ == module.__name__
            and not name.startswith("_")
            and module_info.name != "common"
        ]
    return found


def test_every_staff_use_case_requires_a_permission_and_names_its_audited_action():
    found = _use_cases()
    assert len(found) >= 16
    unguarded = [f.__qualname__ for f in found if not isinstance(getattr(f, "permission", None), Permission)]
    assert unguarded == []
    actions = [f.action for f in found]
    assert len(actions) == len(set(actions)), "two use cases write the same audit action"


def test_the_permission_is_checked_before_the_use_case_runs():
    ran = []

    @staff_use_case(Permission.APPROVE_DECISION, "approve_decision")
    def approve(act: Act) -> None:
        ran.append(act)
        act.log()

    audit = _Audit()
    with pytest.raises(Forbidden):
        approve(_services(audit), StaffMember(staff_id="anna", roles=["mottagning"]))
    # Nothing ran; the attempt itself is in the trail, for log review.
    assert ran == []
    assert [(e.staff_id, e.action, e.detail) for e in audit.entries] == [
        ("anna", "approve_decision", {"outcome": "denied"})
    ]
    approve(_services(audit), StaffMember(staff_id="bertil", roles=["forste_socialsekreterare"]))
    assert [(e.staff_id, e.action, e.detail) for e in audit.entries[1:]] == [
        ("bertil", "approve_decision", None)
    ]


def test_a_use_case_that_returns_without_its_audit_entry_is_an_error():
    @staff_use_case(Permission.VIEW_QUEUE, "view_queue")
    def forgetful(act: Act) -> str:
        return "shown"

    with pytest.raises(AssertionError, match="without an audit entry"):
        forgetful(_services(_Audit()), StaffMember(staff_id="anna", roles=["mottagning"]))


def _errors_of(module) -> list[type[Exception]]:
    return [
        value
        for value in vars(module).values()
        if isinstance(value, type) and issubclass(value, Exception) and value.__module__ == module.__name__
    ]


def test_every_domain_and_store_error_has_its_row_in_the_one_table():
    errors = _errors_of(domain_errors) + _errors_of(store_errors) + [Forbidden]
    missing = [error.__name__ for error in errors if not any(kind in PROBLEMS for kind in error.__mro__[:-2])]
    assert missing == []


def test_the_table_answers_in_swedish_with_the_rule_a_refusal_names():
    status, message, problems = problem_of(
        domain_errors.Refused("Förslaget måste granskas av en annan person.")
    )
    assert (status, message, problems) == (409, "Förslaget måste granskas av en annan person.", [])
    status, message, problems = problem_of(domain_errors.InvalidDay("from"))
    assert status == 400 and message == "Datumet kunde inte läsas."
    assert [problem.field for problem in problems] == ["from"]
    status, _, problems = problem_of(store_errors.ReportNotFound("x"))
    assert status == 404 and problems == []
