"""The accessibility statement (tillgänglighetsredogörelse, required by the DOS law, SFS 2018:1937):
web/form/tillganglighet.html, written from the project's own test results.

Each claim names the WCAG 2.1 success criteria it is about and the tests that prove it. `make
accessibility-statement` runs those tests, records their outcomes in docs/accessibility/results.json and
writes the page from them; `python -m local.accessibility_statement` only writes the page from the recorded
results (tests/unit/test_accessibility_statement.py checks that the page is what the results say). A claim
whose tests did not all pass is listed as a shortcoming, never as met.
"""

from __future__ import annotations

import argparse
import html
import json
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from functions.domain.routing import day_text
from functions.shared.names import REPOSITORY_ROOT

STATEMENT_PAGE = REPOSITORY_ROOT / "web" / "form" / "tillganglighet.html"
RESULTS_FILE = REPOSITORY_ROOT / "docs" / "accessibility" / "results.json"
AXE_PACKAGE = REPOSITORY_ROOT / "node_modules" / "axe-core" / "package.json"
CHROMIUM = "/usr/bin/chromium"
DIGG_REPORT_FORM = "https://www.digg.se/tdosanmalan"

_FORM_TESTS = "tests/browser/test_form.py"
_LANGUAGE_TESTS = "tests/browser/test_form_languages.py"
_STATEMENT_TESTS = "tests/browser/test_accessibility_statement.py"
_DASHBOARD_TESTS = "tests/browser/test_dashboard_persons.py"
_DASHBOARD_PHONE_TESTS = "tests/browser/test_dashboard_phone.py"
_DASHBOARD_FIXES_TESTS = "tests/browser/test_dashboard_walkthrough_fixes.py"
_PATH_TESTS = "tests/browser/test_form_path_matrix.py"
_ATTACHMENT_TESTS = "tests/browser/test_form_attachments.py"
_COPY_TESTS = "tests/browser/test_form_copy.py"
_REPORTER_TESTS = "tests/browser/test_reporter_pages.py"
_REPORTER_LOOP_TESTS = "tests/browser/test_reporter_loop.py"
_SIGN_IN_REQUIRED_TESTS = "tests/browser/test_reporter_sign_in_required.py"
_CONSENT_TESTS = "tests/browser/test_feedback_consent.py"
_FEEDBACK_TESTS = "tests/browser/test_dashboard_feedback.py"
_HANDOFF_TESTS = "tests/browser/test_dashboard_handoff.py"
_LETTER_TESTS = "tests/browser/test_dashboard_letters.py"
_FOLLOW_UP_TESTS = "tests/browser/test_dashboard_follow_up.py"


@dataclass(frozen=True)
class Claim:
    criteria: tuple[
        str, ...
    ]  # WCAG 2.1 success criteria, numbered and named as W3C's Swedish translation does
    text: str  # what holds, as the page says it
    tests: tuple[str, ...]  # pytest node ids that prove it


