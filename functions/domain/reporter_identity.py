"""A reporter's verified identity: what an OpenID Connect provider vouched for, in the municipality's terms.

Reporters are not staff. A citizen signs in with e-legitimation through the municipality's broker (the verified
fact is the personnummer); the municipality's own professionals sign in with its staff identity provider (name,
e-mail, organisation, title) to report in their role. The identity is recorded on each report it sends, and it
is what "Mina anmälningar" finds the reporter's own reports by (functions/reporter/).
"""

import base64
import hashlib
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

from functions.domain.municipality import ReporterIdentityProvider
from functions.domain.report import normalise_identity_number

CITIZEN = "citizen"
STAFF = "staff"
MAX_CLAIM_LENGTH = 200


class IdentityRefused(Exception):
    """The provider's answer does not identify a reporter as this municipality needs (a claim missing or
    malformed). The message is for the reporter, in Swedish."""


class VerifiedIdentity(BaseModel):
    """Who signed in, as verified by `provider` (an id of the municipality's reporter_identity_providers)."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, frozen=True)

    provider: str
    kind: Literal["citizen", "staff"]
    # The provider's subject: stable per person and provider; for a citizen the personnummer is the key instead.
    subject: str
    name: str
    personnummer: str | None = None
    email: str | None = None
    organisation: str | None = None
    title: str | None = None
    verified_at: datetime

    @property
    def lookup_source(self) -> str:
        """What this person's reports are found by: a citizen's personnummer (whichever e-legitimation and
        broker they use next time), a professional's subject at their employer's provider."""
        if self.kind == CITIZEN and self.personnummer:
            return f"personnummer:{self.personnummer}"
        return f"{self.provider}:{self.subject}"


def _claim(claims: dict, name: str | None) -> str | None:
    if not name:
        return None
    value = claims.get(name)
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    if len(text) > MAX_CLAIM_LENGTH:
        raise IdentityRefused("Inloggningen gav uppgifter som inte går att använda. Försök igen.")
    return text


def identity_from_claims(
    provider_id: str, provider: ReporterIdentityProvider, claims: dict, verified_at: datetime
) -> VerifiedIdentity:
    """The verified identity in a checked ID token's claims, or IdentityRefused."""
    subject = _claim(claims, "sub")
    name = _claim(claims, provider.claims.name)
    if not subject or not name:
        raise IdentityRefused("Inloggningen gav inte ditt namn. Försök igen, eller ring oss.")
    if provider.kind == CITIZEN:
        number = _claim(claims, provider.claims.personnummer)
        try:
            personnummer = normalise_identity_number(number or "")
        except ValueError as error:
            raise IdentityRefused(
                "E-legitimationen gav inget giltigt personnummer. Försök igen, eller ring oss."
            ) from error
        return VerifiedIdentity(
            provider=provider_id,
            kind=CITIZEN,
            subject=subject,
            name=name,
            personnummer=personnummer,
            verified_at=verified_at,
        )
    return VerifiedIdentity(
        provider=provider_id,
        kind=STAFF,
        subject=subject,
        name=name,
        email=_claim(claims, provider.claims.email),
        organisation=_claim(claims, provider.claims.organisation),
        title=_claim(claims, provider.claims.title),
        verified_at=verified_at,
    )


def pkce_challenge(verifier: str) -> str:
    """RFC 7636's S256 code challenge of a code verifier."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
