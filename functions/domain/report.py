"""The report of concern (orosanmälan) as the citizen form and the public API send it.

After "What the form asks" in docs/domain.md. Strict: unknown fields are refused, types are not coerced,
every string has a length limit. Field names in JSON are camelCase; validation errors name them
and errors.py turns them into Swedish.
"""

from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Annotated, Literal
from uuid import UUID

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic.alias_generators import to_camel
from stdnum import luhn
from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.se import personnummer

from functions.domain.errors import Refused
from functions.domain.languages import default_language, language_codes
from functions.domain.text import Address, ConcernText, Email, LongText, Name, PhoneNumber, ShortText

MAX_PERSONS = 10
MAX_GUARDIANS = 4
ADULT_AGE = 18  # a child (barn) is under 18
# An unborn child's expected date of birth: a birth is often up to two weeks late and a report may come a few
# weeks after the date the reporter heard, so up to six weeks back; a pregnancy lasts about 40 weeks from the
# last period, so up to 300 days (about ten months) ahead. Outside these the date is a typing error.
EXPECTED_BIRTH_DAYS_BACK = 42
EXPECTED_BIRTH_DAYS_AHEAD = 300


class FieldRuleError(ValueError):
    """A rule about a whole object that one of its fields breaks: `path` (from where the rule runs) names
    that field, so that errors.py points the form at it. The code is the message as for a ValueError."""

    def __init__(self, code: str, *path: str | int) -> None:
        super().__init__(code)
        self.path = path


def age_on(born: date, today: date) -> int:
    """Whole years from the birth date to today (someone born on 29 February turns a year older on
    1 March in other years)."""
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def identity_number_birth_date(number: str) -> date:
    """The birth date of a normalised personnummer or samordningsnummer (YYYYMMDD-NNNN)."""
    day = int(number[6:8])
    return date(int(number[:4]), int(number[4:6]), day - 60 if day > 60 else day)


def normalise_identity_number(value: str) -> str:
    """A personnummer or samordningsnummer (birth day + 60), checked with python-stdnum, as YYYYMMDD-NNNN.

    stdnum knows personnummer only; a samordningsnummer is the same number with 60 added to the day, so its
    date is checked with the day moved back and its Luhn digit on the number as written.
    """
    try:
        number = personnummer.compact(value.strip())  # 'YYMMDD-NNNN' or 'YYYYMMDD-NNNN'
        day = int(number[-7:-5])
        if day > 60:
            birth_date = personnummer.get_birth_date(f"{number[:-7]}{day - 60:02d}{number[-5:]}")
            luhn.validate((number[:-5] + number[-4:])[-10:])
        else:
            birth_date = personnummer.get_birth_date(personnummer.validate(number))
    except (StdnumValidationError, ValueError) as error:
        raise ValueError("invalid_personnummer") from error
    return f"{birth_date:%Y}{number[-9:-5]}-{number[-4:]}"


class _Strict(BaseModel):
    model_config = ConfigDict(
        strict=True,
        extra="forbid",
        frozen=True,
        alias_generator=to_camel,
        populate_by_name=True,
        str_max_length=10_000,
    )


class PersonKind(StrEnum):
    CHILD = "barn"
    ADULT = "vuxen"
    ELDERLY = "aldre"
    ADDICTION = "missbruk"
    ONESELF = "mig_sjalv"


class Category(StrEnum):
    VIOLENCE = "vald"
    WITNESSED_VIOLENCE = "bevittnat_vald"
    SEXUAL_ABUSE = "sexuella_overgrepp"
    HONOUR = "hedersrelaterat"
    NEGLECT = "omsorgsbrist"
    GUARDIAN_SUBSTANCE_ABUSE = "missbruk_hos_vardnadshavare"
    OWN_SUBSTANCE_ABUSE = "eget_missbruk"
    MENTAL_ILL_HEALTH = "psykisk_ohalsa"
    OWN_BEHAVIOUR = "eget_beteende"
    OTHER = "annat"


VIOLENCE_CATEGORIES = frozenset({Category.VIOLENCE, Category.WITNESSED_VIOLENCE, Category.SEXUAL_ABUSE})


class Knowledge(StrEnum):
    YES = "ja"
    NO = "nej"
    UNKNOWN = "vet_inte"


# The kinds of person that are adults to the form: återkoppling about them needs their consent.
ADULT_KINDS = frozenset({PersonKind.ADULT, PersonKind.ELDERLY, PersonKind.ADDICTION})


class Guardian(_Strict):
    name: Name | None = None
    phone: PhoneNumber | None = None
    address: Address | None = None
    knows_about_report: Knowledge = Knowledge.UNKNOWN


def _is_child(info: ValidationInfo) -> bool:
    """The person is a child (barn): `kind` comes first in ConcernedPerson, so it is known here."""
    return info.data.get("kind") is PersonKind.CHILD


