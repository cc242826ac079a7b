"""What the public form may know of a municipality: served as the form's config.json, here and in AWS, and
whether its intake unit reads reports right now (GET /api/office-hours)."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, field_serializer
from pydantic.alias_generators import to_camel

from functions.domain.municipality import WEEKDAYS, Municipality

_SWEDISH_WEEKDAYS = dict(
    zip(WEEKDAYS, ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"), strict=True)
)
EMERGENCY_NUMBER = "112"


def _clock(value) -> str:
    return value.strftime("%H.%M")


def office_hours_text(municipality: Municipality) -> str:
    """'måndag–torsdag 08.30–16.00, fredag 08.30–15.00, ...' grouping consecutive days with equal hours."""
    hours = municipality.office_hours
    groups: list[tuple[list[str], str]] = []
    for day in WEEKDAYS:
        if day not in hours.weekly:
            continue
        span = f"{_clock(hours.weekly[day].opens)}–{_clock(hours.weekly[day].closes)}"
        previous_day = WEEKDAYS[WEEKDAYS.index(day) - 1]
        if groups and groups[-1][1] == span and groups[-1][0][-1] == previous_day:
            groups[-1][0].append(day)
        else:
            groups.append(([day], span))
    parts = []
    for days, span in groups:
        names = _SWEDISH_WEEKDAYS[days[0]] + (f"–{_SWEDISH_WEEKDAYS[days[-1]]}" if len(days) > 1 else "")
        parts.append(f"{names} {span}")
    text = ", ".join(parts)
    if hours.lunch:
        text += f" (lunchstängt {_clock(hours.lunch.opens)}–{_clock(hours.lunch.closes)})"
    if hours.closes_day_before_holiday:
        text += f"; dag före helgdag till {_clock(hours.closes_day_before_holiday)}"
    return text


def public_form_settings(municipality: Municipality) -> dict:
    return {
        "municipality": municipality.name,
        "anonymousWebReportsAllowed": municipality.anonymous_web_reports_allowed,
        "socialjour": {
            "phone": municipality.socialjour.public_phone,
            "hours": municipality.socialjour.public_hours,
        },
        "intakeTeam": {"phone": municipality.intake_team.phone},
        "officeHours": office_hours_text(municipality),
        "emergencyNumber": EMERGENCY_NUMBER,
        # "internal": the form says the e-service is open only inside the municipality's networks for now.
        "eService": {"mode": municipality.e_service.mode},
        # What the form may offer to attach after the receipt (the receipt carries the token).
        "attachments": _attachment_limits(municipality) if municipality.attachments.enabled else None,
        # Whether reporters sign in (functions/reporter/), and with which providers: their ids, Swedish labels
        # and kinds only (a staff-kind provider's reporter reports as a professional), never issuers or clients.
        "signIn": {
            "identification": municipality.web_reports_identification,
            "providers": [
                {"id": provider_id, "label": provider.label, "kind": provider.kind}
                for provider_id, provider in municipality.reporter_identity_providers.items()
            ]
            if municipality.reporters_sign_in
            else [],
        },
    }


def _attachment_limits(municipality: Municipality) -> dict:
    """The limits, and for each allowed type the file-name endings the API accepts for it and its name's
    key (api.attachments.types.<key>): the form checks a chosen file as the API will."""
    # Imported here: the office-hours route shares this module and needs none of the attachments' libraries.
    from functions.domain.attachments import TYPE_NAMES

    allowed = municipality.attachments.allowed_types
    return {
        "maxFiles": municipality.attachments.max_files,
        "maxBytesPerFile": municipality.attachments.max_bytes_per_file,
        "contentTypes": list(allowed),
        "types": [
            {"contentType": kind, "endings": list(TYPE_NAMES[kind][0]), "name": TYPE_NAMES[kind][1]}
            for kind in allowed
        ],
    }


def dashboard_settings(municipality_name: str, sign_in_endpoint: str, client_id: str) -> dict:
    """The dashboard's config.json, here and in AWS: where its sign-in goes (Cognito's endpoint and the
    app client)."""
    return {
        "municipality": municipality_name,
        "cognito": {"endpoint": sign_in_endpoint, "clientId": client_id},
    }


class OfficeHoursNow(BaseModel):
    """Whether the intake unit reads reports now, and when that changes, as instants with the municipality's
    offset: the form words them in the reader's language."""

    # Built on the route's first call, not at the report path's cold start.
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, frozen=True, defer_build=True)

    open_now: bool
    closes_at: datetime | None
    next_opens_at: datetime | None
    timezone: str

    @field_serializer("closes_at", "next_opens_at")
    def _minutes(self, value: datetime | None) -> str | None:
        return value.isoformat(timespec="minutes") if value else None
