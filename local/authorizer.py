"""What API Gateway's Cognito authorizer does, for the local adapter: verify the ID token's signature
against the pool's JWKS (moto's), its issuer, audience and expiry, and hand the handler the same claims."""

import jwt


class CognitoAuthorizer:
    def __init__(self, jwks_url: str, issuer: str, client_id: str) -> None:
        self._jwks = jwt.PyJWKClient(jwks_url, cache_keys=True)
        self._issuer = issuer
        self._client_id = client_id

    def claims(self, headers: dict[str, str]) -> dict[str, str] | None:
        """The token's claims as API Gateway passes them (strings; groups comma-separated), or None."""
        authorization = next((value for key, value in headers.items() if key.lower() == "authorization"), "")
        token = authorization.removeprefix("Bearer ").strip()
        if not token:
            return None
        try:
            key = self._jwks.get_signing_key_from_jwt(token)
            claims = jwt.decode(
                token,
                key.key,
                algorithms=["RS256"],
                audience=self._client_id,
                issuer=self._issuer,
                options={"require": ["exp", "iss", "aud", "token_use"]},
            )
        except jwt.PyJWTError:
            return None
        if claims.get("token_use") != "id":
            return None
        return {
            key: ",".join(value) if isinstance(value, list) else str(value) for key, value in claims.items()
        }
