// Small helpers for the page. What anyone writes is only ever shown with textContent, never as HTML.

import { t } from "./i18n.js";

export const form = document.getElementById("report-form");

export function $(selector, root) {
  return (root || document).querySelector(selector);
}

export function $$(selector, root) {
  return Array.from((root || document).querySelectorAll(selector));
}

export function make(tag, className, text) {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (text !== undefined && text !== null) element.textContent = String(text);
  return element;
}

// The value of the checked radio button named `name` (in the form, or in `root`), or "".
export function checkedValue(name, root) {
  const checked = $$('input[type="radio"]', root || form).find((input) => input.name === name && input.checked);
  return checked ? checked.value : "";
}

export function trimmed(element) {
  return element ? element.value.trim() : "";
}

export function announce(message) {
  const live = document.getElementById("live");
  live.textContent = "";
  window.setTimeout(() => {
    live.textContent = message;
  }, 50);
}

export function stepSection(step) {
  return document.getElementById("step-" + step);
}

export function stepOf(element) {
  const section = element.closest(".step");
  return section ? Number(section.getAttribute("data-step")) : 0;
}

// A step's name, as the list of steps at the top of the page says it.
export function stepTitle(step) {
  return t("form.steps." + step);
}

// Shown and in use: no hidden ancestor inside its step (the step itself may be hidden).
export function isActive(element) {
  if (element.hidden) return false;
  let node = element.parentElement;
  while (node && !node.classList.contains("step")) {
    if (node.hidden) return false;
    node = node.parentElement;
  }
  return true;
}

export function phoneHref(number) {
  return "tel:" + String(number).replace(/[^0-9+]/g, "");
}

// A text that follows the language (i18n.js): the element keeps its key, so a new language finds it.
export function worded(tag, className, key, values) {
  const element = make(tag, className, t(key, values));
  element.setAttribute("data-i18n", key);
  return element;
}

// One answer of a list (web/shared/report-fields.js) in the form's words, `group` naming the list in the
// catalogues: {value, key: "form.answers.<group>.<value>", hint: whether it has one}.
export function answerIn(group, answer) {
  return { value: answer.value, key: "form.answers." + group + "." + answer.value, hint: !!answer.hint };
}

// One answer as a radio button or checkbox with its label (answerIn):
// <div class="choice"><input …><label><span>Ja</span> <span class="choice-hint">…</span></label></div>.
export function choice(type, answer, attributes) {
  const wrapper = make("div", "choice");
  const input = document.createElement("input");
  input.type = type;
  input.value = answer.value;
  Object.entries(attributes || {}).forEach(([name, value]) => input.setAttribute(name, value));
  const label = make("label");
  label.appendChild(worded("span", null, answer.key + ".label"));
  if (answer.hint) {
    label.append(" ", worded("span", "choice-hint", answer.key + ".hint"));
  }
  if (input.id) label.htmlFor = input.id;
  wrapper.append(input, label);
  return wrapper;
}
