"""A report's återkoppling on its REPORT item (`feedback`, `reporterMessages`; their shape is in
functions/domain/reporter_feedback.py): each change is conditional on the state the case worker saw and
written in one transaction with its audit entry."""

from functions.stores.reports import update_report

# While the feedback is prepared and neither sent nor withheld, the report is in the queue's
# "Återkoppling att skicka" (names.FEEDBACK_DUE_INDEX).
FEEDBACK_DUE = "DUE"


class FeedbackStore:
    def __init__(self, table_name: str, dynamodb_client) -> None:
        self._table = table_name
        self._dynamodb = dynamodb_client

    def settle(self, report_id: str, version: int, changes: dict, message: dict | None, audit: dict) -> bool:
        """Sent (`message` appended to the reporter's messages) or withheld: the prepared feedback of
        exactly `version` takes `changes` and leaves the queue. False when it is no longer that, prepared."""
        sets = [f"#feedback.#c{index} = :c{index}" for index in range(len(changes))]
        names = {"#feedback": "feedback", "#status": "status", "#version": "version"}
        names.update({f"#c{index}": key for index, key in enumerate(changes)})
        values: dict = {f":c{index}": value for index, value in enumerate(changes.values())}
        values.update({":prepared": "prepared", ":version": version})
        if message is not None:
            sets.append("reporterMessages = list_append(if_not_exists(reporterMessages, :none), :message)")
            values.update({":none": [], ":message": [message]})
        return self._update(
            report_id,
            f"SET {', '.join(sets)} REMOVE feedbackDue",
            "#feedback.#status = :prepared AND #feedback.#version = :version",
            names,
            values,
            audit,
        )

    def record_letter_sent(self, report_id: str, sent_at: str, sent_by: str, audit: dict) -> bool:
        """The letter was posted: once, and only for feedback that was sent."""
        return self._update(
            report_id,
            "SET #feedback.letterSentAt = :at, #feedback.letterSentBy = :by",
            "#feedback.#status = :sent AND attribute_not_exists(#feedback.letterSentAt)",
            {"#feedback": "feedback", "#status": "status"},
            {":at": sent_at, ":by": sent_by, ":sent": "sent"},
            audit,
        )

    def _update(
        self, report_id: str, expression: str, condition: str, names: dict, values: dict, audit: dict
    ) -> bool:
        return update_report(
            self._dynamodb, self._table, report_id, expression, values, condition, names=names, audit=audit
        )
