"""The receipt a reporter gets once the report is durably stored."""

from datetime import UTC, datetime

from pydantic import BaseModel, ConfigDict, Field, field_serializer
from pydantic.alias_generators import to_camel

from functions.domain.municipality import Municipality
from functions.domain.public_settings import EMERGENCY_NUMBER


class _Camel(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, frozen=True)


class SocialjourContact(_Camel):
    phone: str
    hours: str


class Receipt(_Camel):
    reference_number: str
    received_at: datetime
    municipality: str
    next_steps: list[str]
    socialjour: SocialjourContact
    emergency_number: str = Field(default=EMERGENCY_NUMBER)

    @field_serializer("received_at")
    def _utc_milliseconds(self, value: datetime) -> str:
        return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def receipt_for(municipality: Municipality, reference_number: str, received_at: datetime) -> Receipt:
    return Receipt(
        reference_number=reference_number,
        received_at=received_at,
        municipality=municipality.name,
        next_steps=[
            "Din anmälan är mottagen och sparad. Spara referensnumret om du vill kontakta oss om anmälan.",
            "Socialtjänsten gör först en skyddsbedömning: behöver någon skydd direkt? Det görs samma dag "
            "eller senast inom 24 timmar.",
            "Inom 14 dagar beslutar socialtjänsten om en utredning ska inledas.",
            "Om du har lämnat kontaktuppgifter kan vi höra av oss till dig om vi behöver veta mer.",
        ],
        socialjour=SocialjourContact(
            phone=municipality.socialjour.public_phone, hours=municipality.socialjour.public_hours
        ),
    )
