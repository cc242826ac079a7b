// Which step is shown: the step list's marking, the page title, the buttons' words, and the step's entry in the
// browser's history (navigation.js answers Back and Forward).
//
// Each step is an entry in the browser's history, so that Back goes to the step before; Back on the first step
// leaves the page as usual. An entry holds the step's number only ({oroStep, oroFrom}, URL #steg-N): nothing
// anyone wrote goes into the history or the address. What is written stays in the page.

import { $, $$, stepSection, stepTitle } from "./dom.js";
import { t } from "./i18n.js";
import { renderReview } from "./review.js";
import { REVIEW_STEP, STEP_COUNT, municipalityName, state } from "./state.js";

export function updateTitle() {
  const prefix = state.errorStep === state.step ? t("form.errors.prefix") : "";
  const count = t("form.step.count", { step: state.step, count: STEP_COUNT });
  const stepText = state.step <= STEP_COUNT ? count + ": " : "";
  const name = municipalityName();
  document.title = prefix + stepText + stepTitle(state.step) + " – " + t("form.heading") + (name ? " – " + name : "");
}

export function goToStep(step, options) {
  const focus = !options || options.focus !== false;
  const from = state.step;
  state.step = step;
  if (state.errorStep !== step) state.errorStep = 0;
  $$(".step").forEach((section) => {
    section.hidden = Number(section.getAttribute("data-step")) !== step;
  });
  $$("#step-list li").forEach((item) => {
    const itemStep = Number(item.getAttribute("data-step"));
    if (itemStep === step) item.setAttribute("aria-current", "step");
    else item.removeAttribute("aria-current");
    item.classList.toggle("done", itemStep < step);
  });
  if (step === REVIEW_STEP) {
    state.reachedReview = true;
    renderReview();
  }
  updateButtons();
  updateTitle();
  if (!options || options.history !== false) recordStep(step, from);
  if (focus) $(".step-heading", stepSection(step)).focus();
}

// Fortsätt, or once the review is reached, back to it.
export function updateButtons() {
  $$("#report-form .step[data-step] .step-buttons .primary").forEach((button) => {
    if (button.id === "send-button") return;
    button.textContent = t(state.reachedReview ? "form.buttons.backToReview" : "form.buttons.continue");
  });
}

/* ---------- The step's entry in the browser's history ---------- */

function stepUrl(step) {
  return "#steg-" + step;
}

export function historyStep() {
  const entry = window.history.state;
  return entry && typeof entry.oroStep === "number" ? entry.oroStep : 0;
}

function recordStep(step, from) {
  if (historyStep() === step) return;
  window.history.pushState({ oroStep: step, oroFrom: from }, "", stepUrl(step));
}

export function replaceStep(step, url) {
  window.history.replaceState({ oroStep: step }, "", url === undefined ? stepUrl(step) : url);
}

// The page's first entry is step 1; a #steg-N left from before a reload is dropped (nothing was kept).
export function startHistory() {
  const hash = /^#steg-\d+$/.test(window.location.hash) ? "" : window.location.hash;
  replaceStep(1, window.location.pathname + window.location.search + hash);
}
