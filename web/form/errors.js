// Problems shown: a summary at the top of the step (focused, with links that move to each field) and a message
// beside each field, tied to it with aria-describedby and aria-invalid. The page title then starts "Fel: ".

import { $, $$, make, stepSection } from "./dom.js";
import { t } from "./i18n.js";
import { persons } from "./persons.js";
import { goToStep, updateTitle } from "./steps.js";
import { REVIEW_STEP, nextId, state } from "./state.js";

function addDescribedBy(element, id) {
  const ids = (element.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
  if (!ids.includes(id)) ids.unshift(id);
  element.setAttribute("aria-describedby", ids.join(" "));
}

function removeDescribedBy(element, id) {
  const ids = (element.getAttribute("aria-describedby") || "").split(/\s+/).filter((value) => value && value !== id);
  if (ids.length) element.setAttribute("aria-describedby", ids.join(" "));
  else element.removeAttribute("aria-describedby");
}

export function clearErrors(step) {
  const section = stepSection(step);
  $$(".error-message", section).forEach((message) => {
    $$('[aria-describedby~="' + message.id + '"]', section).forEach((element) => {
      removeDescribedBy(element, message.id);
    });
    message.remove();
  });
  $$('[aria-invalid="true"]', section).forEach((element) => element.removeAttribute("aria-invalid"));
  $$(".has-error", section).forEach((element) => element.classList.remove("has-error"));
  const summary = $("[data-error-summary]", section);
  summary.hidden = true;
  summary.replaceChildren();
  if (state.errorStep === step) {
    state.errorStep = 0;
    updateTitle();
  }
}

function placeInlineError(item) {
  const { container, target } = item;
  const baseId = (target.id || container.id || nextId("error")) + "-error";
  const existing = document.getElementById(baseId);
  if (existing) {
    existing.lastChild.textContent = item.message;
    return;
  }
  const message = make("p", "error-message");
  message.id = baseId;
  message.appendChild(make("span", "visually-hidden", t("form.errors.prefix")));
  message.appendChild(document.createTextNode(item.message));
  if (container.tagName === "FIELDSET") {
    let anchor = container.querySelector("legend");
    const hint = container.querySelector(":scope > .hint");
    if (hint && !hint.hidden) anchor = hint;
    anchor.after(message);
    container.classList.add("has-error");
    addDescribedBy(container, message.id);
  } else if (container.matches("[data-person], [data-guardian]")) {
    $("[data-person-heading], [data-guardian-heading]", container).after(message);
  } else {
    (target.closest(".choice") || target).before(message);
    const wrapper = target.closest(".field");
    if (wrapper) wrapper.classList.add("has-error");
    target.setAttribute("aria-invalid", "true");
    addDescribedBy(target, message.id);
  }
}

function focusField(target) {
  const fieldset = target.closest("fieldset");
  let anchor = target.type === "radio" || target.type === "checkbox" ? fieldset && $("legend", fieldset) : null;
  if (!anchor && target.id) anchor = $('label[for="' + target.id + '"]');
  (anchor || target).scrollIntoView({ block: "start" });
  target.focus({ preventScroll: true });
}

// "Person 2, vårdnadshavare 1: " for the error summary; the inline message sits beside the field.
function context(element) {
  const person = element.closest("[data-person]");
  if (!person) return "";
  const values = { person: persons().indexOf(person) + 1 };
  const guardian = element.closest("[data-guardian]");
  if (!guardian) return t("form.errors.ofPerson", values);
  values.guardian = $$("[data-guardian]", person).indexOf(guardian) + 1;
  return t("form.errors.ofGuardian", values);
}

// problems: [{target, container, message}]; general: extra lines without a field (from the server).
export function showErrors(step, problems, general) {
  clearErrors(step);
  const section = stepSection(step);
  const summary = $("[data-error-summary]", section);
  const headingId = "step-" + step + "-error-heading";
  const heading = make("h3", null, t(step === REVIEW_STEP ? "form.errors.notSent" : "form.errors.heading"));
  heading.id = headingId;
  summary.setAttribute("aria-labelledby", headingId);
  summary.appendChild(heading);
  (general || []).forEach((line) => summary.appendChild(make("p", null, line)));
  const list = make("ul");
  problems.forEach((item) => {
    placeInlineError(item);
    const entry = make("li");
    if (item.target && item.target.id) {
      const link = make("a", null, context(item.target) + item.message);
      link.setAttribute("href", "#" + item.target.id);
      link.addEventListener("click", (event) => {
        event.preventDefault();
        focusField(item.target);
      });
      entry.appendChild(link);
    } else {
      entry.textContent = item.message;
    }
    list.appendChild(entry);
  });
  if (problems.length) summary.appendChild(list);
  summary.hidden = false;
  state.errorStep = step;
  if (state.step !== step) goToStep(step, { focus: false });
  updateTitle();
  summary.focus();
}
