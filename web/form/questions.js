// Questions that follow other answers: who reports (step 1), what the concern is mainly about and the advice
// when someone is in danger (step 3), the interpreter's language (step 4).

import {
  CATEGORIES,
  PRIVATE_REPORTER,
  PROFESSIONAL_REPORTER,
  REPORTER_TYPES,
  maxLength,
} from "../shared/report-fields.js";
import { $, $$, answerIn, checkedValue, choice, make, phoneHref } from "./dom.js";
import { fill, locale, t } from "./i18n.js";
import { persons, updatePerson } from "./persons.js";
import { emergencyNumber, socialjour, state } from "./state.js";
import { reportSubject } from "./subject.js";

// Who reports, once, at start: radio buttons named "reporterType" with the ids the page has always had.
const REPORTER_TYPE_IDS = {
  [PRIVATE_REPORTER]: "reporter-type-private",
  [PROFESSIONAL_REPORTER]: "reporter-type-professional",
};

export function fillReporterTypes() {
  const fieldset = $("#reporter-type");
  REPORTER_TYPES.forEach((type) => {
    fieldset.append(
      choice("radio", answerIn("reporterType", type), { id: REPORTER_TYPE_IDS[type.value], name: "reporterType" })
    );
  });
}

// The concern's categories, once, at start: checkboxes named "category" with ids cat-<value>.
export function fillCategories() {
  const fieldset = $("#concern-categories");
  CATEGORIES.forEach((category) => {
    const attributes = { id: "cat-" + category.value, name: "category" };
    fieldset.append(choice("checkbox", answerIn("category", category), attributes));
  });
}

// "Högst 10 000 tecken" in a hint: the field's limit (data-max-length-of: its path), as the checks use it.
export function fillLimits() {
  $$("[data-max-length-of]").forEach((element) => {
    element.textContent = maxLength(element.getAttribute("data-max-length-of")).toLocaleString(locale());
  });
}

export function chosenCategories() {
  return $$('input[name="category"]').filter((input) => input.checked);
}

export function updateReporter() {
  const type = checkedValue("reporterType");
  $("#private-fields").hidden = type !== PRIVATE_REPORTER;
  $("#professional-fields").hidden = type !== PROFESSIONAL_REPORTER;
  $("#anonymity").hidden = !state.anonymousAllowed;
  // Signed in: named by the sign-in, so neither the choice nor the note that the web cannot be anonymous.
  $("#anonymity-not-allowed").hidden = state.anonymousAllowed || !!state.session;
  const anonymous = state.anonymousAllowed && checkedValue("anonymous") === "ja";
  const named = !state.anonymousAllowed || checkedValue("anonymous") === "nej";
  $("#private-contact").hidden = !named || anonymous;
  persons().forEach(updatePerson);
}

export function updateMainCategory() {
  const chosen = chosenCategories();
  const previous = checkedValue("mainCategory");
  const box = $("#main-category-options");
  box.replaceChildren();
  $("#main-category-empty").hidden = chosen.length > 0;
  chosen.forEach((checkbox) => {
    const answer = answerIn("category", CATEGORIES.find((category) => category.value === checkbox.value));
    answer.hint = false;
    const wrapper = choice("radio", answer, { id: "main-" + checkbox.value, name: "mainCategory" });
    $("input", wrapper).checked = checkbox.value === previous || chosen.length === 1;
    box.appendChild(wrapper);
  });
}

// The advice when someone is in danger now; when the report is only about the reporter, it speaks to them.
export function updateAcuteAdvice() {
  const advice = $("#acute-danger-advice");
  advice.replaceChildren();
  if (checkedValue("acuteDanger") !== "ja") return;
  const self = reportSubject() === "self" ? "Self" : "";
  const first = make("p");
  const call = make("strong", null, t("form.acute.call", { number: emergencyNumber() }));
  fill(first, "form.acute.emergency" + self, { call });
  advice.appendChild(first);
  const jour = socialjour();
  const second = make("p");
  if (jour) {
    const link = make("a", "phone", jour.phone);
    link.setAttribute("href", phoneHref(jour.phone));
    fill(second, "form.acute.socialjourOn" + self, { phone: link });
  } else {
    second.textContent = t("form.acute.socialjour" + self);
  }
  advice.appendChild(second);
  advice.appendChild(make("p", null, t("form.acute.sendAnyway")));
}

export function updateInterpreter() {
  $("#interpreter-language-field").hidden = checkedValue("interpreterNeeded") !== "ja";
}
