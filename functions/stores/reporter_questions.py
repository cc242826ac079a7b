"""Questions to a reporter and their answers on the REPORT item's `reporterMessages` (shapes in
functions/domain/reporter_questions.py), each written in one transaction with its audit entry. The staff API
appends a question; the reporter's function answers one, touching nothing of the item but `reporterMessages`
(its IAM grant allows no other attribute)."""

from functions.stores.reports import update_report


class ReporterQuestionsStore:
    def __init__(self, table_name: str, dynamodb_client) -> None:
        self._table = table_name
        self._dynamodb = dynamodb_client

    def ask(self, report_id: str, question: dict, audit: dict) -> bool:
        """Appends the question; False when the report is gone (purged meanwhile)."""
        return self._write(
            report_id,
            "SET reporterMessages = list_append(if_not_exists(reporterMessages, :none), :question)",
            "attribute_exists(pk)",
            {},
            {":none": [], ":question": [question]},
            audit,
        )

    def answer(
        self, report_id: str, index: int, size: int, question_id: str, messages: list[dict], audit: dict
    ) -> bool:
        """`messages` replaces the list read: only while it is still that long (nothing appended meanwhile)
        and the question at `index` still unanswered. False otherwise (a second answer, a race)."""
        return self._write(
            report_id,
            "SET reporterMessages = :messages",
            f"size(reporterMessages) = :size AND reporterMessages[{index}].questionId = :question "
            f"AND attribute_not_exists(reporterMessages[{index}].answeredAt)",
            {},
            {":messages": messages, ":size": size, ":question": question_id},
            audit,
        )

    def _write(
        self, report_id: str, expression: str, condition: str, names: dict, values: dict, audit: dict
    ) -> bool:
        return update_report(
            self._dynamodb, self._table, report_id, expression, values, condition, names=names, audit=audit
        )
