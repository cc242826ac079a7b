"""Staff events as a Lambda function, invoked directly until the dashboard issue puts the staff API in
front of it. Answers {"ok": true, "event": ...} or {"ok": false, "status": 4xx, "message": Swedish}."""

from pydantic import TypeAdapter, ValidationError

from functions.domain.errors import describe_validation_error
from functions.shared.aws import client
from functions.shared.clock import utc_now
from functions.shared.collaborators import lifecycle_store
from functions.shared.observability import logger, tracer
from functions.shared.settings import municipality
from functions.staff.logic import StaffAction, StaffActionRefused, perform
from functions.stores.lifecycle import AlreadyRecorded, ReportNotFound

_actions = TypeAdapter(StaffAction)


@logger.inject_lambda_context(log_event=False)
@tracer.capture_lambda_handler
def handler(event: dict, context) -> dict:
    try:
        action = _actions.validate_python(event)
        performed = perform(
            action,
            store=lifecycle_store(),
            stepfunctions=client("stepfunctions"),
            municipality=municipality(),
            now=utc_now(),
        )
    except ValidationError as error:
        # The action's name leads every location (the union's tag): the form field follows it.
        tag = f"{event.get('action')}." if isinstance(event, dict) else ""
        problems = [
            {"field": problem.field.removeprefix(tag), "message": problem.message}
            for problem in describe_validation_error(error)
        ]
        return {"ok": False, "status": 422, "message": "Uppgifterna är inte giltiga.", "errors": problems}
    except ReportNotFound:
        return {"ok": False, "status": 404, "message": "Anmälan finns inte."}
    except AlreadyRecorded:
        return {"ok": False, "status": 409, "message": "Det här är redan registrerat för anmälan."}
    except StaffActionRefused as refused:
        return {"ok": False, "status": 409, "message": str(refused)}
    logger.info(
        "staff event", extra={"report_id": action.report_id, "event": performed, "staff_id": action.staff_id}
    )
    return {"ok": True, "event": performed}
