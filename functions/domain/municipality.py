"""A municipality's settings: one TOML file per municipality in `municipalities/`.

The CDK app builds the municipality's stack from it and the functions read the same file at run
time, so office hours, contacts and policies have one source.
"""

import ipaddress
import tomllib
from datetime import date, time, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, IPvAnyNetwork, model_validator

# The configuration is written by the municipality's administrators and checked at synth: a plain pattern
# is enough, and keeps the email-validator package out of every function's cold start.
EmailAddress = Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=254)]
SmsNumber = Annotated[str, Field(pattern=r"^\+[1-9][0-9]{6,14}$")]  # E.164, as SNS requires

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
    # The municipality's own closed days beyond the public holidays (a "klämdag", a staff day).
    closed_dates: list[date] = []

    @model_validator(mode="after")
    def _known_weekdays(self) -> "OfficeHours":
        unknown = set(self.weekly) - set(WEEKDAYS)
        if unknown:
            raise ValueError(f"unknown weekdays: {sorted(unknown)}")
        return self


class IntakeTeam(_Settings):
    email: EmailAddress
    phone: str


class Contact(_Settings):
    """Someone the lifecycle alerts: by SMS, by e-mail, or both."""

    email: EmailAddress | None = None
    sms_number: SmsNumber | None = None

    @model_validator(mode="after")
    def _reachable(self) -> "Contact":
        if not self.email and not self.sms_number:
            raise ValueError("a contact needs an e-mail address or an SMS number")
        return self


class Socialjour(_Settings):
    """On-call social services: the public number citizens call and the duty phone and mailbox we alert."""

    public_phone: str
    public_hours: str
    duty_sms_number: SmsNumber
    email: EmailAddress
    backup: Contact


# Whom the lifecycle can alert; escalation policies name these.
Recipient = Literal["intake_team", "first_social_secretary", "socialjour", "socialjour_backup"]


class EscalationStep(_Settings):
    notify: Recipient
    wait_for_acknowledgement: timedelta = Field(gt=timedelta(0))


class EscalationPolicy(_Settings):
    """Ordered steps, each waiting for an acknowledgement before the next; the chain runs `rounds` times
    (as PagerDuty's and Opsgenie's policies). Acknowledged but left undone, it fires again after
    `refire_after_acknowledged`."""

    steps: list[EscalationStep] = Field(min_length=1)
    rounds: int = Field(default=2, ge=1, le=10)
    refire_after_acknowledged: timedelta = Field(default=timedelta(hours=2), gt=timedelta(0))


class EscalationPolicies(_Settings):
    office_hours: EscalationPolicy
    outside_office_hours: EscalationPolicy


class Deadlines(_Settings):
    """The law's clocks (docs/legal-rules.md, "Time limits") and when to remind before them."""

    protection_assessment: timedelta = timedelta(hours=24)
    protection_assessment_reminder_before: timedelta = timedelta(hours=6)
    preliminary_assessment_days: int = Field(default=14, ge=1)
    preliminary_assessment_reminder_before: timedelta = timedelta(days=3)
    investigation_months: int = Field(default=4, ge=1)
    investigation_reminder_before: timedelta = timedelta(days=14)
    # Socialjouren takes a closed-office report when the 24-hour limit falls before the next opening plus
    # this margin: the intake team needs some time after opening to act.
    socialjour_margin: timedelta = timedelta(hours=1)
    # Office time the intake team needs before a deadline to act on it; less, and the next level is told.
    minimum_office_time: timedelta = timedelta(hours=1)
    # How far past its ordinary last day a limit may be extended (the 14 days for exceptional reasons, the
    # 4 months for special ones): the municipality's bound, kept well inside what a lifecycle can wait.
    decision_extension_at_most: timedelta = Field(
        default=timedelta(weeks=4), gt=timedelta(0), le=timedelta(days=180)
    )
    investigation_extension_at_most: timedelta = Field(
        default=timedelta(days=120), gt=timedelta(0), le=timedelta(days=180)
    )


class AdultUnit(_Settings):
    """The unit that takes reports about adults, the elderly or people with addiction (for example the
    individ- och familjeomsorgen's adult unit, or the elderly care's biståndshandläggare), with its own
    target times. For adults the law says "skyndsamt" and sets no numbers: these targets are the
    municipality's, and are shown as such, never as law (docs/legal-rules.md, "Children's clocks are not adults'").
    """

    name: str = Field(min_length=1, max_length=120)
    serves: list[Literal["vuxen", "aldre", "missbruk", "mig_sjalv"]] = Field(min_length=1)
    email: EmailAddress
    phone: str
    # The same shape as the children's statutory clocks: first assessment, decision, investigation.
    targets: Deadlines


