// What the form sends: the answers of the questions shown, read from the page, made into the API's JSON by
// web/shared/report-fields.js (the same as for a report staff register).

import { CHILD, PRIVATE_REPORTER, PROFESSIONAL_REPORTER, reportBody, submissionBody } from "../shared/report-fields.js";
import { $, $$, checkedValue } from "./dom.js";
import { field, isUnborn, personKind, persons } from "./persons.js";
import { chosenCategories } from "./questions.js";
import { state } from "./state.js";

function value(selector) {
  return $(selector).value;
}

function readReporter() {
  const type = checkedValue("reporterType");
  if (type === PROFESSIONAL_REPORTER) {
    return {
      type,
      name: value("#professional-name"),
      role: value("#professional-role"),
      organisation: value("#professional-organisation"),
      workPhone: value("#professional-phone"),
      workEmail: value("#professional-email"),
      wantsFeedback: $("#professional-feedback").checked,
    };
  }
  if (type === PRIVATE_REPORTER) {
    return {
      type,
      anonymous: state.anonymousAllowed && checkedValue("anonymous") === "ja",
      name: value("#private-name"),
      phone: value("#private-phone"),
      email: value("#private-email"),
      relation: value("#private-relation"),
    };
  }
  return {};
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
    personalIdentityNumber: field(section, "personalIdentityNumber").value,
    birthDate: field(section, "birthDate").value,
    age: field(section, "age").value,
    address: field(section, "address").value,
    schoolOrPreschool: isChild ? field(section, "schoolOrPreschool").value : "",
    guardians: isChild ? $$("[data-guardian]", section).map(readGuardian) : [],
    knowsAboutReport: checkedValue(section.getAttribute("data-pid") + "-knows", section),
  };
}

function readAnswers() {
  return {
    reporter: readReporter(),
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

export function buildSubmission() {
  return submissionBody(readAnswers(), state.submissionId);
}
