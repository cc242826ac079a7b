// Small helpers for the page. What anyone writes is only ever shown with textContent, never as HTML.

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
  return $('#step-list li[data-step="' + step + '"]').textContent.trim();
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

// One answer of a list (web/shared/report-fields.js) as a radio button or checkbox with its label:
// <div class="choice"><input …><label>Ja <span class="choice-hint">…</span></label></div>.
export function choice(type, answer, attributes) {
  const wrapper = make("div", "choice");
  const input = document.createElement("input");
  input.type = type;
  input.value = answer.value;
  Object.entries(attributes || {}).forEach(([name, value]) => input.setAttribute(name, value));
  const label = make("label", null, answer.label);
  if (answer.hint) {
    label.append(" ", make("span", "choice-hint", answer.hint));
  }
  if (input.id) label.htmlFor = input.id;
  wrapper.append(input, label);
  return wrapper;
}
