"""Letters made for a person (functions/domain/letters.py), kept on the person's record of the REPORT item
(`persons.<n>.letters`, oldest first): id, kind, the text as made, who made it and when, and when it was
marked sent. Each write is one conditional update with its audit entry."""

from functions.stores.reports import update_report


def _names(person: int) -> dict:
    return {"#persons": "persons", "#person": str(person), "#letters": "letters"}


class LettersStore:
    def __init__(self, table_name: str, dynamodb_client) -> None:
        self._table = table_name
        self._dynamodb = dynamodb_client

    def add(self, report_id: str, person: int, letter: dict, audit: dict) -> bool:
        """Appends the letter to the person's; False when the report has no such person."""
        return update_report(
            self._dynamodb,
            self._table,
            report_id,
            "SET #persons.#person.#letters = list_append(if_not_exists(#persons.#person.#letters, :none), :new)",
            {":none": [], ":new": [letter]},
            "attribute_exists(#persons.#person)",
            _names(person),
            audit=audit,
        )

    def mark_sent(
        self, report_id: str, person: int, index: int, letter_id: str, changes: dict, audit: dict
    ) -> bool:
        """The letter at `index` is marked sent, if it is still `letter_id` and not marked already."""
        at = f"#persons.#person.#letters[{int(index)}]"
        return update_report(
            self._dynamodb,
            self._table,
            report_id,
            f"SET {at}.sentAt = :sentAt, {at}.sentBy = :sentBy",
            {":sentAt": changes["sentAt"], ":sentBy": changes["sentBy"], ":id": letter_id},
            f"{at}.id = :id AND attribute_not_exists({at}.sentAt)",
            _names(person),
            audit=audit,
        )
