"""The receipt a reporter gets once the report is durably stored."""

from datetime import UTC, datetime

from pydantic import BaseModel, ConfigDict, Field, field_serializer
from pydantic.alias_generators import to_camel

from functions.domain.attachments import AttachmentsOffer
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


_CHILDREN_STEPS = [
    "Socialtjänsten gör först en skyddsbedömning: behöver barnet skydd direkt? Det görs samma dag "
    "eller senast inom 24 timmar.",
    "Inom 14 dagar beslutar socialtjänsten om en utredning ska inledas.",
]


def _rule_text(rule: str, persons: int, municipality: Municipality) -> str:
    unit = unit_of(rule)
    who = "en person" if persons == 1 else f"{persons} personer"
    if unit is None:
        return (
            f"Anmälan gäller {who} under 18 år. För barn gäller lagens tidsfrister: skyddsbedömning direkt "
            "och senast inom 24 timmar, beslut om utredning inom 14 dagar."
        )
    adult_unit = municipality.adult_units[unit]
    return (
        f"Anmälan gäller {who} som är vuxen. Den går till {adult_unit.name}, som kontaktar personen och "
        "erbjuder stöd. För vuxna har lagen inga fasta tidsfrister, bara att det ska gå skyndsamt; "
        "kommunen har egna mål för hur snabbt anmälan läses."
    )


def receipt_for(
    municipality: Municipality, reference_number: str, received_at: datetime, rules: tuple[str, ...]
) -> Receipt:
    """`rules` is each person's rule (functions/domain/persons.py): the receipt says which apply and why."""
    counted = {rule: rules.count(rule) for rule in dict.fromkeys(rules)}
    return Receipt(
        reference_number=reference_number,
        received_at=received_at,
        municipality=municipality.name,
        next_steps=[
            "Din anmälan är mottagen och sparad. Spara referensnumret om du vill kontakta oss om anmälan.",
            *(_CHILDREN_STEPS if CHILDREN_RULE in counted else []),
            *(
                _rule_text(rule, count, municipality)
                for rule, count in counted.items()
                if rule != CHILDREN_RULE
            ),
            "Om du har lämnat kontaktuppgifter kan vi höra av oss till dig om vi behöver veta mer.",
        ],
        rules=[
            AppliedRule(rule=rule, persons=count, text=_rule_text(rule, count, municipality))
            for rule, count in counted.items()
        ],
        socialjour=SocialjourContact(
            phone=municipality.socialjour.public_phone, hours=municipality.socialjour.public_hours
        ),
    )
