// Questions that follow other answers: who reports (step 1), what the concern is mainly about and the advice
// when someone is in danger (step 3), the interpreter's language (step 4).

import {
  CATEGORIES,
  PRIVATE_REPORTER,
  PROFESSIONAL_REPORTER,
  REPORTER_TYPES,
  labels,
  maxLength,
} from "../shared/report-fields.js";
import { $, $$, checkedValue, choice, make, phoneHref } from "./dom.js";
import { persons, updatePerson } from "./persons.js";
import { emergencyNumber, socialjour, state } from "./state.js";

const CATEGORY_LABELS = labels(CATEGORIES);

// Who reports, once, at start: radio buttons named "reporterType" with the ids the page has always had.
const REPORTER_TYPE_IDS = {
  [PRIVATE_REPORTER]: "reporter-type-private",
  [PROFESSIONAL_REPORTER]: "reporter-type-professional",
};

export function fillReporterTypes() {
  const fieldset = $("#reporter-type");
  REPORTER_TYPES.forEach((type) => {
    fieldset.append(choice("radio", type, { id: REPORTER_TYPE_IDS[type.value], name: "reporterType" }));
  });
}

// The concern's categories, once, at start: checkboxes named "category" with ids cat-<value>.
export function fillCategories() {
  const fieldset = $("#concern-categories");
  CATEGORIES.forEach((category) => {
    fieldset.append(choice("checkbox", category, { id: "cat-" + category.value, name: "category" }));
  });
}

// "Högst 10 000 tecken" in a hint: the field's limit (data-max-length-of: its path), as the checks use it.
export function fillLimits() {
  $$("[data-max-length-of]").forEach((element) => {
    element.textContent = maxLength(element.getAttribute("data-max-length-of")).toLocaleString("sv-SE");
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
  $("#anonymity-not-allowed").hidden = state.anonymousAllowed;
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
    const answer = { value: checkbox.value, label: CATEGORY_LABELS[checkbox.value] || checkbox.value };
    const wrapper = choice("radio", answer, { id: "main-" + checkbox.value, name: "mainCategory" });
    $("input", wrapper).checked = checkbox.value === previous || chosen.length === 1;
    box.appendChild(wrapper);
  });
}

export function updateAcuteAdvice() {
  const advice = $("#acute-danger-advice");
  advice.replaceChildren();
  if (checkedValue("acuteDanger") !== "ja") return;
  const first = make("p");
  first.appendChild(make("strong", null, "Ring " + emergencyNumber() + " nu"));
  first.appendChild(document.createTextNode(" om någons liv är i fara eller om ett brott pågår."));
  advice.appendChild(first);
  const jour = socialjour();
  const second = make("p");
  if (jour) {
    second.appendChild(document.createTextNode("Behöver någon skydd i dag, utanför kontorstid? Ring socialjouren på "));
    const link = make("a", "phone", jour.phone);
    link.setAttribute("href", phoneHref(jour.phone));
    second.appendChild(link);
    second.appendChild(document.createTextNode("."));
  } else {
    second.textContent = "Behöver någon skydd i dag, utanför kontorstid? Ring socialjouren.";
  }
  advice.appendChild(second);
  advice.appendChild(
    make("p", null, "Skicka gärna anmälan också, men vänta inte på svar här. E-tjänsten läses bara på kontorstid.")
  );
}

export function updateInterpreter() {
  $("#interpreter-language-field").hidden = checkedValue("interpreterNeeded") !== "ja";
}
