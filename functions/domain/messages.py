"""What SMS and e-mail say: the municipality, the reference number, what is due by when, and a link.
Never names, personnummer or report text: the functions that build them are given none."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from functions.domain.feedback_letter import swedish_day
from functions.domain.lifecycle import MessageKind, Notification, Phase
from functions.domain.municipality import Contact, Municipality
from functions.domain.persons import unit_of
from functions.domain.routing import local_time_text

_WHAT_IS_DUE = {
    Phase.PROTECTION_ASSESSMENT: "skyddsbedömningen",
    Phase.DECISION: "beslutet om utredning ska inledas (förhandsbedömningen)",
    Phase.INVESTIGATION: "utredningen",
}


class Message(BaseModel):
    model_config = ConfigDict(frozen=True)

    sms: str
    subject: str
    body: str


def report_link(municipality: Municipality, report_id: str) -> str:
    return f"{municipality.dashboard_url}report.html?id={report_id}"  # the dashboard page of the report


# How an alert names the contact before it that did not acknowledge.
_CONTACT_NAMES = {
    "intake_team": "Mottagningen",
    "first_social_secretary": "Förste socialsekreteraren",
    "socialjour": "Socialjourens jourtelefon",
    "socialjour_backup": "Bakjouren",
}


def _persons(notification: Notification) -> str:
    """How many of the report's persons the due clocks concern: never who."""
    if notification.persons_total <= 1:
        return ""
    if notification.persons_due == notification.persons_total:
        return f" (alla {notification.persons_total} personer i anmälan)"
    return f" ({notification.persons_due} av {notification.persons_total} personer i anmälan)"


def _due(notification: Notification, municipality: Municipality) -> str:
    if notification.due_at is None:
        return ""
    return local_time_text(notification.due_at, municipality.office_hours.timezone)


