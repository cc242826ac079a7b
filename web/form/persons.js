// Step 2: the persons the concern is about (up to 10) and a child's guardians (up to 4 each), from the page's
// templates. Each field gets a unique id and its path in the report (data-path, "persons.1.guardians.0.name"),
// which the checks and the server's errors point at.

import {
  ADULT_KINDS,
  AGE_PATTERN,
  CHILD,
  CHILD_AGE_PATTERN,
  CONSENT,
  KNOWLEDGE,
  MAX_GUARDIANS,
  MAX_PERSONS,
  ONESELF,
  PERSON_KINDS,
  PROFESSIONAL_REPORTER,
  UNKNOWN,
} from "../shared/report-fields.js";
import { $, $$, announce, answerIn, checkedValue, choice, make, worded } from "./dom.js";
import { t } from "./i18n.js";
import { nextId, state } from "./state.js";
import { reporterIsAnonymous, updateSubjectWords } from "./subject.js";

// The answers of the templates' questions, once, before the first person is added: who it is (with "Mig själv"
// marked, as a professional is not offered it), whether the person or guardian knows and whether an adult agrees
// to återkoppling (Vet inte chosen in both).
export function fillTemplates() {
  ["#person-template", "#guardian-template"].forEach((selector) => {
    const content = $(selector).content;
    $$('fieldset[data-choices="kind"]', content).forEach((fieldset) => {
      PERSON_KINDS.forEach((kind) => {
        const wrapper = choice("radio", answerIn("kind", kind), { "data-name": "kind" });
        if (kind.value === ONESELF) wrapper.setAttribute("data-oneself-choice", "");
        fieldset.append(wrapper);
      });
    });
    $$('fieldset[data-choices="knowledge"]', content).forEach((fieldset) => {
      KNOWLEDGE.forEach((answer) => {
        const attributes = answer.value === UNKNOWN ? { "data-name": "knows", checked: "" } : { "data-name": "knows" };
        fieldset.append(choice("radio", answerIn("knows", answer), attributes));
      });
    });
    $$('fieldset[data-choices="consent"]', content).forEach((fieldset) => {
      CONSENT.forEach((answer) => {
        const attributes = answer.value === UNKNOWN ? { "data-name": "consent", checked: "" } : { "data-name": "consent" };
        fieldset.append(choice("radio", answerIn("consent", answer), attributes));
      });
    });
  });
}

// Gives a cloned template's fields unique ids, names and label/hint links.
function wireTemplate(root, prefix) {
  $$("input[data-key], textarea[data-key]", root).forEach((input) => {
    input.id = prefix + "-" + input.getAttribute("data-key");
  });
  $$("label[data-for]", root).forEach((label) => {
    label.htmlFor = prefix + "-" + label.getAttribute("data-for");
  });
  $$("[data-hint-for]", root).forEach((hint) => {
    const key = hint.getAttribute("data-hint-for");
    hint.id = prefix + "-" + key + "-hint";
    // A text field, or a group of radio buttons (its fieldset) that the hint is about.
    const input = $('input[data-key="' + key + '"], fieldset[data-key="' + key + '"]', root);
    if (input) input.setAttribute("aria-describedby", hint.id);
  });
  const identity = $("[data-identity]", root);
  if (identity) {
    identity.id = prefix + "-identity";
    identity.setAttribute("aria-describedby", prefix + "-identity-hint");
  }
  $$("fieldset[data-key]", root).forEach((fieldset) => {
    fieldset.id = prefix + "-" + fieldset.getAttribute("data-key");
  });
  $$('input[type="radio"][data-name]', root).forEach((radio) => {
    radio.name = prefix + "-" + radio.getAttribute("data-name");
    radio.id = radio.name + "-" + radio.value;
    const label = radio.nextElementSibling;
    if (label && label.tagName === "LABEL") label.htmlFor = radio.id;
  });
}

export function persons() {
  return $$("#persons > [data-person]");
}

// A person's own field, not one of its guardians' fields of the same name.
export function field(root, key) {
  const inGuardian = !root.matches("[data-guardian]");
  return $$('[data-key="' + key + '"]', root).find((element) => !(inGuardian && element.closest("[data-guardian]")));
}