class ResearchSample(_Settings):
    """Records kept for research where the archive authority decides so: reports about a person born on
    one of these days of the month are never purged (Riksarkivet's usual sample: the 5th, 15th and 25th)."""

    enabled: bool = False
    birth_days: list[Annotated[int, Field(ge=1, le=31)]] = [5, 15, 25]
    decision: str = ""

    @model_validator(mode="after")
    def _decided(self) -> "ResearchSample":
        if self.enabled and not self.decision:
            raise ValueError("a research sample names the archive authority's decision")
        return self


class Retention(_Settings):
    """Gallring: when reports are destroyed, following the municipality's archive decision."""

    archive_decision: str
    # Reports that led to no investigation: this many years after the decision.
    no_investigation_years: int = Field(default=5, ge=1, le=50)
    # Reports handed to an investigation: the intake copy, this many months after the hand-over (the
    # decision to investigate), and never while Oro still follows the investigation's time limit.
    after_handover_months: int = Field(default=6, ge=1, le=120)
    research_sample: ResearchSample = ResearchSample()
    # The audit trail (who read and did what, docs/legal-rules.md "Log review"): kept this many years, then
    # purged by gallring; its locked copy in S3 is locked as long and expires after. The municipality's
    # choice; Oro's default is 3 years.
    audit_retention_years: int = Field(default=3, ge=1, le=50)

    @property
    def audit_lock_days(self) -> int:
        """How long each object of the audit trail's locked copy is locked: the years, leap days and all."""
        return 366 * self.audit_retention_years

    @property
    def audit_archive_expiry_days(self) -> int:
        """When the locked copy's objects expire: the day after their lock ends."""
        return self.audit_lock_days + 1


class EService(_Settings):
    """Who may use the public e-service. "internal": only the municipality's own networks, for a first period
    of staff-only use (seed 004: Mölndal ran its e-service internally for half a year); the public gets a page
    saying how to report by phone, and intake refuses reports from elsewhere."""

    mode: Literal["public", "internal"] = "public"
    # CIDR ranges, IPv4 and IPv6, without host bits ("10.0.0.0/8", "2001:db8::/32").
    internal_networks: list[IPvAnyNetwork] = []

    @model_validator(mode="after")
    def _internal_names_its_networks(self) -> "EService":
        if self.mode == "internal" and not self.internal_networks:
            raise ValueError("an internal e-service needs at least one range in internal_networks")
        return self

    @property
    def internal(self) -> bool:
        return self.mode == "internal"

    def admits(self, address: str) -> bool:
        """Whether a client at `address` may report here: anyone when public; when internal, only an address
        in one of the ranges (an unknown or unreadable address is not)."""
        if not self.internal:
            return True
        try:
            client = ipaddress.ip_address(address)
        except ValueError:
            return False
        if isinstance(client, ipaddress.IPv6Address) and client.ipv4_mapped:
            client = client.ipv4_mapped  # "::ffff:10.1.2.3" is the IPv4 client 10.1.2.3
        return any(client in network for network in self.internal_networks)

    def networks_of_version(self, version: Literal[4, 6]) -> list[str]:
        return [str(network) for network in self.internal_networks if network.version == version]


# What a reporter may attach, by content type: the types people photograph or write a concern in.
AttachmentType = Literal[
    "image/jpeg",
    "image/png",
    "image/heic",
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.text",
]


class Attachments(_Settings):
    """Files a reporter may attach after submitting (functions/domain/attachments.py): how many, how large,
    of which types. Off, the receipt offers no upload."""

    enabled: bool = True
    max_files: int = Field(default=5, ge=1, le=20)
    max_bytes_per_file: int = Field(default=10 * 1024 * 1024, ge=1024, le=50 * 1024 * 1024)
    allowed_types: list[AttachmentType] = Field(
        default=[
            "image/jpeg",
            "image/png",
            "image/heic",
            "application/pdf",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ],
        min_length=1,
    )


# The claims a provider names the verified facts by. A citizen e-legitimation broker (BankID, Freja eID through
# an OIDC broker) gives the personnummer; the Swedish OIDC profile (oidc-sweden) names it so by default.
class ReporterClaims(_Settings):
    name: str = "name"
    personnummer: str = "https://id.oidc.se/claim/personalIdentityNumber"  # read from citizen providers only
    email: str | None = None
    organisation: str | None = None
    title: str | None = None


