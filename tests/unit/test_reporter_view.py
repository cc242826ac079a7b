"""What a reporter sees of their own report: the status in plain words never tells the outcome; återkoppling
does, once sent."""

from functions.domain.reporter_view import ReporterStatus, reporter_status, summary_of

ITEM = {"reportId": "r1", "referenceNumber": "2026-ABC-DEF", "receivedAt": "2026-11-30T08:00:00.000Z"}


def test_received_until_someone_assesses_then_assessing_until_every_person_is_decided():
    assert reporter_status({"1": {"kind": "barn"}}) is ReporterStatus.RECEIVED
    assert reporter_status({"1": {"protectionAssessment": {"at": "…"}}}) is ReporterStatus.ASSESSING
    two = {"1": {"decision": {"outcome": "investigation"}}, "2": {"decisionProposal": {"status": "proposed"}}}
    assert reporter_status(two) is ReporterStatus.ASSESSING
    two["2"]["decision"] = {"outcome": "no_investigation"}
    assert reporter_status(two) is ReporterStatus.CLOSED


def test_the_status_does_not_tell_the_outcome_but_sent_feedback_does():
    decided = {**ITEM, "persons": {"1": {"decision": {"outcome": "investigation"}}}}
    assert summary_of(decided).status_text == "Avslutad"
    assert summary_of(decided).outcomes is None
    told = {
        **decided,
        "reporterMessages": [
            {
                "kind": "aterkoppling",
                "sentAt": "2026-12-01T09:00:00.000Z",
                "outcomes": {"1": "utredning inleds"},
            }
        ],
    }
    summary = summary_of(told)
    assert summary.outcomes == {"1": "utredning inleds"}
    assert (summary.messages_from_us, summary.questions_to_answer) == (1, 0)
    assert "investigation" not in summary.model_dump_json()
