"""What the stores refuse. Kept apart from the stores (which import the domain's planner) so that the error
table (functions/shared/problems.py) stays light to import for the public intake."""


class ReportNotFound(Exception):
    """No report has that id."""


class AttachmentNotFound(Exception):
    """The report has no clean attachment with that id (none, still unscanned, or removed)."""


class LetterNotFound(Exception):
    """The person has no letter with that id."""


class UnknownReferenceNumber(Exception):
    """No report has that reference number."""


class AlreadyRecorded(Exception):
    """The fact is recorded already; recording it again would rewrite history."""


class InvalidCursor(Exception):
    """The page cursor was not one this queue handed out."""


class OneFilterAtATime(Exception):
    """More than one of the queue's filters (status, channel, route) was given."""


class UnknownFilter(Exception):
    """A queue filter value that is not one of the queue's."""