class ReporterIdentityProvider(_Settings):
    """An OpenID Connect provider reporters sign in with (functions/reporter/): the municipality's citizen
    e-legitimation broker, or its own staff identity provider for its professionals (who report in their
    role). The issuer and client id here are the deployed ones; the function is given them by its environment,
    so that `make run` points the same code at its local provider."""

    kind: Literal["citizen", "staff"]
    label: str = Field(min_length=1, max_length=80)  # the sign-in button, in Swedish
    issuer: HttpUrl
    client_id: str = Field(min_length=1)
    # A confidential client: its secret lives in Secrets Manager (the stack makes the secret, an administrator
    # fills in the value the provider issued). A public client signs in with PKCE alone.
    client_secret: bool = False
    scopes: list[str] = ["openid", "profile"]
    claims: ReporterClaims = ReporterClaims()

    @model_validator(mode="after")
    def _claims_for_kind(self) -> "ReporterIdentityProvider":
        if "openid" not in self.scopes:
            raise ValueError("the scopes must include openid")
        return self


class CaseSystem(_Settings):
    """The municipality's case system (verksamhetssystem), which takes each decided person's case over from
    Oro (functions/domain/handoff.py): its name as staff know it, and how many working days it has to
    acknowledge a hand-off before the intake team is alerted."""

    name: str = "verksamhetssystemet"
    acknowledge_within_working_days: int = Field(default=2, ge=1, le=10)


class FollowUpSettings(_Settings):
    """Following up measures after an investigation (functions/domain/follow_up.py): at least every
    `interval_months` (the law's minimum is every six months), with a reminder `remind_days_before` the day."""

    interval_months: int = Field(default=6, ge=1, le=6)
    remind_days_before: int = Field(default=14, ge=1, le=60)


ProviderId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{1,30}$")]


class Municipality(_Settings):
    id: str = Field(pattern=r"^[a-z][a-z0-9-]{1,30}$")
    name: str
    region: str = "eu-north-1"
    anonymous_web_reports_allowed: bool
    # Staff may find earlier reports about a child by personnummer: the new Socialtjänstlag (2025:400) makes
    # children's reports searchable. Off, no lookup entries are even stored.
    personnummer_search: bool = False
    dashboard_url: HttpUrl
    sender_email: EmailAddress
    office_hours: OfficeHours
    intake_team: IntakeTeam
    first_social_secretary: Contact
    socialjour: Socialjour
    escalation: EscalationPolicies
    deadlines: Deadlines = Deadlines()
    # Who takes reports about adults: every kind of adult person the form offers is served by one unit.
    adult_units: dict[Annotated[str, Field(pattern=r"^[a-z][a-z_]{1,30}$")], AdultUnit]
    retention: Retention
    attachments: Attachments = Attachments()
    legal_references: dict[str, str] = {}
    e_service: EService = EService()
    # Whether web reporters sign in (OpenID Connect): "required" (seed 000, Kalix: never anonymous on the web),
    # "optional", or "off"; and with which providers, by id.
    web_reports_identification: Literal["required", "optional", "off"] = "off"
    reporter_identity_providers: dict[ProviderId, ReporterIdentityProvider] = {}
    # A reporter's session: short, and ended at once by signing out.
    reporter_session_minutes: int = Field(default=30, ge=5, le=120)
    case_system: CaseSystem = CaseSystem()
    follow_up: FollowUpSettings = FollowUpSettings()

    @model_validator(mode="after")
    def _identification_has_providers(self) -> "Municipality":
        if self.web_reports_identification != "off" and not self.reporter_identity_providers:
            raise ValueError("reporters cannot sign in without reporter_identity_providers")
        if self.web_reports_identification == "required" and self.anonymous_web_reports_allowed:
            raise ValueError("where web reporters must sign in, web reports cannot be anonymous")
        return self

    @property
    def reporters_sign_in(self) -> bool:
        return self.web_reports_identification != "off"

    @model_validator(mode="after")
    def _every_adult_served_once(self) -> "Municipality":
        served = [kind for unit in self.adult_units.values() for kind in unit.serves]
        missing = {"vuxen", "aldre", "missbruk", "mig_sjalv"} - set(served)
        if missing or len(served) != len(set(served)):
            raise ValueError(f"each adult kind needs exactly one unit; missing {sorted(missing)}")
        return self

    def unit_serving(self, kind: str) -> str:
        """The id of the unit that takes reports about a person of this kind (not a child)."""
        return next(unit_id for unit_id, unit in self.adult_units.items() if kind in unit.serves)


def load_municipality(path: Path | str) -> Municipality:
    with open(path, "rb") as config_file:
        return Municipality.model_validate(tomllib.load(config_file))


@lru_cache(maxsize=8)
def load_municipality_cached(path: str) -> Municipality:
    return load_municipality(path)
