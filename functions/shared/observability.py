"""One Logger, Tracer and Metrics for every function; service name and level come from the environment.

Never log a report's content: log ids, reference numbers and outcomes only.
"""

from aws_lambda_powertools import Logger, Metrics, Tracer

logger = Logger()
tracer = Tracer()
metrics = Metrics(namespace="Oro")
