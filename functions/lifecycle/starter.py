"""Starts a report's lifecycle exactly once: the execution is named after the report id.

Step Functions refuses a second execution with the same name, and answers a repeated start of a running
execution with the same input by returning it, so starting twice is harmless and needs no bookkeeping.
"""

from dataclasses import dataclass
from datetime import datetime

from botocore.exceptions import BotoCoreError, ClientError

from functions.stores.reports import lifecycle_input


@dataclass(frozen=True)
class StartOutcome:
    started: bool
    already_running: bool = False
    error: str | None = None


class LifecycleStarter:
    def __init__(self, state_machine_arn: str, stepfunctions_client) -> None:
        self._state_machine_arn = state_machine_arn
        self._stepfunctions = stepfunctions_client

    def start(self, report_id: str, reference_number: str, received_at: datetime) -> StartOutcome:
        try:
            self._stepfunctions.start_execution(
                stateMachineArn=self._state_machine_arn,
                name=report_id,
                input=lifecycle_input(report_id, reference_number, received_at),
            )
            return StartOutcome(started=True)
        except ClientError as error:
            code = error.response["Error"]["Code"]
            if code == "ExecutionAlreadyExists":
                return StartOutcome(started=True, already_running=True)
            return StartOutcome(started=False, error=code)
        except BotoCoreError as error:
            return StartOutcome(started=False, error=type(error).__name__)
