"""The receipt a reporter gets once the report is durably stored."""

from datetime import UTC, datetime

from pydantic import BaseModel, ConfigDict, Field, field_serializer
from pydantic.alias_generators import to_camel

from functions.domain.attachments import AttachmentsOffer
from functions.domain.languages import default_language, text
from functions.domain.municipality import Municipality
from functions.domain.persons import CHILDREN_RULE, unit_of
from functions.domain.public_settings import EMERGENCY_NUMBER
from functions.domain.report import PersonKind, ProfessionalReporter, ReportSubmission


class _Camel(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, frozen=True)


class SocialjourContact(_Camel):
    phone: str
    hours: str


class AppliedRule(_Camel):
    """Which rule the report's persons come under, and why, as the receipt says it."""

    rule: str
    persons: int
    text: str


def _utc(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class AcuteReceipt(_Camel):
    """The reporter said someone is in acute danger: what Oro does about it, for the receipt's first box."""

    # The report's first alert goes to socialjouren. The lifecycle sends it, within minutes of the receipt.
    socialjour_alerted: bool
    office_open: bool
    # When the intake unit next opens, while it is closed.
    office_opens_at: datetime | None = None
    # What was done and what to do now, in the reader's language.
    steps: list[str]

    @field_serializer("office_opens_at")
    def _utc_milliseconds(self, value: datetime | None) -> str | None:
        return None if value is None else _utc(value)


class Receipt(_Camel):
    reference_number: str
    received_at: datetime
    municipality: str
    next_steps: list[str]
    rules: list[AppliedRule] = []
    # Only where the reporter marked acute danger.
    acute: AcuteReceipt | None = None
    socialjour: SocialjourContact
    emergency_number: str = Field(default=EMERGENCY_NUMBER)
    # Where the municipality takes attachments: the token and limits for adding files to this report.
    attachments: AttachmentsOffer | None = None

    @field_serializer("received_at")
    def _utc_milliseconds(self, value: datetime) -> str:
        return _utc(value)


def _rule_text(rule: str, persons: int, municipality: Municipality, language: str) -> str:
    unit = unit_of(rule)
    who = (
        text(language, "api.receipt.onePerson")
        if persons == 1
        else text(language, "api.receipt.persons", count=persons)
    )
    if unit is None:
        return text(language, "api.receipt.childrenRule", who=who)
    return text(language, "api.receipt.adultRule", who=who, unit=municipality.adult_units[unit].name)


def _acute(
    municipality: Municipality,
    content: ReportSubmission,
    rules: tuple[str, ...],
    received_at: datetime,
    registered_at: datetime | None,
    language: str,
) -> AcuteReceipt:
    """What the lifecycle's first checkpoint does with the report (the same routing), said as it stands at the
    receipt: the alert itself goes out a moment later."""
    # Only an acute report's receipt needs the business calendar: an ordinary report's does not load it.
    from functions.domain.lifecycle import new_report_facts, routing_on_receipt
    from functions.domain.office_hours import office_status
    from functions.domain.reader_time import day_and_time
    from functions.domain.routing import Route

    moment = registered_at or received_at
    facts = new_report_facts(content, rules, registered_at)
    watch, routing = routing_on_receipt(facts, received_at, municipality, now=moment)
    status = office_status(municipality.office_hours, moment)
    alerted = routing.route is Route.SOCIALJOUR
    if alerted:
        steps = [text(language, "api.receipt.acute.socialjourAlerted")]
    elif routing.route is Route.ADULT_UNIT and (unit := unit_of(watch.rule)) is not None:
        steps = [text(language, "api.receipt.acute.unitTold", unit=municipality.adult_units[unit].name)]
    elif status.open_now:
        steps = [text(language, "api.receipt.acute.intakeTold")]
    else:
        steps = [text(language, "api.receipt.acute.readWhenOpen")]
    opens_at = None if status.open_now else status.next_opens_at
    if opens_at is not None:
        when = day_and_time(opens_at, municipality.office_hours.timezone, language, moment)
        steps.append(text(language, "api.receipt.acute.officeOpens", when=when))
    steps.append(
        text(
            language,
            "api.receipt.acute.callIntake",
            emergency=EMERGENCY_NUMBER,
            phone=municipality.intake_team.phone,
        )
        if status.open_now
        else text(
            language,
            "api.receipt.acute.callSocialjour",
            emergency=EMERGENCY_NUMBER,
            phone=municipality.socialjour.public_phone,
        )
    )
    return AcuteReceipt(
        socialjour_alerted=alerted, office_open=status.open_now, office_opens_at=opens_at, steps=steps
    )


def _self_report_step(rule: str, anonymous: bool, municipality: Municipality, language: str) -> str:
    """Someone reporting about themself is told what happens to them; anonymously, that nobody can answer."""
    if anonymous:
        return text(language, "api.receipt.selfAnonymous")
    unit = unit_of(rule)
    if unit is None:
        return text(language, "api.receipt.selfChild")
    return text(language, "api.receipt.selfAdult", unit=municipality.adult_units[unit].name)


def _feedback_step(rules: tuple[str, ...], language: str) -> str:
    """A professional who asked for återkoppling (docs/legal-rules.md, "Återkoppling"): an adult's needs the
    person's consent."""
    adults = any(unit_of(rule) is not None for rule in rules)
    children = CHILDREN_RULE in rules
    if adults and children:
        return text(language, "api.receipt.feedbackMixed")
    return text(language, "api.receipt.feedbackAdult" if adults else "api.receipt.feedback")


def receipt_for(
    municipality: Municipality,
    reference_number: str,
    received_at: datetime,
    content: ReportSubmission,
    rules: tuple[str, ...],
    language: str | None = None,
    *,
    registered_at: datetime | None = None,
) -> Receipt:
    """What happens next for this report, in `language` (Swedish by default; the municipality's own names,
    such as its units', as they are). `rules` is each person's rule (functions/domain/persons.py), in the
    report's order; `registered_at` is when staff registered a report that came another way."""
    language = language or default_language()
    counted = {rule: rules.count(rule) for rule in dict.fromkeys(rules)}
    oneself = [
        rule for person, rule in zip(content.persons, rules, strict=True) if person.kind is PersonKind.ONESELF
    ]
    others = tuple(
        rule
        for person, rule in zip(content.persons, rules, strict=True)
        if person.kind is not PersonKind.ONESELF
    )
    others_counted = {rule: others.count(rule) for rule in dict.fromkeys(others)}
    children_steps = [
        text(language, "api.receipt.childProtection"),
        text(language, "api.receipt.childDecision"),
    ]
    reporter = content.reporter
    if oneself:
        contact = []  # the self-report's own step says whether we contact the reporter
    elif content.is_anonymous:
        contact = [text(language, "api.receipt.anonymous")]
    else:
        contact = [text(language, "api.receipt.contact")]
    return Receipt(
        reference_number=reference_number,
        received_at=received_at,
        municipality=municipality.name,
        next_steps=[
            text(language, "api.receipt.stored"),
            *(children_steps if CHILDREN_RULE in others_counted else []),
            *(
                _rule_text(rule, count, municipality, language)
                for rule, count in others_counted.items()
                if rule != CHILDREN_RULE
            ),
            *(
                [_self_report_step(oneself[0], content.is_anonymous, municipality, language)]
                if oneself
                else []
            ),
            *(
                [_feedback_step(others, language)]
                if isinstance(reporter, ProfessionalReporter) and reporter.wants_feedback
                else []
            ),
            *contact,
        ],
        rules=[
            AppliedRule(rule=rule, persons=count, text=_rule_text(rule, count, municipality, language))
            for rule, count in counted.items()
        ],
        acute=_acute(municipality, content, rules, received_at, registered_at, language)
        if content.concern.acute_danger
        else None,
        socialjour=SocialjourContact(
            phone=municipality.socialjour.public_phone, hours=municipality.socialjour.public_hours
        ),
    )
