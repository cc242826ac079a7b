"""The stores and clients a handler passes to its logic: built on first use, once per process, from the
function's settings. Handlers import what they need; nothing is built at import time."""

from functools import lru_cache

from functions.lifecycle.starter import LifecycleStarter
from functions.shared.aws import client
from functions.shared.settings import IntakeSettings, ReportsSettings
from functions.stores.reports import ReportsStore


@lru_cache(maxsize=2)
def reports_store(settings: ReportsSettings) -> ReportsStore:
    return ReportsStore(settings.reports_table_name, client("dynamodb"))


@lru_cache(maxsize=2)
def lifecycle_store(settings: ReportsSettings):
    # Imported here so the intake's cold start does not load the lifecycle's calendar and holidays.
    from functions.stores.lifecycle import LifecycleStore

    return LifecycleStore(settings.reports_table_name, client("dynamodb"))


@lru_cache(maxsize=2)
def lifecycle_starter(settings: IntakeSettings) -> LifecycleStarter:
    return LifecycleStarter(settings.lifecycle_state_machine_arn, client("stepfunctions"))
