// What the form sends: the answers of the questions shown, read from the page, made into the API's JSON by
// web/shared/report-fields.js (the same as for a report staff register).

import { CHILD, reportBody, reporterAnswers, submissionBody } from "../shared/report-fields.js";
import { $, $$, checkedValue } from "./dom.js";
import { currentLanguage } from "./i18n.js";
import { asksFeedbackConsent, field, isUnborn, personKind, persons } from "./persons.js";
import { chosenCategories } from "./questions.js";
import { state } from "./state.js";

function value(selector) {
  return $(selector).value;
}

// A reporter's field by its id: its value, or whether a checkbox is ticked.
function reporterField(id) {
  const input = document.getElementById(id);
  return input.type === "checkbox" ? input.checked : input.value;
}

function readGuardian(guardian) {
  return {
    name: field(guardian, "name").value,
    phone: field(guardian, "phone").value,
    address: field(guardian, "address").value,
    knowsAboutReport: checkedValue(guardian.querySelector('input[type="radio"]').name, guardian),
  };
}

// A child's school and guardians are asked about only for a child, the rest as the page shows them.
function readPerson(section) {
  const kind = personKind(section);
  const isChild = kind === CHILD;
  return {
    kind,
    name: field(section, "name").value,
    unborn: isUnborn(section),
    expectedBirthDate: field(section, "expectedBirthDate").value,
    personalIdentityNumber: field(section, "personalIdentityNumber").value,
    birthDate: field(section, "birthDate").value,
    age: field(section, "age").value,
    address: field(section, "address").value,
    schoolOrPreschool: isChild ? field(section, "schoolOrPreschool").value : "",
    guardians: isChild ? $$("[data-guardian]", section).map(readGuardian) : [],
    knowsAboutReport: checkedValue(section.getAttribute("data-pid") + "-knows", section),
    feedbackConsent: asksFeedbackConsent(section) ? checkedValue(section.getAttribute("data-pid") + "-consent", section) : "",
  };
}

function readAnswers() {
  return {
    reporter: reporterAnswers(
      checkedValue("reporterType"),
      state.anonymousAllowed && checkedValue("anonymous") === "ja",
      reporterField
    ),
    persons: persons().map(readPerson),
    concern: {
      description: value("#concern-description"),
      categories: chosenCategories().map((input) => input.value),
      mainCategory: checkedValue("mainCategory"),
      since: value("#concern-since"),
      acuteDanger: checkedValue("acuteDanger") === "ja",
    },
    interpreter: { needed: checkedValue("interpreterNeeded") === "ja", language: value("#interpreter-language") },
    otherAgencies: value("#other-agencies"),
  };
}

// The report as the API will read it (without the submission id), for the review.
export function buildReport() {
  return reportBody(readAnswers());
}

// With the form's language, so that staff know which language the reporter used.
export function buildSubmission() {
  return { ...submissionBody(readAnswers(), state.submissionId), formLanguage: currentLanguage() };
}