CLAIMS: tuple[Claim, ...] = (
    Claim(
        ("Alla kriterier på nivå A och AA som kan kontrolleras automatiskt",),
        "E-tjänstens alla steg, felmeddelanden och kvittensen har inga fel som axe-core hittar.",
        (
            f"{_FORM_TESTS}::test_axe_private_path_every_step_and_error_state",
            f"{_FORM_TESTS}::test_axe_professional_path_and_receipt",
        ),
    ),
    Claim(
        ("Alla kriterier på nivå A och AA som kan kontrolleras automatiskt",),
        "E-tjänsten på engelska och arabiska har inga fel som axe-core hittar, på datorskärm och i mobilens bredd.",
        (f"{_LANGUAGE_TESTS}::test_axe_finds_nothing_in_english_and_arabic_at_desktop_and_phone_width",),
    ),
    Claim(
        (
            "Alla kriterier på nivå A och AA som kan kontrolleras automatiskt",
            "1.3.2 Meningsfull ordningsföljd",
        ),
        "Varje väg genom e-tjänsten har inga fel som axe-core hittar, på svenska, engelska och arabiska, i "
        "mobilens och datorns bredd: som privatperson anonymt och med namn, i arbetet med återkoppling, om en "
        "vuxen, en äldre person, en person med missbruk, om dig själv, om ett barn som inte är fött och om "
        "syskon. På arabiska börjar texten från höger.",
        (f"{_PATH_TESTS}::test_each_path_in_each_language_is_sent_and_accessible_at_both_widths",),
    ),
    Claim(
        ("Alla kriterier på nivå A och AA som kan kontrolleras automatiskt",),
        "Att bifoga filer, och kvittensen som visar om filerna kom fram, har inga fel som axe-core hittar, också "
        "på arabiska i mobilens bredd. Kopian av anmälan i kvittensen har inga fel som axe-core hittar.",
        (
            f"{_ATTACHMENT_TESTS}::test_a_photo_and_a_pdf_reach_staff_and_the_eicar_file_is_removed",
            f"{_ATTACHMENT_TESTS}::test_in_arabic_on_a_phone_the_field_reads_right_to_left_and_axe_finds_nothing",
            f"{_COPY_TESTS}::test_axe_finds_nothing_on_the_receipt_with_its_copy",
        ),
    ),
    Claim(
        (
            "Alla kriterier på nivå A och AA som kan kontrolleras automatiskt",
            "1.4.10 Anpassning till skärmstorlek",
        ),
        "Att logga in, och Mina anmälningar med dina anmälningar, frågor till dig och ditt svar, har inga fel "
        "som axe-core hittar, på datorskärm och i mobilens bredd utan sidledes rullning. Det gäller också "
        "första sidan där du måste logga in för att anmäla.",
        (
            f"{_REPORTER_TESTS}::test_the_signed_in_first_screen_and_mina_anmalningar_pass_axe_wide_and_narrow",
            f"{_REPORTER_LOOP_TESTS}::test_a_teacher_reports_two_children_answers_a_question_and_reads_the_feedback_per_child",
            f"{_SIGN_IN_REQUIRED_TESTS}::test_kalix_signed_out_first_screen_passes_axe_wide_and_narrow",
        ),
    ),
    Claim(
        (
            "Alla kriterier på nivå A och AA som kan kontrolleras automatiskt",
            "3.3.2 Ledtexter eller instruktioner",
        ),
        "Frågan om en vuxen samtycker till återkoppling har en förklaring kopplad till sig och inga fel som "
        "axe-core hittar.",
        (f"{_CONSENT_TESTS}::test_the_form_asks_a_professional_about_an_adults_consent_only_and_sends_it",),
    ),
    Claim(
        ("3.1.1 Sidans språk", "3.1.2 Språk för del av sida", "1.3.2 Meningsfull ordningsföljd"),
        "Sidan säger vilket språk den är på, och på arabiska läses den från höger till vänster.",
        (
            f"{_LANGUAGE_TESTS}::test_every_language_has_its_lang_and_dir_and_a_switch_naming_each_language_in_itself",
            f"{_LANGUAGE_TESTS}::test_in_arabic_the_layout_reads_right_to_left",
        ),
    ),
    Claim(
        ("3.3.1 Identifiering av fel",),
        "Det du har skrivit finns kvar när du byter språk, och felmeddelandena kommer på det språk du valt.",
        (
            f"{_LANGUAGE_TESTS}::test_switching_language_mid_form_keeps_what_was_typed",
            f"{_LANGUAGE_TESTS}::test_a_report_sent_in_english_gets_english_errors_from_the_api_and_an_english_receipt",
        ),
    ),
    Claim(
        ("2.1.1 Tangentbord", "2.4.3 Fokusordning", "2.4.7 Synligt fokus"),
        "Hela anmälan kan fyllas i och skickas med bara tangentbordet.",
        (f"{_FORM_TESTS}::test_private_person_completes_the_form_with_keyboard_only",),
    ),
    Claim(
        ("1.4.10 Anpassning till skärmstorlek", "1.4.4 Ändra storlek på text"),
        "E-tjänsten fungerar i 320 pixlars bredd, som vid 400 procents förstoring, utan sidledes rullning.",
        (f"{_FORM_TESTS}::test_reflows_at_narrow_width_like_400_percent_zoom",),
    ),
    Claim(
        ("3.3.1 Identifiering av fel", "3.3.3 Förslag vid fel"),
        "Fel visas i en sammanfattning överst och vid varje fält, med förslag på vad du kan göra, och länkarna "
        "leder till fältet.",
        (
            f"{_FORM_TESTS}::test_missing_fields_show_a_summary_whose_links_move_focus",
            f"{_FORM_TESTS}::test_server_errors_are_shown_beside_fields_on_earlier_steps",
        ),
    ),
    Claim(
        ("3.3.4 Förhindra fel (juridiska, ekonomiska, datarelaterade)",),
        "Det du har skrivit finns kvar om sändningen misslyckas, och du kan skicka igen utan att anmälan kommer "
        "fram två gånger.",
        (f"{_FORM_TESTS}::test_network_failure_keeps_data_and_retry_reuses_submission_id",),
    ),
    Claim(
        ("Alla kriterier på nivå A och AA som kan kontrolleras automatiskt",),
        "Handläggarnas vy av en anmälan har inga fel som axe-core hittar, också med återkoppling att skicka, "
        "frågor till anmälaren, samtycke att registrera, överlämningen till verksamhetssystemet, brev till "
        "familjen och uppföljning av insatser, i full bredd och på en mobiltelefon.",
        (
            f"{_DASHBOARD_TESTS}::test_axe_finds_nothing_on_a_report_about_several_persons",
            f"{_FEEDBACK_TESTS}::test_the_case_worker_sees_the_feedback_due_downloads_the_letter_sends_it_and_marks_the_letter_sent",
            f"{_REPORTER_LOOP_TESTS}::test_a_teacher_reports_two_children_answers_a_question_and_reads_the_feedback_per_child",
            f"{_CONSENT_TESTS}::test_a_case_worker_records_consent_given_later_on_the_report_page",
            f"{_HANDOFF_TESTS}::test_an_unacknowledged_handoff_is_printed_and_registered_by_hand",
            f"{_LETTER_TESTS}::test_a_kallelse_is_previewed_edited_made_and_marked_sent",
            f"{_FOLLOW_UP_TESTS}::test_late_follow_up_of_measures_is_recorded_from_the_report_page",
        ),
    ),
    Claim(
        ("1.4.10 Anpassning till skärmstorlek",),
        "Handläggarnas kö och anmälningar fungerar på en mobiltelefon utan sidledes rullning.",
        (
            f"{_DASHBOARD_PHONE_TESTS}::test_the_queue_and_a_report_fit_a_phone_with_the_countdown_acute_flag_and_route_first",
            f"{_DASHBOARD_FIXES_TESTS}::test_the_queue_fits_its_box_and_shows_the_acute_flag_without_scrolling_sideways",
        ),
    ),
)

