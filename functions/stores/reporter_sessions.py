"""Reporter sign-in attempts and sessions: their own table (names.reporter_sessions_table_name), apart from the
reports, so that intake may read a session and nothing else of it, and everything in it expires by itself.

Items (pk):
- SIGNIN#<sha256 of state>: one sign-in in flight: provider, nonce, PKCE verifier, where to return. Taken once
  (a conditional delete), so a callback replayed with the same state finds nothing.
- SESSION#<sha256 of token>: a signed-in reporter: the verified identity and their lookup key. The browser
  holds the token (an HttpOnly cookie); the table holds only its hash, so a table read yields no session.

Both carry `expiresAt` (epoch seconds): DynamoDB's TTL deletes them within days, and every read checks it.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime

from botocore.exceptions import ClientError

from functions.domain.reporter_identity import VerifiedIdentity
from functions.shared import names
from functions.stores.reports import item_of, plain


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class SignInAttempt:
    provider: str
    nonce: str
    code_verifier: str
    return_to: str
    expires_at: datetime


@dataclass(frozen=True)
class ReporterSession:
    identity: VerifiedIdentity
    lookup_key: str
    expires_at: datetime


class ReporterSessions:
    def __init__(self, table_name: str, dynamodb_client) -> None:
        self._table = table_name
        self._dynamodb = dynamodb_client

    def begin_sign_in(self, state: str, attempt: SignInAttempt) -> None:
        self._dynamodb.put_item(
            TableName=self._table,
            Item=item_of(
                {
                    "pk": f"SIGNIN#{_hash(state)}",
                    "provider": attempt.provider,
                    "nonce": attempt.nonce,
                    "codeVerifier": attempt.code_verifier,
                    "returnTo": attempt.return_to,
                    names.REPORTER_SESSION_EXPIRY_ATTRIBUTE: int(attempt.expires_at.timestamp()),
                }
            ),
            ConditionExpression="attribute_not_exists(pk)",
        )

    def take_sign_in(self, state: str, now: datetime) -> SignInAttempt | None:
        """The attempt `state` names, removed so that it is used once; None if unknown, used or expired."""
        try:
            old = self._dynamodb.delete_item(
                TableName=self._table,
                Key=item_of({"pk": f"SIGNIN#{_hash(state)}"}),
                ConditionExpression="attribute_exists(pk)",
                ReturnValues="ALL_OLD",
            ).get("Attributes")
        except ClientError as error:
            if error.response["Error"]["Code"] == "ConditionalCheckFailedException":
                return None
            raise
        item = plain(old or {})
        expires_at = datetime.fromtimestamp(
            int(item.get(names.REPORTER_SESSION_EXPIRY_ATTRIBUTE, 0)), now.tzinfo
        )
        if not item or expires_at <= now:
            return None
        return SignInAttempt(
            provider=item["provider"],
            nonce=item["nonce"],
            code_verifier=item["codeVerifier"],
            return_to=item["returnTo"],
            expires_at=expires_at,
        )

    def open_session(self, token: str, session: ReporterSession) -> None:
        self._dynamodb.put_item(
            TableName=self._table,
            Item=item_of(
                {
                    "pk": f"SESSION#{_hash(token)}",
                    "identity": session.identity.model_dump(mode="json", by_alias=True, exclude_none=True),
                    "lookupKey": session.lookup_key,
                    names.REPORTER_SESSION_EXPIRY_ATTRIBUTE: int(session.expires_at.timestamp()),
                }
            ),
            ConditionExpression="attribute_not_exists(pk)",
        )

    def session(self, token: str, now: datetime) -> ReporterSession | None:
        """The live session `token` opens, or None (unknown, signed out or expired)."""
        found = self._dynamodb.get_item(
            TableName=self._table, Key=item_of({"pk": f"SESSION#{_hash(token)}"}), ConsistentRead=True
        ).get("Item")
        if not found:
            return None
        item = plain(found)
        expires_at = datetime.fromtimestamp(int(item[names.REPORTER_SESSION_EXPIRY_ATTRIBUTE]), now.tzinfo)
        if expires_at <= now:
            return None
        return ReporterSession(
            identity=VerifiedIdentity.model_validate(item["identity"]),
            lookup_key=item["lookupKey"],
            expires_at=expires_at,
        )

    def end_session(self, token: str) -> None:
        self._dynamodb.delete_item(TableName=self._table, Key=item_of({"pk": f"SESSION#{_hash(token)}"}))
