"""Reporters sign in with OpenID Connect at the local providers (make run's, the same code as at the broker in
AWS), send reports as themselves and read their own in Mina anmälningar; every way around it gets a 4xx and
changes nothing."""

from datetime import UTC, datetime, timedelta

import requests

from functions.shared import names
from functions.stores.audit import AuditStore
from functions.stores.reporter_sessions import ReporterSessions
from tests.integration.helpers import (
    NAMED_NEIGHBOUR,
    TEACHER,
    new_body,
    post_report,
    sign_in_reporter,
)
from tests.integration.test_staff_api import ENDPOINTS

CITIZEN, STAFF_IDP = "e_legitimation", "kommunens_inloggning"


def _post(browser: requests.Session, stack, body: dict) -> requests.Response:
    return browser.post(f"{stack.base_url}/api/reports", json=body, timeout=30)


def _reporter_audit(stack, report_id: str) -> list[dict]:
    store = AuditStore(names.audit_table_name(stack.municipality_id), stack.client("dynamodb"))
    return [
        entry.model_dump(mode="json") for entry in store.timeline(report_id) if entry.roles == ["anmalare"]
    ]


def test_a_citizen_signs_in_reports_as_themself_and_finds_the_report_among_their_own(local_stack, tokens):
    browser = sign_in_reporter(local_stack, CITIZEN, "anna.andersson")
    me = browser.get(f"{local_stack.base_url}/api/reporter/session", timeout=30).json()
    assert me["name"] == "Anna Andersson" and me["kind"] == "citizen"
    assert "personnummer" not in me  # the page needs no personnummer back

    sent = _post(browser, local_stack, new_body(reporter=NAMED_NEIGHBOUR))
    assert sent.status_code == 201, sent.text
    reference = sent.json()["referenceNumber"]

    stored = local_stack.find_report(reference)
    assert stored["reporterIdentity"]["provider"] == CITIZEN
    assert stored["reporterIdentity"]["personnummer"] == "19800101-2387"
    assert stored["reporterIdentity"]["name"] == "Anna Andersson"
    assert stored["reporterKey"]

    # Newest first; other tests in this session may have signed in as Anna too.
    listed = browser.get(f"{local_stack.base_url}/api/reporter/reports", timeout=30).json()["reports"]
    assert (listed[0]["referenceNumber"], listed[0]["status"], listed[0]["statusText"]) == (
        reference,
        "mottagen",
        "Mottagen",
    )
    assert all(
        local_stack.find_report(r["referenceNumber"])["reporterKey"] == stored["reporterKey"] for r in listed
    )
    report_id = listed[0]["reportId"]
    own = browser.get(f"{local_stack.base_url}/api/reporter/reports/{report_id}", timeout=30)
    assert own.status_code == 200
    assert own.json()["written"]["concern"]["description"] == new_body()["concern"]["description"]
    assert "submissionId" not in own.json()["written"]
    # Staff see who sent it, as verified.
    staff_view = requests.get(
        f"{local_stack.base_url}/api/staff/reports/{report_id}",
        headers={"Authorization": f"Bearer {tokens['mottagning']}"},
        timeout=30,
    ).json()
    assert staff_view["reporterIdentity"]["name"] == "Anna Andersson"

    actions = [entry["action"] for entry in _reporter_audit(local_stack, report_id)]
    assert actions == ["reporter_read_report"]


def test_a_professional_signs_in_with_the_municipalitys_provider_and_reports_in_their_role(local_stack):
    browser = sign_in_reporter(local_stack, STAFF_IDP, "lena.lind")
    me = browser.get(f"{local_stack.base_url}/api/reporter/session", timeout=30).json()
    assert (me["name"], me["title"], me["kind"]) == ("Lena Lind", "Lärare", "staff")
    assert me["organisation"].startswith("Solängsskolan")

    as_private = _post(browser, local_stack, new_body(reporter=NAMED_NEIGHBOUR))
    assert as_private.status_code == 422
    assert as_private.json()["errors"][0]["field"] == "reporter.type"

    sent = _post(browser, local_stack, new_body(reporter=TEACHER))
    assert sent.status_code == 201, sent.text
    stored = local_stack.find_report(sent.json()["referenceNumber"])
    assert stored["reporterIdentity"]["email"] == me["email"]
    assert stored["reporterIdentity"]["title"] == "Lärare"


def test_a_signed_in_report_cannot_be_anonymous(local_stack):
    browser = sign_in_reporter(local_stack, CITIZEN, "erik.ek")
    refused = _post(browser, local_stack, new_body())  # the example is an anonymous neighbour
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "reporter.anonymous"
    assert "inloggad" in refused.json()["errors"][0]["message"]
    assert browser.get(f"{local_stack.base_url}/api/reporter/reports", timeout=30).json() == {"reports": []}


def test_a_reporter_cannot_read_another_reporters_report_nor_an_unsigned_one(local_stack):
    anna = sign_in_reporter(local_stack, CITIZEN, "anna.andersson")
    annas = _post(anna, local_stack, new_body(reporter=NAMED_NEIGHBOUR)).json()["referenceNumber"]
    anonymous = post_report(local_stack, new_body()).json()["referenceNumber"]
    erik = sign_in_reporter(local_stack, CITIZEN, "erik.ek")
    for reference in (annas, anonymous):
        report_id = local_stack.find_report(reference)["reportId"]
        answer = erik.get(f"{local_stack.base_url}/api/reporter/reports/{report_id}", timeout=30)
        assert answer.status_code == 404
        assert answer.json()["message"] == "Vi hittar ingen sådan anmälan bland dina anmälningar."
        assert _reporter_audit(local_stack, report_id) == []
    assert annas not in [
        r["referenceNumber"]
        for r in erik.get(f"{local_stack.base_url}/api/reporter/reports").json()["reports"]
    ]