# What the tests cannot show, said plainly so that no one reads more into the claims than they prove.
# The statement itself, checked like the rest (it cannot list its own result before the run that writes it).
_STATEMENT_CLAIM = Claim(
    (
        "Alla kriterier på nivå A och AA som kan kontrolleras automatiskt",
        "1.4.10 Anpassning till skärmstorlek",
    ),
    "Den här redogörelsen har inga fel som axe-core hittar och läses utan sidledes rullning i 320 pixlars bredd.",
    (f"{_STATEMENT_TESTS}::test_the_statement_names_the_municipality_and_its_phone_and_axe_finds_nothing",),
)
CLAIMS = (*CLAIMS, _STATEMENT_CLAIM)

UNTESTED = (
    "Tjänsten har ännu inte granskats manuellt av en extern expert och inte prövats av användare med "
    "skärmläsare eller andra hjälpmedel. Testerna ovan är automatiska."
)


@dataclass(frozen=True)
class Results:
    tested_on: str  # the day the tests ran, yyyy-mm-dd (UTC)
    axe_core: str
    browser: str
    outcomes: dict[str, str]  # node id → passed | failed | skipped | missing

    @classmethod
    def load(cls, path: Path = RESULTS_FILE) -> Results:
        recorded = json.loads(path.read_text(encoding="utf-8"))
        return cls(recorded["testedOn"], recorded["axeCore"], recorded["browser"], recorded["outcomes"])

    def save(self, path: Path = RESULTS_FILE) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        recorded = {
            "testedOn": self.tested_on,
            "axeCore": self.axe_core,
            "browser": self.browser,
            "outcomes": dict(sorted(self.outcomes.items())),
        }
        path.write_text(json.dumps(recorded, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    def met(self, claim: Claim) -> bool:
        return all(self.outcomes.get(test) == "passed" for test in claim.tests)


def claimed_tests() -> list[str]:
    return sorted({test for claim in CLAIMS for test in claim.tests})


class _OutcomeRecorder:
    """A pytest plugin that keeps each test's outcome, all its parameters together: failed if the set-up, call
    or tear-down of any failed, skipped if any was skipped, passed when every one passed."""

    def __init__(self, tests: list[str]) -> None:
        self.outcomes = dict.fromkeys(tests, "missing")

    def pytest_runtest_logreport(self, report) -> None:
        test = report.nodeid.split("[", 1)[0]
        if test not in self.outcomes or self.outcomes[test] in ("failed", "skipped"):
            return
        if report.failed:
            self.outcomes[test] = "failed"
        elif report.skipped:
            self.outcomes[test] = "skipped"
        elif report.when == "call" and report.passed:
            self.outcomes[test] = "passed"


def run_claimed_tests() -> Results:
    """Runs every claimed test once, here and now, and records what each did."""
    import pytest

    tests = claimed_tests()
    recorder = _OutcomeRecorder(tests)
    # A failing test is recorded as a shortcoming, not hidden: the exit status is not what decides.
    pytest.main(["-q", "-p", "no:cacheprovider", "-p", "no:randomly", "-n", "0", *tests], plugins=[recorder])
    outcomes = recorder.outcomes
    axe_version = json.loads(AXE_PACKAGE.read_text(encoding="utf-8"))["version"]
    browser = subprocess.run(  # noqa: S603 - fixed argument list, no shell
        [CHROMIUM, "--version"], capture_output=True, text=True, check=True
    ).stdout.split(" built")[0]
    return Results(datetime.now(UTC).date().isoformat(), axe_version, browser.strip(), outcomes)


def _criteria(claim: Claim) -> str:
    return "; ".join(html.escape(criterion) for criterion in claim.criteria)


def _test_names(claim: Claim) -> str:
    return "<br>".join(f"<code>{html.escape(test.split('::')[-1])}</code>" for test in claim.tests)


def render(results: Results) -> str:
    met = [claim for claim in CLAIMS if results.met(claim)]
    unmet = [claim for claim in CLAIMS if not results.met(claim)]
    compliance = (
        "Tjänsten är helt förenlig med lagen om tillgänglighet till digital offentlig service, så långt våra "
        "tester visar (se Hur vi testat tjänsten)."
        if not unmet
        else "Tjänsten är delvis förenlig med lagen om tillgänglighet till digital offentlig service, på grund "
        "av de brister som beskrivs nedan."
    )
    met_items = "\n".join(
        f'          <li>{html.escape(claim.text)} <span class="hint">({_criteria(claim)})</span></li>'
        for claim in met
    )
    unmet_items = (
        "\n".join(
            f"          <li>{html.escape(claim.text)} Det visar inte våra senaste tester. "
            f'<span class="hint">({_criteria(claim)})</span></li>'
            for claim in unmet
        )
        if unmet
        else "          <li>Vi känner inte till några brister i tjänstens tillgänglighet.</li>"
    )
    rows = "\n".join(
        "            <tr>"
        f"<td>{_criteria(claim)}</td><td>{html.escape(claim.text)}</td>"
        f"<td>{'Uppfylls' if results.met(claim) else 'Uppfylls inte'}</td><td>{_test_names(claim)}</td></tr>"
        for claim in CLAIMS
    )
    return _PAGE.format(
        compliance=html.escape(compliance),
        met_items=met_items,
        unmet_items=unmet_items,
        rows=rows,
        tested_on=html.escape(day_text(date.fromisoformat(results.tested_on))),
        axe_core=html.escape(results.axe_core),
        browser=html.escape(results.browser),
        untested=html.escape(UNTESTED),
        digg=DIGG_REPORT_FORM,
    )


_PAGE = """<!doctype html>
<html lang="sv">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="referrer" content="no-referrer">
  <meta name="robots" content="noindex">
  <title>Tillgänglighetsredogörelse – Orosanmälan</title>
  <link rel="icon" href="/shared/favicon.svg" type="image/svg+xml">
  <link rel="stylesheet" href="form.css">
  <link rel="stylesheet" href="statement.css">
  <script type="module" src="statement.js"></script>
</head>
<!-- Written by local/accessibility_statement.py from docs/accessibility/results.json: do not edit by hand. -->
<body>
  <a class="skip-link" href="#main">Hoppa till innehållet</a>

  <header class="site-header">
    <div class="wrap">
      <p class="site-name"><span data-config="municipality">Kommunen</span></p>
      <p class="site-unit">Socialtjänsten</p>
    </div>
  </header>

  <main id="main" tabindex="-1">
    <div class="wrap statement">
      <h1>Tillgänglighetsredogörelse</h1>
      <p class="lead"><span data-config="municipality">Kommunen</span> står bakom e-tjänsten Orosanmälan och
        socialtjänstens vy för att ta emot och bedöma anmälningarna. Vi vill att så många som möjligt ska kunna
        använda dem. Här beskriver vi hur de uppfyller lagen (2018:1937) om tillgänglighet till digital offentlig
        service, vilka brister vi känner till och hur du kan säga till om något inte fungerar.</p>

      <h2>Hur tillgänglig är tjänsten?</h2>
      <p>{compliance}</p>
      <p>Det här har vi kontrollerat:</p>
      <ul>
{met_items}
      </ul>

      <h2>Vad kan du göra om du inte kan använda delar av tjänsten?</h2>
      <p>Du kan alltid göra en orosanmälan på telefon eller på papper i stället. Ring socialtjänsten<span
          class="config-only" data-config-block="intakeTeam.phone" hidden> på <a class="phone"
            data-config-phone="intakeTeam.phone" href="#main">telefonnummer</a></span> på kontorstid. Är det
        akut utanför kontorstid: ring socialjouren<span class="config-only" data-config-block="socialjour.phone"
          hidden> på <a class="phone" data-config-phone="socialjour.phone" href="#main">telefonnummer</a></span>.
        Om någons liv är i fara: ring 112.</p>

      <h2>Rapportera brister i tjänstens tillgänglighet</h2>
      <p>Vi vill gärna veta om något i tjänsten inte fungerar för dig. Ring oss<span class="config-only"
          data-config-block="intakeTeam.phone" hidden> på <a class="phone" data-config-phone="intakeTeam.phone"
            href="#main">telefonnummer</a></span> och berätta vad som inte fungerade och var.</p>

      <h2>Tillsyn</h2>
      <p>Myndigheten för digital förvaltning (Digg) har ansvaret för tillsyn enligt lagen om tillgänglighet till
        digital offentlig service. Om du inte är nöjd med hur vi hanterar dina synpunkter kan du
        <a href="{digg}">anmäla det till Digg</a>.</p>

      <h2>Teknisk information om tjänstens tillgänglighet</h2>
      <p>{compliance}</p>

      <h2>Innehåll som inte är tillgängligt</h2>
      <ul>
{unmet_items}
      </ul>

      <h2>Hur vi testat tjänsten</h2>
      <p>Tjänsten testas automatiskt varje gång den ändras. Den här redogörelsen bygger på testerna
        {tested_on}, med axe-core {axe_core} i {browser}. Varje rad nedan säger vilka av
        riktlinjerna i WCAG 2.1 den gäller och vilka tester som visar det.</p>
      <p>{untested}</p>
      <div class="table-scroll" tabindex="0" role="region" aria-labelledby="statement-table-caption">
        <table>
          <caption id="statement-table-caption">Det vi har testat och resultatet</caption>
          <thead>
            <tr><th scope="col">Riktlinje i WCAG 2.1</th><th scope="col">Vad vi kontrollerar</th>
              <th scope="col">Resultat</th><th scope="col">Test</th></tr>
          </thead>
          <tbody>
{rows}
          </tbody>
        </table>
      </div>
      <p>Redogörelsen uppdaterades senast {tested_on}.</p>
      <p><a href="./">Till e-tjänsten Orosanmälan</a></p>
    </div>
  </main>
</body>
</html>
"""


def main(arguments: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--run", action="store_true", help="run the claimed tests first and record their outcomes"
    )
    options = parser.parse_args(arguments)
    if options.run:
        run_claimed_tests().save()
    results = Results.load()
    STATEMENT_PAGE.write_text(render(results), encoding="utf-8")
    unmet = [claim.text for claim in CLAIMS if not results.met(claim)]
    print(
        f"wrote {STATEMENT_PAGE.relative_to(REPOSITORY_ROOT)}: {len(CLAIMS) - len(unmet)} of {len(CLAIMS)} claims met"
    )
    for text in unmet:
        print(f"  not met: {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
