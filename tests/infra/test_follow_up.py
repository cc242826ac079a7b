"""The follow-up of measures (infra/constructs/follow_up.py): an hourly schedule, not a state machine, and a
function that reads only its own index."""

import pytest

from functions.shared import names
from tests.infra.template_helpers import joined, oro_functions, resources_for, statements_of_role
from tests.infra.test_functions import MUNICIPALITIES

pytestmark = pytest.mark.infra


@pytest.mark.parametrize("municipality", MUNICIPALITIES)
def test_the_follow_up_check_runs_every_hour_and_reads_only_its_index(request, municipality):
    synthesized = request.getfixturevalue(municipality)
    [schedule] = [
        r["Properties"]
        for r in synthesized.of_type("AWS::Scheduler::Schedule").values()
        if r["Properties"]["Name"] == names.follow_up_schedule_name(synthesized.municipality.id)
    ]
    assert schedule["ScheduleExpression"] == "rate(1 hour)"
    check = oro_functions(synthesized)["follow-up"]
    assert check.logical_id in joined(schedule["Target"]["Arn"])
    statements = statements_of_role(synthesized.resources, check.role)
    queried = [joined(r) for r in resources_for(statements, "dynamodb:Query")]
    assert queried and all(r.endswith(f"/index/{names.FOLLOW_UP_CHECK_INDEX}") for r in queried)
    alarms = {r["Properties"]["AlarmName"] for r in synthesized.of_type("AWS::CloudWatch::Alarm").values()}
    prefix = f"oro-{synthesized.municipality.id}"
    assert {
        f"{prefix}-FollowUpCheckErrors",
        f"{prefix}-FollowUpRemindersNotSent",
        f"{prefix}-FollowUpReportFailures",
    } <= alarms
    assert f"{prefix}-HandoffAlertsNotSent" in alarms
