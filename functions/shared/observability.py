"""One Logger, Tracer and Metrics for every function; service name and level come from the environment.

Never log a report's content: log ids, reference numbers and outcomes only.

Powertools' Tracer imports the X-Ray SDK (about 100 ms of cold start) even when tracing is disabled, so
where tracing is off (locally, in tests, in benchmarks) a pass-through stands in for it. In AWS tracing is
on and the real Tracer is used.
"""

import os

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit, single_metric


class _TracingOff:
    """The part of Tracer's interface the functions use, doing nothing."""

    def capture_lambda_handler(self, handler=None, **_options):
        return handler if handler is not None else (lambda decorated: decorated)

    def capture_method(self, method=None, **_options):
        return method if method is not None else (lambda decorated: decorated)

    def put_annotation(self, key: str, value) -> None:
        pass


def _tracing_enabled() -> bool:
    return os.environ.get("POWERTOOLS_TRACE_DISABLED", "false").strip().lower() not in ("1", "true")


def _tracer():
    if not _tracing_enabled():
        return _TracingOff()
    from aws_lambda_powertools import Tracer

    return Tracer()


logger = Logger()
tracer = _tracer()
metrics = Metrics(namespace="Oro")


def count(name: str, value: int, dimensions: dict[str, str]) -> None:
    """A count in a metric of its own, with these dimensions (and the function's service unless they name
    one). Written at once, beside the handler's own metrics."""
    if os.environ.get("POWERTOOLS_METRICS_DISABLED", "false").strip().lower() in ("1", "true"):
        return
    with single_metric(name=name, unit=MetricUnit.Count, value=value, namespace=metrics.namespace) as metric:
        for dimension, dimension_value in dimensions.items():
            metric.add_dimension(name=dimension, value=dimension_value)
