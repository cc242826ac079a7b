"""The lookup key of a personnummer: HMAC-SHA256 under the municipality's own secret key (Secrets Manager).

A bare hash of a personnummer is no protection: a birth date has only about a thousand valid numbers, so
whoever holds a key listing (a table export, a backup, a request log) finds the number behind each key in
milliseconds. Under a secret key that needs the key too, which only intake and the staff API can read.
Changing the key orphans every stored lookup entry: they must be re-keyed (docs/architecture.md).
"""

import hashlib
import hmac
from collections.abc import Callable
from functools import cached_property

MINIMUM_SECRET_BYTES = 32  # SHA-256's output: a shorter key would be the weaker part


class NoPersonKeySecret(Exception):
    """Search by personnummer is on, but the function was given no secret to make lookup keys with."""


class PersonKeys:
    """Makes lookup keys under the secret `read_secret` returns: read at the first key made (the cold start of a
    function that makes keys), never again, and not at all by a function that makes none."""

    def __init__(self, read_secret: Callable[[], str | bytes]) -> None:
        self._read_secret = read_secret

    @cached_property
    def _key(self) -> bytes:
        secret = self._read_secret()
        key = secret.encode() if isinstance(secret, str) else secret
        if len(key) < MINIMUM_SECRET_BYTES:
            raise ValueError("the person lookup secret is too short")
        return key

    def of(self, identity_number: str) -> str:
        """The key of a normalised personnummer or samordningsnummer (YYYYMMDD-NNNN)."""
        return hmac.new(self._key, identity_number.encode(), hashlib.sha256).hexdigest()
