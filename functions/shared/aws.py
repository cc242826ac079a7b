"""boto3 clients, built lazily (not at import) and once per process."""

from functools import cache

import boto3
from botocore.config import Config

_CONFIG = Config(retries={"mode": "standard", "max_attempts": 3}, connect_timeout=2, read_timeout=5)
# S3's presigned POSTs and GETs go to browsers: virtual-hosted addressing makes botocore sign them for the
# bucket's regional host (<bucket>.s3.<region>.amazonaws.com), the origin the form's CSP allows, instead of
# the global s3.amazonaws.com, which redirects outside us-east-1.
_S3_CONFIG = _CONFIG.merge(Config(s3={"addressing_style": "virtual"}))


@cache
def client(service: str):
    return boto3.client(service, config=_S3_CONFIG if service == "s3" else _CONFIG)