def test_a_replayed_callback_or_one_in_another_browser_signs_nobody_in(local_stack):
    browser = sign_in_reporter(local_stack, CITIZEN, "anna.andersson")
    replayed = requests.Session()
    replayed.cookies.update({"oro_sign_in": browser.last_callback.split("state=")[1]})
    again = replayed.get(browser.last_callback, allow_redirects=False, timeout=30)
    assert again.status_code == 400
    assert "Inloggningen misslyckades" in again.text
    assert "oro_reporter" not in again.headers.get("Set-Cookie", "").split("=")[0]

    # A callback whose state this browser never started: login CSRF.
    other = requests.Session()
    started = other.get(
        f"{local_stack.base_url}/api/reporter/sign-in", params={"provider": CITIZEN}, allow_redirects=False
    )
    authorized = requests.post(
        started.headers["Location"], data={"sub": "erik.ek"}, allow_redirects=False, timeout=30
    )
    victim = requests.Session()
    forced = victim.get(authorized.headers["Location"], allow_redirects=False, timeout=30)
    assert forced.status_code == 400
    assert victim.get(f"{local_stack.base_url}/api/reporter/session").status_code == 401


def test_a_refused_sign_in_at_the_provider_is_told_kindly(local_stack):
    browser = requests.Session()
    started = browser.get(
        f"{local_stack.base_url}/api/reporter/sign-in", params={"provider": CITIZEN}, allow_redirects=False
    )
    denied = requests.post(
        started.headers["Location"], data={"action": "deny"}, allow_redirects=False, timeout=30
    )
    back = browser.get(denied.headers["Location"], allow_redirects=False, timeout=30)
    assert back.status_code == 400
    assert 'lang="sv"' in back.text and "Försök igen" in back.text


def test_the_reporter_comes_back_to_the_page_they_left_in_its_language(local_stack):
    arabic_form = sign_in_reporter(local_stack, "e_legitimation", "erik.ek", "formular", language="ar")
    assert arabic_form.returned_to == "/?lang=ar"
    swedish_mina = sign_in_reporter(local_stack, "e_legitimation", "erik.ek", "mina", language="sv")
    assert swedish_mina.returned_to == "/mina-anmalningar/"
    # A language the service does not have, or a return page it does not know, is not passed on.
    unknown = sign_in_reporter(local_stack, "e_legitimation", "erik.ek", "https://evil.example", language="xx")
    assert unknown.returned_to == "/mina-anmalningar/"


def test_an_unknown_provider_is_a_clear_404(local_stack):
    answer = requests.get(
        f"{local_stack.base_url}/api/reporter/sign-in",
        params={"provider": "facebook"},
        allow_redirects=False,
        timeout=30,
    )
    assert answer.status_code == 404
    assert answer.json()["message"] == "Det sättet att logga in finns inte här."


def test_a_session_ends_after_its_minutes_even_before_dynamodb_deletes_it(local_stack):
    browser = sign_in_reporter(local_stack, CITIZEN, "erik.ek")
    token = browser.cookies.get("oro_reporter")
    sessions = ReporterSessions(
        names.reporter_sessions_table_name(local_stack.municipality_id), local_stack.client("dynamodb")
    )
    now = datetime.now(UTC)
    assert sessions.session(token, now) is not None
    # The demo's session lasts 30 minutes: DynamoDB's TTL may take days to delete it, every read checks.
    assert sessions.session(token, now + timedelta(minutes=31)) is None
    assert sessions.session(token + "x", now) is None  # a token nobody was given


def test_signing_out_ends_the_session_at_once(local_stack):
    browser = sign_in_reporter(local_stack, CITIZEN, "anna.andersson")
    token = browser.cookies.get("oro_reporter")
    assert browser.post(f"{local_stack.base_url}/api/reporter/sign-out", timeout=30).status_code == 204
    stolen = requests.get(
        f"{local_stack.base_url}/api/reporter/session", cookies={"oro_reporter": token}, timeout=30
    )
    assert stolen.status_code == 401
    # The form then sends as nobody: the report is anonymous again, not signed.
    sent = post_report(local_stack, new_body(), headers={"Cookie": f"oro_reporter={token}"})
    assert sent.status_code == 201
    assert "reporterIdentity" not in local_stack.find_report(sent.json()["referenceNumber"])


def test_reporter_sessions_open_no_staff_route_and_staff_tokens_open_no_reporter_route(local_stack, tokens):
    """The role table's every staff endpoint, with a signed-in reporter's session (citizen and professional,
    cookie and as a bearer token): refused before any staff function runs."""
    for provider, subject in ((CITIZEN, "anna.andersson"), (STAFF_IDP, "lena.lind")):
        browser = sign_in_reporter(local_stack, provider, subject)
        session = browser.cookies.get("oro_reporter")
        for method, path, body, _ in ENDPOINTS:
            url = f"{local_stack.base_url}{path.replace('{id}', 'x').replace('{letter}', 'x')}"
            as_cookie = browser.request(method, url, json=body, timeout=30)
            as_bearer = requests.request(
                method, url, json=body, headers={"Authorization": f"Bearer {session}"}, timeout=30
            )
            assert (as_cookie.status_code, as_bearer.status_code) == (401, 401), (method, path)
    for role, token in tokens.items():
        for path in ("/api/reporter/session", "/api/reporter/reports"):
            answer = requests.get(
                f"{local_stack.base_url}{path}", headers={"Authorization": f"Bearer {token}"}, timeout=30
            )
            assert answer.status_code == 401, (role, path)
