// Whom the report concerns, so that the form's words follow it: a child ("Lägg till ett barn till"), an adult or
// several kinds of person ("Lägg till en person till"), the reporter themself ("Är du i akut fara just nu?").
// An element names its words per subject in data-subject-keys ("child:form.persons.add;adult:form.persons.addPerson");
// a subject it does not name gets the adult's words, and the element keeps the chosen key in data-i18n, so that
// another language finds it.

import { CHILD, ONESELF, PRIVATE_REPORTER } from "../shared/report-fields.js";
import { $, $$, checkedValue } from "./dom.js";
import { translateElement } from "./i18n.js";
import { state } from "./state.js";

function chosenKinds() {
  return $$("#persons > [data-person]").map((section) => {
    const chosen = $$('input[data-name="kind"]', section).find((input) => input.checked);
    return chosen ? chosen.value : "";
  });
}

// "child" while every person so far is a child, "self" when the report is only about the reporter,
// "selfAndOthers" when the reporter is one of several, "adult" otherwise (a kind not chosen yet included).
export function reportSubject() {
  const kinds = chosenKinds();
  if (kinds.length && kinds.every((kind) => kind === CHILD)) return "child";
  if (kinds.length && kinds.every((kind) => kind === ONESELF)) return "self";
  if (kinds.includes(ONESELF)) return "selfAndOthers";
  return "adult";
}

// A private reporter who chose to be anonymous: an anonymous self-report cannot be answered.
export function reporterIsAnonymous() {
  return (
    checkedValue("reporterType") === PRIVATE_REPORTER && state.anonymousAllowed && checkedValue("anonymous") === "ja"
  );
}

function keysOf(element) {
  const keys = {};
  element
    .getAttribute("data-subject-keys")
    .split(";")
    .forEach((pair) => {
      const [subject, key] = pair.split(":");
      if (subject && key) keys[subject] = key;
    });
  return keys;
}

export function updateSubjectWords() {
  const subject = reportSubject();
  $$("[data-subject-keys]").forEach((element) => {
    const keys = keysOf(element);
    const key = keys[subject] || keys.adult;
    if (key && element.getAttribute("data-i18n") !== key) {
      element.setAttribute("data-i18n", key);
      translateElement(element);
    }
  });
  // Step 1 says it too when the reporter comes back to choose anonymity after "Mig själv".
  $("#anonymous-self-note").hidden = !(reporterIsAnonymous() && chosenKinds().includes(ONESELF));
}
