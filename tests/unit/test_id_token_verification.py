"""The ID token's verification (functions/reporter/oidc.py) against a real OpenID Connect provider (the package
make run uses), with genuine tokens and tokens forged, expired, for another client, with another nonce."""

import hashlib
import hmac
import json
import urllib.parse
from datetime import UTC, datetime, timedelta

import jwt
import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from oidc_provider_mock import run_server_in_thread

from functions.domain.municipality import ReporterIdentityProvider
from functions.domain.reporter_identity import IdentityRefused, identity_from_claims, pkce_challenge
from functions.reporter.oidc import OidcProvider, SignInFailed

CLIENT = "oro-test"
REDIRECT = "http://127.0.0.1:9/api/reporter/callback"


@pytest.fixture(scope="module")
def issuer():
    with run_server_in_thread(require_nonce=True) as server:
        yield f"http://localhost:{server.server_port}"


def _genuine_token(
    issuer: str, *, client_id: str = CLIENT, nonce: str = "the-nonce", sub: str = "anna"
) -> str:
    provider = OidcProvider(issuer, client_id, lambda: "any-secret")
    location = provider.authorization_url(
        redirect_uri=REDIRECT, scopes=["openid"], state="s", nonce=nonce, code_challenge="c", language="sv"
    )
    authorized = requests.post(location, data={"sub": sub}, allow_redirects=False, timeout=10)
    code = urllib.parse.parse_qs(urllib.parse.urlsplit(authorized.headers["Location"]).query)["code"][0]
    return provider.exchange(code=code, redirect_uri=REDIRECT, code_verifier="v")


def _now() -> datetime:
    return datetime.now(UTC)


def test_a_genuine_token_for_this_client_and_sign_in_is_accepted(issuer):
    claims = OidcProvider(issuer, CLIENT).verify(_genuine_token(issuer), nonce="the-nonce", now=_now())
    assert claims["sub"] == "anna"
    assert CLIENT in (claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]])


def test_a_token_for_another_client_is_refused(issuer):
    token = _genuine_token(issuer, client_id="someone-else")
    with pytest.raises(SignInFailed, match="InvalidAudience"):
        OidcProvider(issuer, CLIENT).verify(token, nonce="the-nonce", now=_now())


def test_a_token_of_another_sign_in_is_refused_by_its_nonce(issuer):
    token = _genuine_token(issuer, nonce="an-earlier-sign-in")
    with pytest.raises(SignInFailed, match="nonce_mismatch"):
        OidcProvider(issuer, CLIENT).verify(token, nonce="the-nonce", now=_now())


def test_an_expired_token_is_refused(issuer):
    token = _genuine_token(issuer)
    with pytest.raises(SignInFailed, match="expired"):
        OidcProvider(issuer, CLIENT).verify(token, nonce="the-nonce", now=_now() + timedelta(days=2))


def _claims_of(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


def test_a_token_signed_by_anyone_else_is_refused(issuer):
    claims = _claims_of(_genuine_token(issuer))
    own_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = jwt.encode({**claims, "sub": "someone-else"}, own_key, algorithm="RS256")
    with pytest.raises(SignInFailed, match="InvalidSignature"):
        OidcProvider(issuer, CLIENT).verify(forged, nonce="the-nonce", now=_now())


def test_a_token_that_names_its_own_key_is_refused(issuer):
    """Keys come from the provider's JWKS only: a header that embeds a key (jwk) or points to one (jku, x5u)
    changes nothing, and a key id the provider does not publish is refused."""
    genuine = _genuine_token(issuer)
    claims, real_kid = _claims_of(genuine), jwt.get_unverified_header(genuine).get("kid")
    own_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    own_jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(own_key.public_key()))
    forged = jwt.encode(
        {**claims, "sub": "someone-else"},
        own_key,
        algorithm="RS256",
        headers={
            **({"kid": real_kid} if real_kid else {}),
            "jwk": own_jwk,
            "jku": "http://127.0.0.1:9/jwks",
            "x5u": "http://127.0.0.1:9/x",
        },
    )
    with pytest.raises(SignInFailed, match="InvalidSignature"):
        OidcProvider(issuer, CLIENT).verify(forged, nonce="the-nonce", now=_now())
    unknown_kid = jwt.encode(claims, own_key, algorithm="RS256", headers={"kid": "../../etc/passwd"})
    with pytest.raises(SignInFailed, match="unknown_signing_key"):
        OidcProvider(issuer, CLIENT).verify(unknown_kid, nonce="the-nonce", now=_now())


