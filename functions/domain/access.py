"""Who may do what: staff roles (Cognito groups) and their permissions, in one table.

| role                      | what the work needs                                                        |
|---------------------------|-----------------------------------------------------------------------------|
| mottagning                | the queue, reports (and their clean attachments), registering phone and paper reports, skyddsbedömning, decision proposals, extending the 14-day limit, recording an adult's consent to återkoppling, återkoppling to professional reporters, questions to a reporter who signed in, acknowledging, search by personnummer |
| forste_socialsekreterare  | as mottagning, and approving or returning proposals (four eyes), investigations |
| socialjour                | the queue, reports, registering phoned-in reports, skyddsbedömning, acknowledging escalations, search by personnummer |
| admin                     | nothing in reports: runs the system (gallring preview and log, legal holds)  |
| granskare                 | the audit log export only: reviews who read what                           |
"""

from enum import StrEnum


class NotSignedIn(Exception):
    """No staff member is named by the request."""


class Forbidden(Exception):
    """The role does not allow this; the answer says nothing about the report."""


class Permission(StrEnum):
    VIEW_QUEUE = "view_queue"
    READ_REPORT = "read_report"
    DOWNLOAD_ATTACHMENT = "download_attachment"  # a clean file the reporter attached
    RECORD_PROTECTION_ASSESSMENT = "record_protection_assessment"
    PROPOSE_DECISION = "propose_decision"
    APPROVE_DECISION = "approve_decision"
    ACKNOWLEDGE_ESCALATION = "acknowledge_escalation"
    REGISTER_REPORT = "register_report"
    EXTEND_DECISION_DEADLINE = "extend_decision_deadline"
    SEARCH_BY_PERSON = "search_by_person"  # only where the municipality has search by personnummer on
    MANAGE_INVESTIGATION = "manage_investigation"
    EXPORT_AUDIT = "export_audit"
    SEND_FEEDBACK = "send_feedback"  # återkoppling to a professional reporter: send, withhold, the letter
    MANAGE_GALLRING = "manage_gallring"  # preview, purge log, legal holds: no report content
    RECORD_FEEDBACK_CONSENT = "record_feedback_consent"  # an adult's consent to återkoppling, given later
    ASK_REPORTER = "ask_reporter"  # a question to a reporter who signed in (more information needed)
    # A hand-off the case system did not acknowledge, printed and registered there by hand.
    REGISTER_HANDOFF_MANUALLY = "register_handoff_manually"
    # Letters to a child's family (kallelse, the notice that no investigation is opened): preview, make, mark sent.
    WRITE_LETTERS = "write_letters"


_CASEWORK = {
    Permission.VIEW_QUEUE,
    Permission.READ_REPORT,
    Permission.DOWNLOAD_ATTACHMENT,
    Permission.RECORD_PROTECTION_ASSESSMENT,
    Permission.ACKNOWLEDGE_ESCALATION,
    Permission.REGISTER_REPORT,
    Permission.SEARCH_BY_PERSON,
}
_DECISIONS = {
    Permission.PROPOSE_DECISION,
    Permission.EXTEND_DECISION_DEADLINE,
    Permission.RECORD_FEEDBACK_CONSENT,
    Permission.SEND_FEEDBACK,
    Permission.ASK_REPORTER,
    Permission.REGISTER_HANDOFF_MANUALLY,
    Permission.WRITE_LETTERS,
}

ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    "mottagning": frozenset(_CASEWORK | _DECISIONS),
    "forste_socialsekreterare": frozenset(
        _CASEWORK | _DECISIONS | {Permission.APPROVE_DECISION, Permission.MANAGE_INVESTIGATION}
    ),
    "socialjour": frozenset(_CASEWORK),
    "admin": frozenset({Permission.MANAGE_GALLRING}),
    "granskare": frozenset({Permission.EXPORT_AUDIT}),
}


def permissions_of(roles: list[str], *, personnummer_search: bool) -> frozenset[Permission]:
    """What the roles allow; search by personnummer only where the municipality has switched it on."""
    granted: set[Permission] = set()
    for role in roles:
        granted |= ROLE_PERMISSIONS.get(role, frozenset())
    if not personnummer_search:
        granted.discard(Permission.SEARCH_BY_PERSON)
    return frozenset(granted)
