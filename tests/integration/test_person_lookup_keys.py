"""The lookup entries intake stores are keyed by an HMAC under the municipality's own secret (Secrets Manager,
created by the local stack as the CDK app does): not findable by hashing a birth date's numbers, found by
the staff search (tests/integration/test_staff_api.py searches through them end to end)."""

import hashlib
import uuid

from functions.domain.report import normalise_identity_number
from functions.shared import names
from local.resources import create_person_key_secret
from tests.integration.helpers import new_body, post_report
from tests.unit.test_person_keys import numbers_of_the_birth_date

NUMBER = "20150315-3890"


def test_intake_keys_the_lookup_entry_with_the_municipality_secret_not_a_bare_hash(local_stack):
    child = {**new_body()["persons"][0], "personalIdentityNumber": NUMBER}
    answer = post_report(local_stack, new_body(persons=[child]))
    assert answer.status_code == 201, answer.text
    report = local_stack.find_report(answer.json()["referenceNumber"])
    (stored,) = report["personKeys"]
    candidates = numbers_of_the_birth_date("20150315")
    assert normalise_identity_number(NUMBER) in candidates

    assert stored not in {hashlib.sha256(f"oro-person:{n}".encode()).hexdigest() for n in candidates}
    keys = local_stack.person_keys()
    assert [n for n in candidates if keys.of(n) == stored] == [normalise_identity_number(NUMBER)]
    entry = local_stack.reports_table.get_item(
        Key={"pk": f"PERSON#{stored}", "sk": f"REPORT#{report['receivedAt']}#{report['reportId']}"}
    )
    assert entry["Item"]["reportId"] == report["reportId"]


def test_each_municipality_gets_a_random_key_of_its_own(local_stack):
    secretsmanager = local_stack.client("secretsmanager")
    municipalities = [f"test-{uuid.uuid4().hex[:8]}" for _ in range(2)]
    for municipality_id in municipalities:
        create_person_key_secret(secretsmanager, municipality_id)
    values = {
        secretsmanager.get_secret_value(SecretId=names.person_key_secret_name(municipality_id))[
            "SecretString"
        ]
        for municipality_id in [*municipalities, local_stack.municipality_id]
    }
    assert len(values) == 3 and all(len(value) >= 32 for value in values)