def compose(
    municipality: Municipality,
    report_id: str,
    reference_number: str,
    notification: Notification,
    now: datetime,
) -> Message:
    """`now` is when the message goes out: a limit already passed then is said to be passed."""
    name, link = municipality.name, report_link(municipality, report_id)
    what = _WHAT_IS_DUE.get(notification.phase, "ärendet")
    if unit_of(notification.rule) is not None:
        what = f"kommunens mål för {what.removesuffix(' (förhandsbedömningen)')}"
    what += _persons(notification)
    what_title = what[0].upper() + what[1:]
    due = _due(notification, municipality)
    passed = notification.due_at is not None and notification.due_at <= now
    footer = "\n\nUppgifterna om anmälan finns bara i Oro och skickas aldrig med sms eller e-post."
    unacknowledged = (
        f"{_CONTACT_NAMES.get(notification.unacknowledged_by, 'Den som larmades först')} har inte bekräftat larmet. "
        if notification.unacknowledged_by
        else f"{_CONTACT_NAMES.get(notification.not_reached, 'Den som skulle larmas först')} kunde inte nås: "
        "larmet gick inte fram. "
        if notification.not_reached
        else ""
    )
    # An adult unit's target is the municipality's, said as such in a sentence that reads well:
    # "Skyddsbedömningen ska enligt kommunens mål vara klar senast …".
    unit_target = unit_of(notification.rule) is not None
    task = _WHAT_IS_DUE.get(notification.phase, "ärendet")
    task = (task.removesuffix(" (förhandsbedömningen)") if unit_target else task) + _persons(notification)
    target = " enligt kommunens mål" if unit_target else ""
    task_title = task[0].upper() + task[1:]
    if passed:
        deadline_sms = f"{task} skulle{target} ha varit klar senast {due}, försenad"
        deadline_body = f"{task_title} skulle{target} ha varit klar senast {due} och är försenad."
    else:
        deadline_sms = f"{task} ska{target} vara klar senast {due}"
        deadline_body = f"{task_title} ska{target} vara klar senast {due}."
    concerns = (
        f" Anmälan gäller {notification.persons_total} personer." if notification.persons_total > 1 else ""
    )
    if notification.message is MessageKind.PROTECTION_NEEDED:
        who = "en person" if notification.persons_due == 1 else f"{notification.persons_due} personer"
        return Message(
            sms=f"Oro {name}: omedelbart skydd behövs för {who} i orosanmälan {reference_number} enligt "
            f"skyddsbedömningen. Anteckna i Oro vad som görs: {link}",
            subject=f"Omedelbart skydd behövs: {reference_number} – {name}",
            body=f"Skyddsbedömningen för orosanmälan {reference_number} säger att {who} behöver skydd nu."
            f"{concerns}\n\nSe till att skyddet ordnas och anteckna i Oro vad som gjorts.\n"
            f"Öppna anmälan: {link}{footer}",
        )
    if notification.message is MessageKind.REVIEW_REQUESTED:
        # One e-mail per report while proposals wait: the other persons' proposals join the same review.
        more_proposals = (
            f" Anmälan gäller {notification.persons_total} personer: förslag för de andra visas i samma "
            "granskning när de lämnas."
            if notification.persons_total > 1
            else ""
        )
        return Message(
            sms=f"Oro {name}: ett förslag till beslut om utredning väntar på granskning ({reference_number}). {link}",
            subject=f"Förslag att granska: {reference_number} – {name}",
            body=f"Ett förslag till beslut om utredning för orosanmälan {reference_number} väntar på att "
            f"en andra person granskar det.{more_proposals}\n\nÖppna anmälan: {link}{footer}",
        )
    if notification.message in (MessageKind.FOLLOW_UP_DUE, MessageKind.FOLLOW_UP_OVERDUE):
        day = notification.due_at.date() if notification.due_at else None
        when = swedish_day(day) if day else "snart"
        if notification.message is MessageKind.FOLLOW_UP_OVERDUE:
            return Message(
                sms=f"Oro {name}: uppföljningen av insatser för {reference_number} skulle ha gjorts senast {when}. {link}",
                subject=f"Uppföljning försenad: {reference_number} – {name}",
                body=f"Uppföljningen av insatserna efter utredningen i orosanmälan {reference_number}{_persons(notification)} "
                f"skulle ha gjorts senast {when} och är inte registrerad.\n\nGör uppföljningen och registrera den i Oro, "
                f"eller anteckna att behovet har upphört eller att ärendet följs upp i verksamhetssystemet.\n"
                f"Öppna anmälan: {link}{footer}",
            )
        return Message(
            sms=f"Oro {name}: uppföljningen av insatser för {reference_number} ska göras senast {when}. {link}",
            subject=f"Uppföljning senast {when}: {reference_number} – {name}",
            body=f"Insatserna efter utredningen i orosanmälan {reference_number}{_persons(notification)} ska följas upp "
            f"senast {when}.\n\nRegistrera uppföljningen i Oro när den är gjord.\nÖppna anmälan: {link}{footer}",
        )
    if notification.message is MessageKind.HANDOFF_NOT_ACKNOWLEDGED:
        system = municipality.case_system.name
        return Message(
            sms=f"Oro {name}: {system} har inte kvitterat överlämningen av {reference_number}. {link}",
            subject=f"Överlämningen till {system} är inte kvitterad: {reference_number} – {name}",
            body=f"{system} har inte kvitterat överlämningen av orosanmälan {reference_number}{_persons(notification)}."
            f" Den skulle ha kvitterats senast {due}.\n\nSkriv ut anmälan och registrera den manuellt i {system}, och anteckna i Oro att "
            f"det är gjort, så att ärendet inte blir liggande.\nÖppna anmälan: {link}{footer}",
        )
    if notification.message is MessageKind.TARGET_PASSED:
        return Message(
            sms=f"Oro {name}: {deadline_sms} ({reference_number}). {link}",
            subject=f"Målet passerat: {what} för {reference_number}",
            body=f"Från Oro, {name}.\n\nReferensnummer: {reference_number}\n{deadline_body}\n"
            f"Målet är kommunens eget, inte en lagstadgad tidsfrist.\n\nÖppna anmälan: {link}{footer}",
        )
    if notification.message is MessageKind.NEW_REPORT:
        return Message(
            sms=f"Oro {name}: ny orosanmälan {reference_number}; {deadline_sms}. {link}",
            subject=f"Ny orosanmälan {reference_number} – {name}",
            body=f"En ny orosanmälan har kommit in till {name}.{concerns}\n\nReferensnummer: {reference_number}\n"
            f"{deadline_body}\n\nÖppna anmälan: {link}{footer}",
        )
    if notification.message is MessageKind.NEW_REPORT_URGENT:
        return Message(
            sms=f"Oro {name}: {unacknowledged}{'Ny' if unacknowledged else 'ny'} orosanmälan {reference_number} som inte kan vänta till "
            f"kontorstid; {deadline_sms}. Bekräfta att du tar den: {link}",
            subject=f"BRÅDSKANDE: ny orosanmälan {reference_number} – {name}",
            body=f"{unacknowledged}En ny orosanmälan till {name} kan inte vänta till kontorstid.{concerns}\n\n"
            f"Referensnummer: {reference_number}\n{deadline_body}\n\n"
            f"Bekräfta i Oro att du tar anmälan; annars larmas nästa kontakt.\nÖppna anmälan: {link}{footer}",
        )
    if notification.message is MessageKind.REMINDER:
        return Message(
            sms=f"Oro {name}: påminnelse, {deadline_sms} ({reference_number}). {link}",
            subject=f"Påminnelse: {what} för {reference_number} senast {due}",
            body=f"Påminnelse från Oro, {name}.\n\nReferensnummer: {reference_number}\n"
            f"{deadline_body}\n\nÖppna anmälan: {link}{footer}",
        )
    return Message(
        sms=f"Oro {name}: LARM, {unacknowledged}{what} för {reference_number} skulle ha varit klar senast {due}"
        f"{', försenad' if passed else ''}. Bekräfta att du tar ärendet: {link}",
        subject=f"LARM: {what} för {reference_number} – tidsgränsen {due}",
        body=f"Larm från Oro, {name}.\n\n{unacknowledged}Referensnummer: {reference_number}\n"
        f"{what_title} skulle ha varit klar senast {due} och är inte registrerad.\n\n"
        f"Bekräfta i Oro att du tar ärendet; annars larmas nästa kontakt.\nÖppna anmälan: {link}{footer}",
    )


def recipient_contact(municipality: Municipality, recipient: str) -> Contact:
    """Where a recipient is reached. The intake team's phone is a public desk phone: e-mail only."""
    if recipient == "intake_team":
        return Contact(email=municipality.intake_team.email)
    if recipient == "first_social_secretary":
        return municipality.first_social_secretary
    if recipient == "socialjour":
        return Contact(
            email=municipality.socialjour.email, sms_number=municipality.socialjour.duty_sms_number
        )
    if recipient == "socialjour_backup":
        return municipality.socialjour.backup
    unit = unit_of(recipient)
    if unit is not None and unit in municipality.adult_units:
        return Contact(email=municipality.adult_units[unit].email)
    raise ValueError(f"unknown recipient {recipient!r}")
