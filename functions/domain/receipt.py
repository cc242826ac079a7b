"""The receipt a reporter gets once the report is durably stored."""

from datetime import UTC, datetime

from pydantic import BaseModel, ConfigDict, Field, field_serializer
from pydantic.alias_generators import to_camel

from functions.domain.attachments import AttachmentsOffer
from functions.domain.languages import default_language, text
from functions.domain.municipality import Municipality
from functions.domain.persons import CHILDREN_RULE, unit_of
from functions.domain.public_settings import EMERGENCY_NUMBER


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


class Receipt(_Camel):
    reference_number: str
    received_at: datetime
    municipality: str
    next_steps: list[str]
    rules: list[AppliedRule] = []
    socialjour: SocialjourContact
    emergency_number: str = Field(default=EMERGENCY_NUMBER)
    # Where the municipality takes attachments: the token and limits for adding files to this report.
    attachments: AttachmentsOffer | None = None

    @field_serializer("received_at")
    def _utc_milliseconds(self, value: datetime) -> str:
        return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


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


def receipt_for(
    municipality: Municipality,
    reference_number: str,
    received_at: datetime,
    rules: tuple[str, ...],
    language: str | None = None,
) -> Receipt:
    """`rules` is each person's rule (functions/domain/persons.py): the receipt says which apply and why, in
    `language` (Swedish by default; the municipality's own names, such as its units', as they are)."""
    language = language or default_language()
    counted = {rule: rules.count(rule) for rule in dict.fromkeys(rules)}
    children_steps = [
        text(language, "api.receipt.childProtection"),
        text(language, "api.receipt.childDecision"),
    ]
    return Receipt(
        reference_number=reference_number,
        received_at=received_at,
        municipality=municipality.name,
        next_steps=[
            text(language, "api.receipt.stored"),
            *(children_steps if CHILDREN_RULE in counted else []),
            *(
                _rule_text(rule, count, municipality, language)
                for rule, count in counted.items()
                if rule != CHILDREN_RULE
            ),
            text(language, "api.receipt.contact"),
        ],
        rules=[
            AppliedRule(rule=rule, persons=count, text=_rule_text(rule, count, municipality, language))
            for rule, count in counted.items()
        ],
        socialjour=SocialjourContact(
            phone=municipality.socialjour.public_phone, hours=municipality.socialjour.public_hours
        ),
    )
