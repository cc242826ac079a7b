"""Receiving a report: validate, store durably, start its lifecycle, answer with a receipt.

The report is acknowledged only after the store's transaction succeeded. If the lifecycle cannot be
started now, the report stays marked pending and the reconciler starts it on its next run.
"""

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from pydantic import ValidationError

from functions.domain.attachments import AttachmentsOffer
from functions.domain.errors import (
    EServiceNotOpen,
    FieldProblem,
    InvalidReport,
    MalformedJson,
    SignInRequired,
    SubmissionIdReused,
    describe_validation_error,
    domain_message,
)
from functions.domain.internal_launch import not_open_message
from functions.domain.languages import default_language, text
from functions.domain.municipality import Municipality
from functions.domain.persons import person_rules
from functions.domain.receipt import Receipt, receipt_for
from functions.domain.reference_number import new_reference_number
from functions.domain.report import Channel, PrivateReporter, ReceivedReport, ReportSubmission
from functions.domain.reporter_identity import STAFF
from functions.lifecycle.starter import LifecycleStarter, StartOutcome
from functions.stores.reports import (
    ReferenceNumberTaken,
    ReportsStore,
    SignedInReporter,
    StoreBusy,
    SubmissionAlreadyStored,
)

_REFERENCE_ATTEMPTS = 5
_BUSY_ATTEMPTS = 4


@dataclass(frozen=True)
class IntakeResult:
    receipt: Receipt
    report_id: str
    created: bool
    lifecycle: StartOutcome


def admit_client(municipality: Municipality, client_address: str) -> None:
    """While the e-service is internal, only a client inside the municipality's networks may report: the edge
    WAF already answers everyone else, and this keeps the rule should a request get past it."""
    if not municipality.e_service.admits(client_address):
        raise EServiceNotOpen(not_open_message(municipality))


def admit_reporter(
    municipality: Municipality, reporter: SignedInReporter | None, language: str | None
) -> None:
    """Where web reporters must sign in (seed 000), a report without a session is refused before it is read;
    the answer says how to report anonymously (phone, letter)."""
    if reporter is None and municipality.web_reports_identification == "required":
        raise SignInRequired(
            text(
                language or default_language(),
                "api.reporter.identificationRequired",
                municipality=municipality.name,
                phone=municipality.intake_team.phone,
            )
        )


def _check_signed_in(submission: ReportSubmission, reporter: SignedInReporter, language: str) -> None:
    """A signed-in reporter is known: not anonymous; and one signed in with the municipality's own staff
    provider reports in their role."""
    if submission.is_anonymous:
        message = text(language, "api.reporter.signedInNotAnonymous")
        raise InvalidReport([FieldProblem(field="reporter.anonymous", message=message)])
    if reporter.identity.kind == STAFF and isinstance(submission.reporter, PrivateReporter):
        message = text(language, "api.reporter.staffSignInReportsInRole")
        raise InvalidReport([FieldProblem(field="reporter.type", message=message)])


def parse_submission(
    body: str | bytes,
    municipality: Municipality,
    channel: Channel = Channel.WEB,
    language: str | None = None,
    reporter: SignedInReporter | None = None,
) -> ReportSubmission:
    """The report, or its problems in `language` (the one the form asked in; Swedish by default)."""
    language = language or default_language()
    try:
        submission = ReportSubmission.model_validate_json(body)
    except ValidationError as error:
        if any(detail["type"] == "json_invalid" for detail in error.errors()):
            raise MalformedJson() from error
        raise InvalidReport(describe_validation_error(error, language)) from error
    # Where web reports need e-legitimation, anonymous reports still come by phone or letter (seed 000).
    if channel is Channel.WEB and submission.is_anonymous and not municipality.anonymous_web_reports_allowed:
        raise InvalidReport(
            [
                FieldProblem(
                    field="reporter.anonymous", message=domain_message(language, "anonymous_not_allowed")
                )
            ]
        )
    if reporter is not None:
        _check_signed_in(submission, reporter, language)
    return submission


def fingerprint(submission: ReportSubmission) -> str:
    """Same content, same fingerprint, however the JSON was spaced or ordered, and whatever language the form
    was in when it was sent: a retry after switching language is the same report, not another one."""
    canonical = submission.model_dump_json(by_alias=True, exclude_none=True, exclude={"form_language"})
    return hashlib.sha256(canonical.encode()).hexdigest()