export function personKind(section) {
  return checkedValue(section.getAttribute("data-pid") + "-kind", section);
}

// Consent to återkoppling is asked about an adult someone else reports about, while the reporter is a professional
// who asked for återkoppling: otherwise there is no återkoppling for it to allow.
export function asksFeedbackConsent(section) {
  const wantsFeedback = checkedValue("reporterType") === PROFESSIONAL_REPORTER && $("#professional-feedback").checked;
  return wantsFeedback && ADULT_KINDS.includes(personKind(section));
}

export function isUnborn(section) {
  return personKind(section) === CHILD && field(section, "unborn").checked;
}

export function addPerson(focus) {
  if (persons().length >= MAX_PERSONS) return null;
  const fragment = $("#person-template").content.cloneNode(true);
  const section = $("[data-person]", fragment);
  const prefix = nextId("p");
  section.setAttribute("data-pid", prefix);
  wireTemplate(section, prefix);
  const heading = $("[data-person-heading]", section);
  heading.id = prefix + "-heading";
  $("#persons").appendChild(section);
  updatePerson(section);
  renumber();
  if (focus) {
    heading.focus();
    announce(t("form.announce.added", { name: heading.textContent }));
  }
  return section;
}

export function addGuardian(section, focus) {
  const list = $("[data-guardians]", section);
  if (list.children.length >= MAX_GUARDIANS) return null;
  const fragment = $("#guardian-template").content.cloneNode(true);
  const guardian = $("[data-guardian]", fragment);
  const prefix = nextId(section.getAttribute("data-pid") + "-g");
  wireTemplate(guardian, prefix);
  const heading = $("[data-guardian-heading]", guardian);
  heading.id = prefix + "-heading";
  list.appendChild(guardian);
  renumber();
  if (focus) {
    heading.focus();
    announce(t("form.announce.added", { name: heading.textContent }));
  }
  return guardian;
}

function setPaths(root, base) {
  $$("[data-key]", root).forEach((element) => {
    if (element.closest("[data-guardian]") && !root.matches("[data-guardian]")) return;
    element.setAttribute("data-path", base + "." + element.getAttribute("data-key"));
  });
  root.setAttribute("data-path", base);
}

// The child before this one in the list (the sibling whose guardians this one may share), or null.
function previousChild(section) {
  const all = persons();
  const before = all.slice(0, all.indexOf(section)).reverse();
  return before.find((person) => personKind(person) === CHILD) || null;
}

// "Samma vårdnadshavare som person 1": for a child after another child who has guardians written in.
function updateCopyGuardians(section) {
  const button = $("[data-copy-guardians]", section);
  const source = personKind(section) === CHILD ? previousChild(section) : null;
  button.hidden = !source || !$("[data-guardian]", source);
  if (source) button.textContent = t("form.guardian.copy", { number: persons().indexOf(source) + 1 });
}

// The previous child's guardians (name, phone, address, whether they know) become this child's, in place of
// any written here; they can be changed afterwards. Focus goes to the first, and a screen reader is told.
export function copyGuardians(section) {
  const source = previousChild(section);
  if (!source) return;
  $$("[data-guardian]", section).forEach((guardian) => guardian.remove());
  const copies = $$("[data-guardian]", source).map((original) => {
    const copy = addGuardian(section, false);
    ["name", "phone", "address"].forEach((key) => {
      field(copy, key).value = field(original, key).value;
    });
    const knows = checkedValue($('input[type="radio"]', original).name, original);
    $$('input[type="radio"]', copy).forEach((radio) => {
      radio.checked = radio.value === knows;
    });
    return copy;
  });
  renumber();
  state.dirty = true;
  if (copies.length) $("[data-guardian-heading]", copies[0]).focus();
  const all = persons();
  announce(t("form.announce.guardiansCopied", { from: all.indexOf(source) + 1, to: all.indexOf(section) + 1 }));
}