def test_unsigned_and_symmetric_tokens_are_refused(issuer):
    provider = OidcProvider(issuer, CLIENT)
    claims = _claims_of(_genuine_token(issuer))
    unsigned = jwt.encode(claims, key=None, algorithm="none")
    with pytest.raises(SignInFailed):
        provider.verify(unsigned, nonce="the-nonce", now=_now())
    # The provider's public key used as an HMAC secret (the "algorithm confusion" attack).
    public_pem = provider._signing_key(_genuine_token(issuer)).key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    header = jwt.utils.base64url_encode(b'{"alg":"HS256","typ":"JWT"}')
    payload = jwt.utils.base64url_encode(jwt.api_jws.json.dumps(claims).encode())
    signature = jwt.utils.base64url_encode(
        hmac.new(public_pem, header + b"." + payload, hashlib.sha256).digest()
    )
    confused = (header + b"." + payload + b"." + signature).decode()
    with pytest.raises(SignInFailed, match="InvalidAlgorithm"):
        provider.verify(confused, nonce="the-nonce", now=_now())


def test_a_token_from_another_issuer_is_refused(issuer):
    with run_server_in_thread(require_nonce=True) as other:
        elsewhere = f"http://localhost:{other.server_port}"
        token = _genuine_token(elsewhere)
    with pytest.raises(SignInFailed):
        OidcProvider(issuer, CLIENT).verify(token, nonce="the-nonce", now=_now())


def test_a_provider_that_does_not_answer_fails_the_sign_in_clearly():
    with pytest.raises(SignInFailed, match="provider_unreachable"):
        OidcProvider("http://127.0.0.1:9", CLIENT).metadata  # noqa: B018


def test_only_http_urls_are_fetched():
    with pytest.raises(SignInFailed, match="provider_url_not_http"):
        OidcProvider("file:///etc", CLIENT).metadata  # noqa: B018


CITIZEN = ReporterIdentityProvider(
    kind="citizen", label="E-legitimation", issuer="https://broker.example.se", client_id="oro"
)
STAFF = ReporterIdentityProvider(
    kind="staff",
    label="Kommunens inloggning",
    issuer="https://login.example.se",
    client_id="oro",
    claims={"name": "name", "email": "email", "organisation": "org", "title": "title"},
)
PERSONNUMMER_CLAIM = "https://id.oidc.se/claim/personalIdentityNumber"


def test_a_citizens_identity_is_their_verified_personnummer():
    identity = identity_from_claims(
        "e_legitimation",
        CITIZEN,
        {"sub": "x1", "name": "Anna Andersson", PERSONNUMMER_CLAIM: "198001012387"},
        _now(),
    )
    assert identity.personnummer == "19800101-2387"
    assert identity.lookup_source == "personnummer:19800101-2387"
    # The same person through another broker (another sub) is found by the same key.
    again = identity_from_claims(
        "e_legitimation",
        CITIZEN,
        {"sub": "x2", "name": "Anna Andersson", PERSONNUMMER_CLAIM: "8001012387"},
        _now(),
    )
    assert again.lookup_source == identity.lookup_source


@pytest.mark.parametrize(
    "claims",
    [
        {"sub": "x", "name": "Anna", PERSONNUMMER_CLAIM: "198001012388"},  # wrong check digit
        {"sub": "x", "name": "Anna"},
        {"sub": "x", PERSONNUMMER_CLAIM: "198001012387"},
        {"name": "Anna", PERSONNUMMER_CLAIM: "198001012387"},
        {"sub": "x", "name": "A" * 500, PERSONNUMMER_CLAIM: "198001012387"},
    ],
)
def test_a_citizen_provider_answer_without_a_valid_name_and_personnummer_is_refused(claims):
    with pytest.raises(IdentityRefused):
        identity_from_claims("e_legitimation", CITIZEN, claims, _now())


def test_a_professionals_identity_is_their_employers_subject_with_role_and_organisation():
    identity = identity_from_claims(
        "kommunens_inloggning",
        STAFF,
        {"sub": "lena", "name": "Lena Lind", "email": "lena@x.se", "org": "Solängsskolan", "title": "Lärare"},
        _now(),
    )
    assert (identity.organisation, identity.title, identity.email) == ("Solängsskolan", "Lärare", "lena@x.se")
    assert identity.personnummer is None
    assert identity.lookup_source == "kommunens_inloggning:lena"


def test_the_pkce_challenge_is_rfc_7636s_s256():
    # RFC 7636, appendix B.
    assert (
        pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
        == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    )
