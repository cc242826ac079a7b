"""The asset's bytecode: compiled once at synth, used at every cold start whatever the files' dates."""

import os
import shutil
import subprocess
import sys

from functions.shared import names
from infra import bundling
from infra.bundling import bytecode_python, compile_bytecode


def _import_in_fresh_process(root, module):
    environment = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    environment.pop("PYTHONPYCACHEPREFIX", None)
    return subprocess.run(
        [sys.executable, "-c", f"import {module}; print({module}.ANSWER)"],
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_compiled_bytecode_is_used_whatever_the_source_files_date(tmp_path):
    # Given a module compiled as the asset is, whose source then gets another date and other text
    module = tmp_path / "bundled_module.py"
    module.write_text("ANSWER = 'from bytecode'\n", encoding="utf-8")
    compile_bytecode(tmp_path, sys.executable)
    module.write_text("ANSWER = 'from source, compiled at import'\n", encoding="utf-8")
    os.utime(module, (315532800, 315532800))  # 1980-01-01, the date the asset's zip gives every file

    # When a fresh, read-only process imports it
    completed = _import_in_fresh_process(tmp_path, "bundled_module")

    # Then it ran the bytecode compiled at synth, not the source (so a cold start compiles nothing)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "from bytecode"


def test_an_interpreter_of_another_version_is_never_taken_for_the_lambda_python():
    assert bytecode_python("3.99") is None
    found = bytecode_python()
    if found is not None:
        version = subprocess.run([found, "--version"], capture_output=True, text=True, check=True).stdout
        assert version.startswith("Python 3.13.")


def _letters_in(root, monkeypatch):
    """The letter templates and the letters' font under `root`, where the bundler reads them."""
    letters = root / "municipalities" / "letters"
    shutil.copytree(bundling.LETTERS_DIR, letters)
    font = root / "node_modules" / "dejavu-fonts-ttf" / "ttf" / "DejaVuSans.ttf"
    font.parent.mkdir(parents=True)
    font.write_bytes(b"font")
    monkeypatch.setattr(bundling, "LETTERS_DIR", letters)
    monkeypatch.setattr(bundling, "LETTER_FONT_FILE", font)
    return letters, font


def test_the_asset_carries_the_letter_templates_and_font_where_the_functions_look():
    carried = {
        path.relative_to(bundling.REPOSITORY_ROOT).as_posix() for path in bundling._asset_source_files()
    }
    assert names.LETTER_FONT_FILE.relative_to(names.REPOSITORY_ROOT).as_posix() in carried
    assert "municipalities/letters/default/aterkoppling.txt" in carried
    assert names.LETTER_FONT_FILE.is_file()


def test_the_asset_hash_follows_the_letter_templates(tmp_path, monkeypatch):
    municipality_file = tmp_path / "municipality.toml"
    municipality_file.write_text("name = 'x'\n", encoding="utf-8")
    (tmp_path / "functions").mkdir()
    (tmp_path / "locales").mkdir()
    monkeypatch.setattr(bundling, "REPOSITORY_ROOT", tmp_path)
    monkeypatch.setattr(bundling, "FUNCTIONS_DIR", tmp_path / "functions")
    monkeypatch.setattr(bundling, "LOCALES_DIR", tmp_path / "locales")
    letters, _ = _letters_in(tmp_path, monkeypatch)
    before = bundling.asset_hash(municipality_file, None)

    (letters / "demo").mkdir()
    (letters / "demo" / "aterkoppling.txt").write_text("Demo kommuns egen mall ${referensnummer}", "utf-8")

    assert bundling.asset_hash(municipality_file, None) != before


def test_the_asset_hash_follows_the_message_catalogues(tmp_path, monkeypatch):
    # Given the catalogues as they are, and the hash of the asset that carries them
    municipality_file = tmp_path / "municipality.toml"
    municipality_file.write_text("name = 'x'\n", encoding="utf-8")
    locales = tmp_path / "locales"
    shutil.copytree(bundling.LOCALES_DIR, locales)
    (tmp_path / "functions").mkdir()
    monkeypatch.setattr(bundling, "REPOSITORY_ROOT", tmp_path)
    monkeypatch.setattr(bundling, "FUNCTIONS_DIR", tmp_path / "functions")
    monkeypatch.setattr(bundling, "LOCALES_DIR", locales)
    _letters_in(tmp_path, monkeypatch)
    before = bundling.asset_hash(municipality_file, None)

    # When one text of one language changes
    english = locales / "api" / "en.json"  # the API's own texts
    english.write_text(english.read_text(encoding="utf-8").replace("The report is empty.", "Empty."), "utf-8")

    # Then the asset gets a new hash, so the functions are deployed with the new words
    assert bundling.asset_hash(municipality_file, None) != before
