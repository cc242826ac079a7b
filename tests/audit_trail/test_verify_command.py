"""`python -m functions.audit_trail.verify` (and `make audit-verify`, its --local form): the same check on
demand, printing each finding and exiting 1 when there is one."""

from datetime import UTC, datetime, timedelta

from functions.audit_trail.seal import seal_days
from functions.audit_trail.verify import main
from functions.shared import names
from functions.stores.audit import AuditEntry


def test_the_command_says_the_days_are_intact_then_finds_a_rewritten_entry(trail, monkeypatch, capsys):
    monkeypatch.setenv(names.ENV_AUDIT_TABLE, trail.table)
    monkeypatch.setenv(names.ENV_AUDIT_ARCHIVE_BUCKET, trail.bucket)
    now = datetime.now(UTC)
    yesterday = (now - timedelta(days=1)).replace(hour=12)
    trail.audit.append(
        AuditEntry(at=yesterday, staff_id="demo-granskare", roles=["granskare"], action="export_audit")
    )
    seal_days(trail.audit, trail.archive, now.date())

    assert main(["--days", "3"]) == 0
    assert "intact" in capsys.readouterr().out

    [item] = trail.audit.items_of_day(yesterday.date())
    trail.dynamodb.put_item(TableName=trail.table, Item={**item, "action": {"S": "read_report"}})
    assert main(["--days", "3"]) == 1
    assert f"{yesterday.date().isoformat()}: entries_changed" in capsys.readouterr().out


def test_the_local_form_checks_the_running_local_stack(local_stack, capsys):
    local_stack.invoke("audit_seal")
    assert main(["--local", "--municipality", local_stack.municipality_id, "--days", "1"]) == 0
    assert "The last 1 day(s) are intact." in capsys.readouterr().out
