"""A reporter signs in: start at the provider, come back with a code, leave with a short session.

The browser holds two cookies, both HttpOnly: during sign-in the state (SameSite=Lax, so that it comes back
with the provider's redirect), and then the session token (SameSite=Strict, sent only by Oro's own pages). The
state must match the cookie and name an attempt still waiting (taken once); the ID token must carry that
attempt's nonce. So a callback forged, replayed or carried into another browser signs nobody in.
"""

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from functions.domain.languages import default_language
from functions.domain.municipality import Municipality
from functions.domain.reporter_identity import (
    IdentityRefused,
    VerifiedIdentity,
    identity_from_claims,
    pkce_challenge,
)
from functions.reporter.oidc import OidcProvider, SignInFailed
from functions.stores.person_keys import PersonKeys
from functions.stores.reporter_sessions import ReporterSession, ReporterSessions, SignInAttempt

CALLBACK_PATH = "/api/reporter/callback"
SIGN_IN_MINUTES = 10  # from leaving for the provider to coming back
# Where a reporter may be sent back to after signing in: Oro's own pages only (no open redirect).
RETURN_PAGES = {"formular": "/", "mina": "/mina-anmalningar/"}


class UnknownProvider(Exception):
    """No such provider here, or reporters do not sign in here."""


@dataclass(frozen=True)
class SignInStarted:
    location: str
    state: str


@dataclass(frozen=True)
class SignedIn:
    token: str
    session: ReporterSession
    return_path: str


def start_sign_in(
    municipality: Municipality,
    provider_id: str,
    return_page: str,
    *,
    provider: Callable[[str], OidcProvider],
    sessions: ReporterSessions,
    site_origin: str,
    now: datetime,
    language: str,
) -> SignInStarted:
    if not municipality.reporters_sign_in or provider_id not in municipality.reporter_identity_providers:
        raise UnknownProvider(provider_id)
    settings = municipality.reporter_identity_providers[provider_id]
    state, nonce, verifier = secrets.token_urlsafe(32), secrets.token_urlsafe(32), secrets.token_urlsafe(48)
    location = provider(provider_id).authorization_url(
        redirect_uri=site_origin + CALLBACK_PATH,
        scopes=settings.scopes,
        state=state,
        nonce=nonce,
        code_challenge=pkce_challenge(verifier),
        language=language,
    )
    sessions.begin_sign_in(
        state,
        SignInAttempt(
            provider=provider_id,
            nonce=nonce,
            code_verifier=verifier,
            return_to=RETURN_PAGES.get(return_page, RETURN_PAGES["mina"])
            + ("" if language == default_language() else f"?lang={language}"),
            expires_at=now + timedelta(minutes=SIGN_IN_MINUTES),
        ),
    )
    return SignInStarted(location=location, state=state)


def finish_sign_in(
    municipality: Municipality,
    *,
    state: str | None,
    state_cookie: str | None,
    code: str | None,
    provider_error: str | None,
    provider: Callable[[str], OidcProvider],
    sessions: ReporterSessions,
    keys: PersonKeys,
    site_origin: str,
    now: datetime,
) -> SignedIn:
    """The provider sent the reporter back: check and take the attempt, exchange the code, verify the token,
    open a session. SignInFailed (with a reason for the log) or IdentityRefused otherwise; nothing is opened."""
    if provider_error:
        raise SignInFailed("provider_refused" if provider_error == "access_denied" else "provider_error")
    if not state or not code:
        raise SignInFailed("callback_incomplete")
    if not state_cookie or not secrets.compare_digest(state, state_cookie):
        raise SignInFailed("state_not_this_browsers")
    attempt = sessions.take_sign_in(state, now)
    if attempt is None:
        raise SignInFailed("state_unknown_used_or_expired")
    if attempt.provider not in municipality.reporter_identity_providers:
        raise SignInFailed("provider_removed")
    client = provider(attempt.provider)
    id_token = client.exchange(
        code=code, redirect_uri=site_origin + CALLBACK_PATH, code_verifier=attempt.code_verifier
    )
    claims = client.verify(id_token, nonce=attempt.nonce, now=now)
    identity = identity_from_claims(
        attempt.provider, municipality.reporter_identity_providers[attempt.provider], claims, now
    )
    token = secrets.token_urlsafe(32)
    session = ReporterSession(
        identity=identity,
        lookup_key=keys.of(identity.lookup_source),
        expires_at=now + timedelta(minutes=municipality.reporter_session_minutes),
    )
    sessions.open_session(token, session)
    return SignedIn(token=token, session=session, return_path=attempt.return_to)


def who_is_signed_in(identity: VerifiedIdentity, municipality: Municipality) -> dict:
    """What the reporter's own pages show of them: their name and role, and how they signed in; never the
    personnummer back (the page has no need of it)."""
    provider = municipality.reporter_identity_providers.get(identity.provider)
    return {
        "name": identity.name,
        "kind": identity.kind,
        "provider": identity.provider,
        "providerLabel": provider.label if provider else identity.provider,
        **({"organisation": identity.organisation} if identity.organisation else {}),
        **({"title": identity.title} if identity.title else {}),
        **({"email": identity.email} if identity.email else {}),
    }


__all__ = ["IdentityRefused", "SignInFailed"]
