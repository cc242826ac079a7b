"""The personnummer lookup key (functions/stores/person_keys.py): an HMAC under the municipality's secret,
which a list of a birth date's numbers cannot reverse without the key."""

import hashlib
import secrets

import pytest
from stdnum import luhn

from functions.shared import collaborators, names
from functions.shared.settings import IntakeSettings
from functions.stores.person_keys import NoPersonKeySecret, PersonKeys

BIRTH_DATE = "20150315"


def numbers_of_the_birth_date(birth_date: str) -> list[str]:
    """Every valid personnummer of a birth date: a serial of 000–999 and its Luhn digit."""
    return [
        f"{birth_date}-{serial:03d}{luhn.calc_check_digit(f'{birth_date[2:]}{serial:03d}')}"
        for serial in range(1000)
    ]


def test_a_lookup_key_is_not_found_by_trying_every_number_of_the_birth_date():
    municipality_key = secrets.token_urlsafe(48)
    candidates = numbers_of_the_birth_date(BIRTH_DATE)
    number = candidates[389]
    stored = PersonKeys(lambda: municipality_key).of(number)

    bare_hashes = {
        hashlib.sha256(f"oro-person:{candidate}".encode()).hexdigest() for candidate in candidates
    } | {hashlib.sha256(candidate.encode()).hexdigest() for candidate in candidates}
    wrong_key = PersonKeys(lambda: secrets.token_urlsafe(48))
    assert stored not in bare_hashes
    assert stored not in {wrong_key.of(candidate) for candidate in candidates}
    # the same attack with the key finds it: the list held the number, only the key was missing
    assert [c for c in candidates if PersonKeys(lambda: municipality_key).of(c) == stored] == [number]


def test_the_same_number_has_another_key_in_another_municipality():
    number = numbers_of_the_birth_date(BIRTH_DATE)[7]
    one, other = (PersonKeys(lambda: secrets.token_urlsafe(48)) for _ in range(2))
    assert one.of(number) != other.of(number)
    assert one.of(number) == one.of(number)


def test_the_secret_is_read_once_at_the_first_key_and_not_before():
    reads = []

    def read_secret() -> str:
        reads.append(1)
        return "k" * 64

    keys = PersonKeys(read_secret)
    assert reads == []  # a function that makes no key never reads it
    for number in numbers_of_the_birth_date(BIRTH_DATE)[:20]:
        keys.of(number)
    assert reads == [1]


def test_a_short_secret_is_refused():
    with pytest.raises(ValueError, match="too short"):
        PersonKeys(lambda: "short").of(numbers_of_the_birth_date(BIRTH_DATE)[0])


def test_a_function_without_the_secret_makes_no_key_instead_of_a_guessable_one():
    settings = IntakeSettings.model_validate(
        {
            names.ENV_MUNICIPALITY_CONFIG_FILE: "demo.toml",
            names.ENV_REPORTS_TABLE: "reports",
            names.ENV_LIFECYCLE_STATE_MACHINE_ARN: "arn",
        }
    )
    with pytest.raises(NoPersonKeySecret):
        collaborators.person_keys(settings).of(numbers_of_the_birth_date(BIRTH_DATE)[0])