// The persons' and guardians' numbered words, in the form's language (also after it changes).
export function renumber() {
  const all = persons();
  all.forEach((section, index) => {
    const number = index + 1;
    const base = "persons." + index;
    $("[data-person-heading]", section).textContent = t("form.person.heading", { number });
    const remove = $("[data-remove-person]", section);
    remove.textContent = t("form.person.remove", { number });
    remove.hidden = all.length === 1;
    setPaths(section, base);
    const guardians = $$("[data-guardian]", section);
    guardians.forEach((guardian, guardianIndex) => {
      const guardianNumber = guardianIndex + 1;
      const ofPerson = all.length > 1 ? "OfPerson" : "";
      const values = { number: guardianNumber, person: number };
      $("[data-guardian-heading]", guardian).textContent = t("form.guardian.numbered" + ofPerson, values);
      $("[data-remove-guardian]", guardian).textContent = t("form.guardian.remove" + ofPerson, values);
      setPaths(guardian, base + ".guardians." + guardianIndex);
    });
    $("[data-add-guardian]", section).hidden = guardians.length >= MAX_GUARDIANS;
    updateCopyGuardians(section);
    $("[data-guardians-max]", section).hidden = guardians.length < MAX_GUARDIANS;
    // Each person's questions name the person, for those who hear the form rather than see it.
    $$("legend", section).forEach((legend) => {
      let tag = $("[data-person-prefix]", legend);
      if (!tag) {
        tag = make("span", "visually-hidden");
        tag.setAttribute("data-person-prefix", "");
        legend.insertBefore(tag, legend.firstChild);
      }
      tag.textContent = t("form.person.prefix", { number });
    });
  });
  $("#add-person").hidden = all.length >= MAX_PERSONS;
  $("#add-person-hint").hidden = all.length >= MAX_PERSONS;
  $("#persons-max").hidden = all.length < MAX_PERSONS;
  updateSubjectWords();
}

export function updatePerson(section) {
  // A professional reports about someone else, never about themself: "Mig själv" is not offered.
  const professional = checkedValue("reporterType") === PROFESSIONAL_REPORTER;
  const oneself = $("[data-oneself-choice]", section);
  oneself.hidden = professional;
  if (professional) $("input", oneself).checked = false;
  const kind = personKind(section);
  const isChild = kind === CHILD;
  const unborn = isUnborn(section);
  // An unborn child has no school and cannot know about the report: those questions are not asked; its
  // expected date of birth is.
  $$("[data-child-only], [data-not-self], [data-born-only], [data-unborn-only]", section).forEach((element) => {
    element.hidden =
      (element.hasAttribute("data-child-only") && !isChild) ||
      (element.hasAttribute("data-not-self") && kind === ONESELF) ||
      (element.hasAttribute("data-born-only") && unborn) ||
      (element.hasAttribute("data-unborn-only") && !unborn);
  });
  // An anonymous report about oneself cannot be answered: said under the choice, while both hold.
  const note = $("[data-anonymous-self-note]", section);
  const anonymousSelf = kind === ONESELF && reporterIsAnonymous();
  if (anonymousSelf !== !!note.firstChild) {
    note.replaceChildren(...(anonymousSelf ? [worded("p", "notice", "form.person.anonymousSelf")] : []));
  }
  $("[data-consent-only]", section).hidden = !asksFeedbackConsent(section);
  $("[data-identity]", section).hidden = unborn;
  // A child is under 18: the age field says so, and its pattern allows 0–17 only.
  field(section, "age").setAttribute("pattern", isChild ? CHILD_AGE_PATTERN : AGE_PATTERN);
  $('[data-hint-for="age"]', section).textContent = t(isChild ? "form.person.ageHintChild" : "form.person.ageHint");
  // A child's kind decides whether the children after it may copy its guardians.
  persons().forEach(updateCopyGuardians);
  updateSubjectWords();
}

export function removePerson(section) {
  const index = persons().indexOf(section);
  section.remove();
  renumber();
  const remaining = persons();
  const target = remaining[Math.min(index, remaining.length - 1)];
  $("[data-person-heading]", target).focus();
  announce(t("form.announce.personRemoved", { number: index + 1 }));
}

export function removeGuardian(guardian) {
  const section = guardian.closest("[data-person]");
  const heading = $("[data-guardian-heading]", guardian).textContent;
  guardian.remove();
  renumber();
  $("[data-add-guardian]", section).focus();
  announce(t("form.announce.removed", { name: heading }));
}