def receive_report(
    body: str | bytes,
    *,
    municipality: Municipality,
    store: ReportsStore,
    lifecycle: LifecycleStarter,
    now: Callable[[], datetime],
    new_report_id: Callable[[], str],
    channel: Channel = Channel.WEB,
    received_at: datetime | None = None,
    language: str | None = None,
    attachments_offer: Callable[[str, datetime], AttachmentsOffer | None] | None = None,
    reporter: SignedInReporter | None = None,
) -> IntakeResult:
    """A web report is received now; staff register other channels with the time the report really arrived,
    from which its deadlines run. Problems and the receipt are in `language` (Swedish by default); the report
    is stored as written. `attachments_offer` gives the receipt its attachment token, for the report's id and
    arrival (the form's reporters attach files after the receipt). `reporter`: who sent it, if they signed in
    (recorded on the report, and listed in their Mina anmälningar)."""
    if channel is Channel.WEB:
        admit_reporter(municipality, reporter, language)
    submission = parse_submission(body, municipality, channel, language, reporter)
    content_fingerprint = fingerprint(submission)
    registered_at = now()
    received_at = received_at or registered_at
    report_id = new_report_id()
    for attempt in range(_REFERENCE_ATTEMPTS * _BUSY_ATTEMPTS):
        report = ReceivedReport(
            report_id=report_id,
            reference_number=new_reference_number(received_at, municipality.office_hours.timezone),
            received_at=received_at,
            registered_at=registered_at if registered_at > received_at else None,
            channel=channel,
            content=submission,
            content_fingerprint=content_fingerprint,
            person_rules=person_rules(submission, municipality, received_at),
        )
        try:
            store.add_new_report(
                report, searchable_by_personnummer=municipality.personnummer_search, reporter=reporter
            )
            break
        except ReferenceNumberTaken:
            continue
        except StoreBusy:
            time.sleep(0.02 * (attempt + 1))  # a concurrent retry of the same submission: let it settle
            continue
        except SubmissionAlreadyStored:
            return _replay(
                submission,
                content_fingerprint,
                municipality=municipality,
                store=store,
                lifecycle=lifecycle,
                language=language,
                attachments_offer=attachments_offer,
            )
    else:
        raise RuntimeError("could not store the report after repeated conflicts")

    return _acknowledge(
        report.report_id,
        report.reference_number,
        report.received_at,
        True,
        municipality,
        lifecycle,
        submission,
        report.person_rules,
        language,
        attachments_offer,
        registered_at=report.registered_at,
    )


def _replay(
    submission: ReportSubmission,
    content_fingerprint: str,
    *,
    municipality: Municipality,
    store: ReportsStore,
    lifecycle: LifecycleStarter,
    language: str | None,
    attachments_offer: Callable[[str, datetime], AttachmentsOffer | None] | None,
) -> IntakeResult:
    """A retried submit: answer with the original receipt, and make sure the lifecycle runs."""
    stored = store.find_submission(str(submission.submission_id))
    if stored is None:  # cannot happen: the refused transaction saw it, and reads are consistent
        raise RuntimeError("the submission record the store refused on is missing")
    if stored.content_fingerprint != content_fingerprint:
        raise SubmissionIdReused(str(submission.submission_id))
    return _acknowledge(
        stored.report_id,
        stored.reference_number,
        stored.received_at,
        False,
        municipality,
        lifecycle,
        submission,
        person_rules(submission, municipality, stored.received_at),
        language,
        attachments_offer,
    )


def _acknowledge(
    report_id: str,
    reference_number: str,
    received_at: datetime,
    created: bool,
    municipality: Municipality,
    lifecycle: LifecycleStarter,
    submission: ReportSubmission,
    rules: tuple[str, ...],
    language: str | None,
    attachments_offer: Callable[[str, datetime], AttachmentsOffer | None] | None,
    *,
    registered_at: datetime | None = None,
) -> IntakeResult:
    """The report is durable: start its lifecycle (harmless if already started) and write the receipt, which
    says what that lifecycle does first; a retried submit gets the same attachment token (it is made from the
    report's id and arrival)."""
    receipt = receipt_for(
        municipality, reference_number, received_at, submission, rules, language, registered_at=registered_at
    )
    if attachments_offer is not None:
        receipt = receipt.model_copy(update={"attachments": attachments_offer(report_id, received_at)})
    return IntakeResult(
        receipt=receipt,
        report_id=report_id,
        created=created,
        lifecycle=lifecycle.start(report_id, reference_number, received_at),
    )
