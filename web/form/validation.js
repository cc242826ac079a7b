// The checks before a step may be left, by the server's rules (web/shared/report-fields.js): each problem is
// {target, container, message}, in the order the fields come on the page. errors.js shows them.

import {
  ADULT_AGE,
  CHILD,
  PERSON_KINDS,
  PROFESSIONAL_REPORTER,
  PRIVATE_REPORTER,
  hasTurned18,
  isAge,
  isEmail,
  isPhoneNumber,
  isoDate,
  labels,
  maxLength,
  personnummerBirthDate,
  text,
  todayIso,
} from "../shared/report-fields.js";
import { $, $$, checkedValue, isActive, stepSection, trimmed } from "./dom.js";
import { personKind, persons } from "./persons.js";
import { chosenCategories } from "./questions.js";
import { STEP_COUNT, state } from "./state.js";

// The answer to choose instead when a "child" has turned 18: "En vuxen".
const ADULT_ANSWER = labels(PERSON_KINDS).vuxen;

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
  return clone.textContent.replace(/\(frivilligt\)/g, "").replace(/\s+/g, " ").trim();
}

// The problem with a written value, or "": a field of a kind (data-kind) by its pattern, other text by its length.
function valueProblem(input, value) {
  const kind = input.getAttribute("data-kind");
  const max = kind ? 0 : maxLength(input.getAttribute("data-path"));
  if (max && value.length > max) {
    return (
      labelText(input) + " får vara högst " + max.toLocaleString("sv-SE") + " tecken. Nu är det " +
      value.length.toLocaleString("sv-SE") + "."
    );
  }
  if (kind === "phone" && !isPhoneNumber(value)) return "Skriv telefonnumret med siffror, till exempel 070-123 45 67.";
  if (kind === "email" && !isEmail(value)) return "Skriv e-postadressen så här: namn@exempel.se.";
  if (kind === "personnummer") {
    const born = personnummerBirthDate(value);
    if (!born) {
      return (
        "Personnumret stämmer inte. Kontrollera siffrorna, eller lämna fältet tomt och fyll i " +
        "födelsedatum eller ålder."
      );
    }
    if (isChildField(input) && hasTurned18(born)) {
      return (
        "Ett barn är under 18 år, men enligt personnumret har personen fyllt 18. Kontrollera " +
        "siffrorna, eller välj " +
        ADULT_ANSWER +
        " under Vem gäller oron."
      );
    }
  }
  if (kind === "date") {
    const date = isoDate(value);
    if (!date) return "Skriv födelsedatumet som ÅÅÅÅ-MM-DD, till exempel 2015-03-24.";
    if (date > todayIso()) return "Födelsedatumet kan inte vara i framtiden.";
    if (isChildField(input) && hasTurned18(date)) {
      return (
        "Ett barn är under 18 år, men enligt födelsedatumet har personen fyllt 18. Kontrollera " +
        "datumet, eller välj " +
        ADULT_ANSWER +
        " under Vem gäller oron."
      );
    }
  }
  if (kind === "age" && !isAge(value)) return "Skriv åldern med siffror, mellan 0 och 130.";
  if (kind === "age" && isChildField(input) && Number(value) >= ADULT_AGE) {
    return (
      "Ett barn är under 18 år. Skriv en ålder mellan 0 och 17, eller välj " +
      ADULT_ANSWER +
      " under Vem gäller oron om personen har fyllt 18."
    );
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
  if (!type) problems.push(groupProblem($("#reporter-type"), "Välj om du anmäler som privatperson eller i ditt arbete."));
  if (type === PRIVATE_REPORTER && state.anonymousAllowed && !checkedValue("anonymous")) {
    problems.push(groupProblem($("#anonymity"), "Välj om du vill vara anonym eller lämna ditt namn."));
  }
  problems.push(...validateInputs(section));
  if (type === PROFESSIONAL_REPORTER && !trimmed($("#professional-phone")) && !trimmed($("#professional-email"))) {
    problems.push(
      problem($("#professional-phone"), "Fyll i telefonnummer eller e-postadress i arbetet, så att vi kan nå dig.")
    );
  }
  return problems;
}

function personProblems(section) {
  const problems = [];
  persons().forEach((person) => {
    if (!personKind(person)) {
      problems.push(groupProblem($('fieldset[data-key="kind"]', person), "Välj vem oron gäller."));
    }
  });
  problems.push(...validateInputs(section));
  return problems;
}

function concernProblems(section) {
  const problems = validateInputs(section);
  if (!chosenCategories().length) {
    problems.push(groupProblem($("#concern-categories"), "Välj minst ett alternativ om vad oron gäller."));
  } else if (!checkedValue("mainCategory")) {
    problems.push(groupProblem($("#main-category"), "Välj vad oron främst gäller."));
  }
  if (!checkedValue("acuteDanger")) {
    problems.push(groupProblem($("#acute-danger"), "Svara ja eller nej på om någon är i akut fara just nu."));
  }
  return problems;
}

function otherProblems(section) {
  const problems = [];
  if (!checkedValue("interpreterNeeded")) {
    problems.push(groupProblem($("#interpreter"), "Svara ja eller nej på om någon behöver tolk."));
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