class ConcernedPerson(_Strict):
    """One person the report concerns; one report often concerns several siblings."""

    kind: PersonKind
    name: Name | None = None
    personal_identity_number: Annotated[str, Field(max_length=20)] | None = None
    birth_date: date | None = None
    age: Annotated[int, Field(ge=0, le=130)] | None = None
    unborn: bool = False
    expected_birth_date: date | None = None
    address: Address | None = None
    school_or_preschool: ShortText | None = None
    guardians: Annotated[list[Guardian], Field(max_length=MAX_GUARDIANS)] = []
    knows_about_report: Knowledge = Knowledge.UNKNOWN
    # Whether the adult knows about the report and agrees that the (professional) reporter gets återkoppling:
    # asked only about an adult named by someone else (functions/domain/feedback.py); None where not asked.
    feedback_consent: Knowledge | None = None

    @field_validator("personal_identity_number")
    @classmethod
    def _valid_identity_number(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None or not value.strip():
            return None
        number = normalise_identity_number(value)
        born = identity_number_birth_date(number)
        if born > date.today():
            raise ValueError("invalid_personnummer")
        if _is_child(info) and age_on(born, date.today()) >= ADULT_AGE:
            raise ValueError("child_identity_number_adult")
        return number

    @field_validator("birth_date")
    @classmethod
    def _child_born_less_than_eighteen_years_ago(
        cls, value: date | None, info: ValidationInfo
    ) -> date | None:
        if value is not None and _is_child(info) and age_on(value, date.today()) >= ADULT_AGE:
            raise ValueError("child_birth_date_adult")
        return value

    @field_validator("age")
    @classmethod
    def _child_under_eighteen(cls, value: int | None, info: ValidationInfo) -> int | None:
        if value is not None and _is_child(info) and value >= ADULT_AGE:
            raise ValueError("child_age_adult")
        return value

    @field_validator("expected_birth_date")
    @classmethod
    def _expected_only_before_birth(cls, value: date | None, info: ValidationInfo) -> date | None:
        if value is None:
            return None
        if not info.data.get("unborn"):
            raise ValueError("expected_birth_date_when_born")
        today = date.today()
        if value < today - timedelta(days=EXPECTED_BIRTH_DAYS_BACK):
            raise ValueError("expected_birth_date_past")
        if value > today + timedelta(days=EXPECTED_BIRTH_DAYS_AHEAD):
            raise ValueError("expected_birth_date_too_far")
        return value

    # An unborn child goes to no school and cannot know about the report: the form does not ask.
    @field_validator("school_or_preschool")
    @classmethod
    def _no_school_before_birth(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None and info.data.get("unborn"):
            raise ValueError("unborn_with_school")
        return value

    @field_validator("knows_about_report")
    @classmethod
    def _unborn_knows_nothing(cls, value: Knowledge, info: ValidationInfo) -> Knowledge:
        if info.data.get("unborn"):
            raise ValueError("unborn_with_knowledge")
        return value

    # A child's återkoppling needs no consent, and a reporter about themself gets none as a professional.
    @field_validator("feedback_consent")
    @classmethod
    def _consent_only_for_adults(cls, value: Knowledge | None, info: ValidationInfo) -> Knowledge | None:
        kind = info.data.get("kind")
        if value is not None and kind is not None and kind not in ADULT_KINDS:
            raise ValueError("feedback_consent_not_adult")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> "ConcernedPerson":
        if self.unborn and (self.personal_identity_number or self.birth_date or self.age is not None):
            raise ValueError("unborn_with_identity")
        if self.birth_date is not None and self.birth_date > date.today():
            raise ValueError("birth_date_in_future")
        return self


class Concern(_Strict):
    description: ConcernText
    categories: Annotated[list[Category], Field(min_length=1, max_length=len(Category))]
    main_category: Category
    since: ShortText | None = None
    acute_danger: bool

    @model_validator(mode="after")
    def _main_category_among_categories(self) -> "Concern":
        if len(set(self.categories)) != len(self.categories):
            raise ValueError("duplicate_categories")
        if self.main_category not in self.categories:
            raise ValueError("main_category_not_chosen")
        return self

    @property
    def involves_violence(self) -> bool:
        return bool(VIOLENCE_CATEGORIES.intersection(self.categories))


class Interpreter(_Strict):
    needed: bool
    language: ShortText | None = None

    @model_validator(mode="after")
    def _language_when_needed(self) -> "Interpreter":
        if self.needed and not self.language:
            raise ValueError("interpreter_language_missing")
        return self


class PrivateReporter(_Strict):
    """A private person; may be anonymous where the municipality allows it for web reports."""

    type: Literal["privatperson"]
    anonymous: bool
    name: Name | None = None
    phone: PhoneNumber | None = None
    email: Email | None = None
    relation: ShortText | None = None

    @model_validator(mode="after")
    def _named_unless_anonymous(self) -> "PrivateReporter":
        if self.anonymous and (self.name or self.phone or self.email):
            raise ValueError("anonymous_with_contact")
        if not self.anonymous and not self.name:
            raise ValueError("reporter_name_missing")
        return self


class ProfessionalReporter(_Strict):
    """A professional reporting in their role (anmälningsskyldighet): never anonymous."""

    type: Literal["yrkesverksam"]
    name: Name
    role: ShortText
    organisation: ShortText
    work_phone: PhoneNumber | None = None
    work_email: Email | None = None
    wants_feedback: bool

    @model_validator(mode="after")
    def _reachable_at_work(self) -> "ProfessionalReporter":
        if not self.work_phone and not self.work_email:
            raise ValueError("work_contact_missing")
        return self


Reporter = Annotated[PrivateReporter | ProfessionalReporter, Field(discriminator="type")]


class ReportSubmission(_Strict):
    """What the public API accepts: the report and the client's submission id for safe retries."""

    submission_id: UUID
    persons: Annotated[list[ConcernedPerson], Field(min_length=1, max_length=MAX_PERSONS)]
    concern: Concern
    interpreter: Interpreter
    other_agencies: LongText | None = None
    reporter: Reporter
    # The language the form was in (locales/languages.json), so staff know it; the report is stored as written.
    form_language: Annotated[str, WithJsonSchema({"type": "string", "enum": list(language_codes())})] = (
        default_language()
    )

    @field_validator("form_language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        if value not in language_codes():
            raise ValueError("unknown_form_language")
        return value

    @model_validator(mode="after")
    def _professional_reports_about_others(self) -> "ReportSubmission":
        if isinstance(self.reporter, ProfessionalReporter):
            for index, person in enumerate(self.persons):
                if person.kind is PersonKind.ONESELF:
                    raise FieldRuleError("professional_about_oneself", "persons", index, "kind")
        return self

    @property
    def involves_violence_against_child(self) -> bool:
        """Violence against or witnessed by a child: socialjouren at once outside office hours, and an
        investigation must be opened (SOSFS 2014:4)."""
        return self.concern.involves_violence and any(
            person.kind is PersonKind.CHILD for person in self.persons
        )

    @property
    def searchable_identity_numbers(self) -> list[str]:
        """Every person the report concerns named by personnummer or samordningsnummer (children and
        adults), once each: what search by personnummer finds the report by."""
        numbers = (
            person.personal_identity_number for person in self.persons if person.personal_identity_number
        )
        return list(dict.fromkeys(numbers))

    @property
    def birth_days(self) -> list[int]:
        """The days of the month the concerned persons were born on, where known: all gallring's research
        sample needs, kept on the report so that gallring never reads the content."""
        days = set()
        for person in self.persons:
            if person.personal_identity_number:
                day = int(person.personal_identity_number[6:8])
                days.add(day - 60 if day > 60 else day)  # a samordningsnummer's day is the birth day + 60
            elif person.birth_date:
                days.add(person.birth_date.day)
        return sorted(days)

    @property
    def is_anonymous(self) -> bool:
        return isinstance(self.reporter, PrivateReporter) and self.reporter.anonymous


class Channel(StrEnum):
    WEB = "webb"
    PHONE = "telefon"
    LETTER = "brev"
    FAX = "fax"
    EMAIL = "e-post"
    IN_PERSON = "besok"


# Staff date a report they register by when it really arrived: not later than now, and not further back than
# this (an older date is a typing error, and its clocks would long have run out).
REGISTRATION_WINDOW = timedelta(days=365)


def check_registration(channel: Channel, received_at: datetime, now: datetime) -> None:
    """A report registered by staff came some other way than the web form, and its time is believable."""
    if channel is Channel.WEB:
        raise Refused("Webbanmälningar kommer via formuläret; välj hur anmälan kom in.")
    if received_at > now:
        raise Refused("Tiden då anmälan kom in kan inte ligga i framtiden.")
    if received_at < now - REGISTRATION_WINDOW:
        raise Refused("Tiden då anmälan kom in ligger mer än ett år bakåt. Kontrollera datumet.")


class ReceivedReport(BaseModel):
    """A report as the municipality holds it: the submission plus what the intake gave it."""

    model_config = ConfigDict(frozen=True)

    report_id: str
    reference_number: str
    received_at: datetime
    # When staff registered it, where that was after it arrived (phone, letter…); the clocks run from
    # `received_at`, but alerts for moments already past go to whoever works at registration.
    registered_at: datetime | None = None
    channel: Channel
    content: ReportSubmission
    content_fingerprint: str
    # Each person's rule (functions/domain/persons.py): "barn", the law's clocks, or "unit:<id>".
    person_rules: tuple[str, ...]
