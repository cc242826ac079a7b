"""boto3 clients, built lazily (not at import) and once per process."""

from functools import cache

import boto3
from botocore.config import Config

_CONFIG = Config(retries={"mode": "standard", "max_attempts": 3}, connect_timeout=2, read_timeout=5)


@cache
def client(service: str):
    return boto3.client(service, config=_CONFIG)
