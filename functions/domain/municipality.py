"""A municipality's settings: one TOML file per municipality in `municipalities/`.

The CDK app builds the municipality's stack from it and the functions read the same file at run
time, so office hours, contacts and policies have one source.
"""

import tomllib
from datetime import time
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, model_validator

# The configuration is written by the municipality's administrators and checked at synth: a plain pattern
# is enough, and keeps the email-validator package out of every function's cold start.
EmailAddress = Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=254)]

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class _Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OpeningHours(_Settings):
    opens: time
    closes: time

    @model_validator(mode="after")
    def _opens_before_closing(self) -> "OpeningHours":
        if self.opens >= self.closes:
            raise ValueError("opens must be before closes")
        return self


class OfficeHours(_Settings):
    """When the intake unit watches the e-service (seed 001's shape)."""

    timezone: str = "Europe/Stockholm"
    weekly: dict[str, OpeningHours]
    lunch: OpeningHours | None = None
    closes_day_before_holiday: time | None = None

    @model_validator(mode="after")
    def _known_weekdays(self) -> "OfficeHours":
        unknown = set(self.weekly) - set(WEEKDAYS)
        if unknown:
            raise ValueError(f"unknown weekdays: {sorted(unknown)}")
        return self


class IntakeTeam(_Settings):
    email: EmailAddress
    phone: str


class Socialjour(_Settings):
    """On-call social services: the public number citizens call and the duty phone and mailbox we alert."""

    public_phone: str
    public_hours: str
    duty_sms_number: str = Field(pattern=r"^\+[1-9][0-9]{6,14}$")
    email: EmailAddress


class Retention(_Settings):
    no_investigation_years: int = Field(ge=1, le=50)
    archive_decision: str


class Municipality(_Settings):
    id: str = Field(pattern=r"^[a-z][a-z0-9-]{1,30}$")
    name: str
    region: str = "eu-north-1"
    anonymous_web_reports_allowed: bool
    dashboard_url: HttpUrl
    sender_email: EmailAddress
    office_hours: OfficeHours
    intake_team: IntakeTeam
    socialjour: Socialjour
    retention: Retention
    legal_references: dict[str, str] = {}


def load_municipality(path: Path | str) -> Municipality:
    with open(path, "rb") as config_file:
        return Municipality.model_validate(tomllib.load(config_file))


@lru_cache(maxsize=8)
def load_municipality_cached(path: str) -> Municipality:
    return load_municipality(path)
