// The checks before a step may be left, by the server's rules (web/shared/report-fields.js): each problem is
// {target, container, message}, in the order the fields come on the page. errors.js shows them.

import {
  ADULT_AGE,
  CHILD,
  EXPECTED_BIRTH_DAYS_AHEAD,
  EXPECTED_BIRTH_DAYS_BACK,
  PROFESSIONAL_REPORTER,
  PRIVATE_REPORTER,
  hasTurned18,
  isAge,
  isEmail,
  isPhoneNumber,
  isoDate,
  isoDaysFromToday,
  maxLength,
  personnummerBirthDate,
  text,
  todayIso,
} from "../shared/report-fields.js";
import { $, $$, checkedValue, isActive, stepSection, trimmed } from "./dom.js";
import { locale, t } from "./i18n.js";
import { personKind, persons } from "./persons.js";
import { chosenCategories } from "./questions.js";
import { STEP_COUNT, state } from "./state.js";
import { reportSubject } from "./subject.js";

// The answer to choose instead when a "child" has turned 18: "En vuxen".
function adultAnswer() {
  return t("form.answers.kind.vuxen.label");
}

export function problem(target, message, container) {
  return { target, container: container || target, message };
}

// A question answered by choosing: the problem points at the chosen answer, or the first.
export function groupProblem(fieldset, message) {
  const inputs = $$("input", fieldset);
  const target = inputs.find((input) => input.checked) || inputs[0] || fieldset;
  return problem(target, message, fieldset);
}

// The person (not a guardian) the field belongs to is a child.
function isChildField(input) {
  const section = input.closest("[data-person]");
  return !!section && !input.closest("[data-guardian]") && personKind(section) === CHILD;
}

function labelText(element) {
  let label = element.id ? $('label[for="' + element.id + '"]') : null;
  if (!label) {
    const fieldset = element.closest("fieldset");
    label = fieldset ? $("legend", fieldset) : null;
  }
  if (!label) return "";
  const clone = label.cloneNode(true);
  $$(".choice-hint, [data-person-prefix]", clone).forEach((node) => node.remove());
  return clone.textContent.split(t("form.optional")).join("").replace(/\s+/g, " ").trim();
}

// The problem with a written value, or "": a field of a kind (data-kind) by its pattern, other text by its length.
function valueProblem(input, value) {
  const kind = input.getAttribute("data-kind");
  const max = kind ? 0 : maxLength(input.getAttribute("data-path"));
  if (max && value.length > max) {
    return t("form.validation.tooLong", {
      label: labelText(input),
      max: max.toLocaleString(locale()),
      count: value.length.toLocaleString(locale()),
    });
  }
  if (kind === "phone" && !isPhoneNumber(value)) return t("form.validation.phone");
  if (kind === "email" && !isEmail(value)) return t("form.validation.email");
  if (kind === "personnummer") {
    const born = personnummerBirthDate(value);
    if (!born) return t("form.validation.personnummer");
    if (isChildField(input) && hasTurned18(born)) {
      return t("form.validation.personnummerAdult", { adult: adultAnswer() });
    }
  }
  if (kind === "date") {
    const date = isoDate(value);
    if (!date) return t("form.validation.date");
    if (date > todayIso()) return t("form.validation.dateInFuture");
    if (isChildField(input) && hasTurned18(date)) {
      return t("form.validation.dateAdult", { adult: adultAnswer() });
    }
  }
  if (kind === "expected-date") {
    const date = isoDate(value);
    if (!date) return t("form.validation.expectedDate");
    if (date < isoDaysFromToday(-EXPECTED_BIRTH_DAYS_BACK)) return t("form.validation.expectedDatePast");
    if (date > isoDaysFromToday(EXPECTED_BIRTH_DAYS_AHEAD)) return t("form.validation.expectedDateFar");
  }
  if (kind === "age" && !isAge(value)) return t("form.validation.age");
  if (kind === "age" && isChildField(input) && Number(value) >= ADULT_AGE) {
    return t("form.validation.ageAdult", { adult: adultAnswer() });
  }
  return "";
}

function validateInputs(section) {
  const problems = [];
  $$("input[type=text], input[type=tel], input[type=email], textarea", section).forEach((input) => {
    if (!isActive(input)) return;
    const value = text(input.value);
    if (!value) {
      const required = input.getAttribute("data-required");
      if (required) problems.push(problem(input, required));
      return;
    }
    const message = valueProblem(input, value);
    if (message) problems.push(problem(input, message));
  });
  return problems;
}

function reporterProblems(section) {
  const problems = [];
  const type = checkedValue("reporterType");
  if (!type) problems.push(groupProblem($("#reporter-type"), t("form.validation.reporterType")));
  if (type === PRIVATE_REPORTER && state.anonymousAllowed && !checkedValue("anonymous")) {
    problems.push(groupProblem($("#anonymity"), t("form.validation.anonymous")));
  }
  problems.push(...validateInputs(section));
  if (type === PROFESSIONAL_REPORTER && !trimmed($("#professional-phone")) && !trimmed($("#professional-email"))) {
    problems.push(problem($("#professional-phone"), t("form.validation.workContact")));
  }
  return problems;
}

function personProblems(section) {
  const problems = [];
  persons().forEach((person) => {
    if (!personKind(person)) {
      problems.push(groupProblem($('fieldset[data-key="kind"]', person), t("form.validation.kind")));
    }
  });
  problems.push(...validateInputs(section));
  return problems;
}

function concernProblems(section) {
  const problems = validateInputs(section);
  if (!chosenCategories().length) {
    problems.push(groupProblem($("#concern-categories"), t("form.validation.categories")));
  } else if (!checkedValue("mainCategory")) {
    problems.push(groupProblem($("#main-category"), t("form.validation.mainCategory")));
  }
  if (!checkedValue("acuteDanger")) {
    const key = reportSubject() === "self" ? "form.validation.acuteDangerSelf" : "form.validation.acuteDanger";
    problems.push(groupProblem($("#acute-danger"), t(key)));
  }
  return problems;
}

function otherProblems(section) {
  const problems = [];
  if (!checkedValue("interpreterNeeded")) {
    problems.push(groupProblem($("#interpreter"), t("form.validation.interpreter")));
  }
  problems.push(...validateInputs(section));
  return problems;
}

const CHECKS = { 1: reporterProblems, 2: personProblems, 3: concernProblems, 4: otherProblems };

export function validateStep(step) {
  const check = CHECKS[step];
  const problems = check ? check(stepSection(step)) : [];
  // Show problems in the order the fields come on the page.
  problems.sort((a, b) => {
    if (a.target === b.target) return 0;
    return a.target.compareDocumentPosition(b.target) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
  });
  return problems;
}

// The first step (of those written in, 1–4) that is not yet as it must be, with its problems; or null.
export function firstInvalidStep() {
  for (let step = 1; step < STEP_COUNT; step += 1) {
    const problems = validateStep(step);
    if (problems.length) return { step, problems };
  }
  return null;
}
