"""Every hour: reminds whoever follows up measures after an investigation when a follow-up is near or past
due (functions/domain/follow_up.py). Scheduled checks, not a state machine: follow-ups run for years, and an
execution lives at most one. Thin: the work is in check.py."""

from functools import lru_cache

from functions.follow_up.check import FollowUpWork, remind_due
from functions.shared.aws import client
from functions.shared.clock import utc_now
from functions.shared.messaging import Messenger
from functions.shared.observability import logger, metrics, tracer
from functions.shared.settings import FollowUpSettings, settings_of
from functions.stores.audit import AuditStore
from functions.stores.follow_ups import FollowUpStore
from functions.stores.reports import ReportsStore


@lru_cache(maxsize=1)
def work() -> FollowUpWork:
    settings = settings_of(FollowUpSettings)
    municipality = settings.municipality
    dynamodb = client("dynamodb")
    audit = AuditStore(settings.audit_table_name, dynamodb)
    return FollowUpWork(
        municipality=municipality,
        reports=ReportsStore(settings.reports_table_name, dynamodb),
        follow_ups=FollowUpStore(
            settings.reports_table_name, dynamodb, municipality.follow_up, municipality.office_hours
        ),
        messenger=Messenger(municipality, client("sns"), client("sesv2"), audit, utc_now),
        now=utc_now,
    )


@logger.inject_lambda_context(log_event=False)
@tracer.capture_lambda_handler(capture_response=False, capture_error=False)
@metrics.log_metrics
def handler(event: dict, context) -> dict:
    counts = remind_due(work())
    logger.info("follow-up check", extra=counts)
    return counts
