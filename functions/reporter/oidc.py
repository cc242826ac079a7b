"""OpenID Connect, authorization code flow with PKCE, as the relying party: the provider's metadata, the
authorization request, the code exchange and the ID token's verification (signature against the provider's
keys, issuer, audience, expiry, nonce), with PyJWT. The same code signs reporters in at the municipality's
broker in AWS and at the local provider under `make run`; only the issuer and client differ."""

import base64
import hmac
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from datetime import datetime
from functools import cached_property

import jwt

# Asymmetric only: a symmetric algorithm would let anyone who knows the client id (or, for HS*, the public key
# taken as a secret) sign tokens, and "none" signs nothing.
ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "ES256", "ES384"]
LEEWAY_SECONDS = 60  # clock skew between the provider and us
HTTP_TIMEOUT_SECONDS = 5
MAX_RESPONSE_BYTES = 256 * 1024


class SignInFailed(Exception):
    """The sign-in cannot complete. `reason` is for the log (no personal data); the reporter is told in Swedish."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _read_json(url: str, *, form: dict | None = None, headers: dict | None = None) -> dict:
    """GET `url`, or POST `form` to it; its JSON object. Only http(s): the URLs come from settings and from the
    provider's metadata, and no other scheme (file:, ftp:) is ever fetched."""
    if urllib.parse.urlsplit(url).scheme not in ("https", "http"):
        raise SignInFailed("provider_url_not_http")
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        url,
        data=urllib.parse.urlencode(form).encode() if form is not None else None,
        headers=headers or {},
        method="POST" if form is not None else "GET",
    )
    try:
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT_SECONDS) as response:  # noqa: S310 - checked
            body = response.read(MAX_RESPONSE_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise SignInFailed(f"provider_http_{error.code}") from error
    except (urllib.error.URLError, TimeoutError) as error:
        raise SignInFailed("provider_unreachable") from error
    if len(body) > MAX_RESPONSE_BYTES:
        raise SignInFailed("provider_answer_too_large")
    try:
        answer = json.loads(body)
    except ValueError as error:
        raise SignInFailed("provider_answer_not_json") from error
    if not isinstance(answer, dict):
        raise SignInFailed("provider_answer_not_object")
    return answer


class OidcProvider:
    """One provider, for one client. Its metadata and keys are fetched at first use and kept for the process."""

    def __init__(
        self, issuer: str, client_id: str, client_secret: Callable[[], str | None] = lambda: None
    ) -> None:
        self.issuer = issuer.rstrip("/")
        self.client_id = client_id
        self._client_secret = client_secret

    @cached_property
    def metadata(self) -> dict:
        found = _read_json(f"{self.issuer}/.well-known/openid-configuration")
        # OpenID Connect Discovery 4.3: the metadata must name the issuer it was asked for.
        if str(found.get("issuer", "")).rstrip("/") != self.issuer:
            raise SignInFailed("metadata_issuer_mismatch")
        for endpoint in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
            if not isinstance(found.get(endpoint), str):
                raise SignInFailed(f"metadata_without_{endpoint}")
        return found

    @cached_property
    def _keys(self) -> jwt.PyJWKClient:
        return jwt.PyJWKClient(self.metadata["jwks_uri"], cache_keys=True, timeout=HTTP_TIMEOUT_SECONDS)

    def authorization_url(
        self,
        *,
        redirect_uri: str,
        scopes: list[str],
        state: str,
        nonce: str,
        code_challenge: str,
        language: str,
    ) -> str:
        query = urllib.parse.urlencode(
            {
                "response_type": "code",
                "client_id": self.client_id,
                "redirect_uri": redirect_uri,
                "scope": " ".join(scopes),
                "state": state,
                "nonce": nonce,
                "code_challenge": code_challenge,
                "code_challenge_method": "S256",
                "ui_locales": language,
            }
        )
        endpoint = self.metadata["authorization_endpoint"]
        return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"

    def exchange(self, *, code: str, redirect_uri: str, code_verifier: str) -> str:
        """The ID token for an authorization code (RFC 6749 4.1.3, RFC 7636 4.5)."""
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "code_verifier": code_verifier,
        }
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"}
        secret = self._client_secret()
        if secret:  # client_secret_basic: the id and secret form-encoded, then Basic (RFC 6749 2.3.1)
            pair = f"{urllib.parse.quote(self.client_id, safe='')}:{urllib.parse.quote(secret, safe='')}"
            headers["Authorization"] = "Basic " + base64.b64encode(pair.encode()).decode()
        else:
            form["client_id"] = self.client_id
        answer = _read_json(self.metadata["token_endpoint"], form=form, headers=headers)
        id_token = answer.get("id_token")
        if not isinstance(id_token, str):
            raise SignInFailed("no_id_token")
        return id_token

    def _signing_key(self, id_token: str) -> jwt.PyJWK:
        """The key the token names (kid); without a kid, the provider's only signing key (OpenID Connect Core
        10.1 lets a provider with one key leave kid out)."""
        if jwt.get_unverified_header(id_token).get("kid"):
            return self._keys.get_signing_key_from_jwt(id_token)
        signing = self._keys.get_signing_keys()
        if len(signing) != 1:
            raise SignInFailed("no_kid_among_several_keys")
        return signing[0]

    def verify(self, id_token: str, *, nonce: str, now: datetime) -> dict:
        """The claims of an ID token this provider signed for this client, for this sign-in, still valid."""
        try:
            key = self._signing_key(id_token)
            claims = jwt.decode(
                id_token,
                key.key,
                algorithms=ALGORITHMS,
                audience=self.client_id,
                issuer=self.issuer,
                leeway=LEEWAY_SECONDS,
                options={"require": ["exp", "iat", "iss", "aud", "sub", "nonce"]},
            )
        except jwt.PyJWKClientError as error:
            raise SignInFailed("unknown_signing_key") from error
        except jwt.PyJWTError as error:
            raise SignInFailed(f"id_token_{type(error).__name__}") from error
        if not hmac.compare_digest(str(claims["nonce"]), nonce):
            raise SignInFailed("nonce_mismatch")
        # PyJWT checks exp against the machine's clock; ours may be a test's.
        if int(claims["exp"]) + LEEWAY_SECONDS < now.timestamp():
            raise SignInFailed("id_token_expired")
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if len(audiences) > 1 and claims.get("azp") != self.client_id:
            raise SignInFailed("id_token_azp_mismatch")  # OpenID Connect Core 3.1.3.7, items 4 and 5
        return claims
