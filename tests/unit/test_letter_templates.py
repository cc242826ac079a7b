"""Letters to a child's family (functions/domain/letters.py): every municipality's templates fill whole; a
value missing is a field for the case worker; a broken template or an unknown placeholder makes no letter and
its error never carries the template's text; an edited letter with a placeholder left is refused."""

import pytest

from functions.domain.errors import Refused
from functions.domain.letters import (
    LETTERS,
    LetterKind,
    LetterTemplateInvalid,
    LetterTextInvalid,
    LetterValuesMissing,
    UnknownLetterKind,
    available_letters,
    check_available,
    check_edited,
    fill,
    letter_spec,
)
from functions.shared import names
from functions.shared.letters import letter_template

FROM_REPORT = {
    "kommun": "Demo kommun",
    "datum": "30 november 2026",
    "referensnummer": "2026-K7F-3MX",
    "mottagen": "27 november 2026",
    "namn": "Alva Exempelsson",
    "vardnadshavare": "Kim Exempelsson",
    "adress": "Exempelgatan 1, 123 45 Demo",
    "telefon": "010-123 45 00",
    "beslutsdag": "30 november 2026",
}
TYPED = {"mote": "Tisdag 8 december kl. 10.00, Storgatan 1", "handlaggare": "Sara Berg, 010-123 45 10"}
MUNICIPALITIES = sorted(path.stem for path in names.MUNICIPALITIES_DIR.glob("*.toml"))


@pytest.mark.parametrize("municipality_id", MUNICIPALITIES)
@pytest.mark.parametrize("kind", list(LetterKind))
def test_every_municipalitys_template_fills_whole_from_the_report_and_what_is_typed(municipality_id, kind):
    spec = LETTERS[kind]
    text = fill(spec, letter_template(municipality_id, kind.value), FROM_REPORT, TYPED)
    assert "$" not in text
    assert "Alva Exempelsson" in text and "2026-K7F-3MX" in text and "Sara Berg" in text
    if kind is LetterKind.KALLELSE:
        assert "Tisdag 8 december kl. 10.00" in text


def test_each_value_missing_is_a_field_the_case_worker_fills_in():
    spec = LETTERS[LetterKind.KALLELSE]
    without_address = {**FROM_REPORT, "adress": None}
    with pytest.raises(LetterValuesMissing) as missing:
        fill(spec, letter_template("demo", "kallelse"), without_address, {"mote": " "})
    assert [problem.field for problem in missing.value.problems] == [
        "values.adress",
        "values.handlaggare",
        "values.mote",
    ]
    assert "(uppgiften finns inte i anmälan)" in missing.value.problems[0].message
    # What the case worker types fills in what the report lacks.
    text = fill(
        spec, letter_template("demo", "kallelse"), without_address, {**TYPED, "adress": "Nya vägen 2"}
    )
    assert "Nya vägen 2" in text


@pytest.mark.parametrize(
    ("template", "named"),
    [
        ("Hej ${namn}, ${hemligt} om barnet.", "${hemligt}"),
        ("Kostar 5 $ och ${namn} vet om det", "$-tecken"),
    ],
)
def test_a_broken_template_makes_no_letter_and_its_error_names_only_the_placeholder(template, named):
    with pytest.raises(LetterTemplateInvalid) as broken:
        fill(LETTERS[LetterKind.KALLELSE], template, FROM_REPORT, TYPED)
    assert named in str(broken.value)
    assert "om barnet" not in str(broken.value) and "Kostar" not in str(broken.value)


def test_an_edited_letter_with_a_placeholder_left_empty_or_too_long_is_refused():
    assert check_edited("  Hej Kim,\nvi ses på tisdag.  ") == "Hej Kim,\nvi ses på tisdag."
    for text, words in (
        ("Hej ${namn}", "${namn}"),
        ("Vi ses $mote", "$mote"),
        ("   ", "tomt"),
        ("x" * 10_001, "för långt"),
    ):
        with pytest.raises(
            LetterTextInvalid, match=words.replace("$", r"\$").replace("{", r"\{").replace("}", r"\}")
        ):
            check_edited(text)
    assert check_edited("Avgiften är 50 $ per termin.")  # a dollar sign is not a placeholder


def test_the_letters_are_a_childs_and_the_notice_only_after_a_decision_not_to_investigate():
    assert available_letters("barn", None) == [LetterKind.KALLELSE]
    assert available_letters("barn", {"outcome": "investigation"}) == [LetterKind.KALLELSE]
    assert available_letters("barn", {"outcome": "no_investigation"}) == list(LetterKind)
    assert available_letters("vuxen", {"outcome": "no_investigation"}) == []
    with pytest.raises(Refused, match="bara för barn när beslutet"):
        check_available(LETTERS[LetterKind.INGEN_UTREDNING], "barn", None)
    with pytest.raises(UnknownLetterKind):
        letter_spec("aterkoppling")
