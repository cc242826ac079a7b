"""`make run`'s OpenID Connect providers for reporters: one real provider (the oidc-provider-mock package, a Flask
app on authlib) per provider the municipality's file names, each on its own port, with test identities. A
citizen e-legitimation broker gives a personnummer; the staff provider gives name, e-mail, organisation and
title. The reporter function signs in against them exactly as against the municipality's broker in AWS: only the
issuer and the client id differ (names.ENV_REPORTER_PROVIDERS).

A stand-in, clearly: anyone may sign in as any test identity (its login form lists them), and it does not check
PKCE's verifier (Oro sends it, and the provider in AWS checks it)."""

import threading
from dataclasses import dataclass

import werkzeug.serving
from oidc_provider_mock import User, app

from functions.domain.municipality import Municipality

# Test identities. The personnummer are valid (Luhn) but made up for the demo.
CITIZENS = (
    User(
        sub="anna.andersson",
        claims={"name": "Anna Andersson", "https://id.oidc.se/claim/personalIdentityNumber": "198001012387"},
    ),
    User(
        sub="erik.ek",
        claims={"name": "Erik Ek", "https://id.oidc.se/claim/personalIdentityNumber": "197512249124"},
    ),
)


def staff_identities(municipality: Municipality) -> tuple[User, ...]:
    domain = municipality.sender_email.split("@", 1)[1]
    return (
        User(
            sub="lena.lind",
            claims={
                "name": "Lena Lind",
                "email": f"lena.lind@{domain}",
                "https://id.oidc.se/claim/orgName": f"Solängsskolan, {municipality.name}",
                "title": "Lärare",
            },
        ),
        User(
            sub="karim.nasser",
            claims={
                "name": "Karim Nasser",
                "email": f"karim.nasser@{domain}",
                "https://id.oidc.se/claim/orgName": f"Elevhälsan, {municipality.name}",
                "title": "Skolkurator",
            },
        ),
    )


@dataclass
class LocalProvider:
    provider_id: str
    label: str
    port: int
    identities: tuple[User, ...]
    server: werkzeug.serving.BaseWSGIServer
    thread: threading.Thread

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def client_id(self) -> str:
        return f"oro-local-{self.provider_id}"


def start_providers(municipality: Municipality, ports: dict[str, int]) -> list[LocalProvider]:
    """One provider per configured provider id, on `ports[provider_id]`."""
    started = []
    for provider_id, settings in municipality.reporter_identity_providers.items():
        identities = CITIZENS if settings.kind == "citizen" else staff_identities(municipality)
        application = app(require_nonce=True, issue_refresh_token=False, user_claims=identities)
        server = werkzeug.serving.make_server("127.0.0.1", ports[provider_id], application, threaded=True)
        thread = threading.Thread(target=server.serve_forever, name=f"oro-oidc-{provider_id}", daemon=True)
        thread.start()
        started.append(
            LocalProvider(provider_id, settings.label, server.server_port, identities, server, thread)
        )
    return started


def stop_providers(providers: list[LocalProvider]) -> None:
    for provider in providers:
        provider.server.shutdown()
        provider.server.server_close()
