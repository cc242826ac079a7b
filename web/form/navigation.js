// Moving between steps: Fortsätt (only from a step that is filled in as it must be), Tillbaka, and the browser's
// Back and Forward over the steps' history entries (steps.js).

import { $, stepSection } from "./dom.js";
import { keepLanguageInAddress } from "./i18n.js";
import { clearErrors, showErrors } from "./errors.js";
import { newReport } from "./receipt.js";
import { goToStep, historyStep, replaceStep } from "./steps.js";
import { RECEIPT_STEP, REVIEW_STEP, STEP_COUNT, state } from "./state.js";
import { validateStep } from "./validation.js";

export function next() {
  const errors = validateStep(state.step);
  if (errors.length) {
    showErrors(state.step, errors);
    return;
  }
  clearErrors(state.step);
  goToStep(state.reachedReview ? REVIEW_STEP : state.step + 1);
}

// "Tillbaka" is the browser's Back when the entry before is the step before, so that the two agree.
export function back() {
  if (state.step <= 1 || state.goingBack) return;
  const entry = window.history.state;
  if (entry && entry.oroStep === state.step && entry.oroFrom === state.step - 1) {
    state.goingBack = true; // until the browser has gone back: a second click must not leave the page
    window.history.back();
  } else {
    goToStep(state.step - 1);
  }
}

// An in-page link (the skip link) made a new entry without a step: it belongs to the step shown.
function stampEntry() {
  if (!historyStep()) replaceStep(state.step, window.location.href);
}

function showStepFromHistory(target) {
  if (state.step === RECEIPT_STEP) {
    // The report is sent and nothing of it is left in the page: a new, empty form.
    newReport({ history: false });
    replaceStep(1);
    return;
  }
  if (target < 1 || target > STEP_COUNT) {
    replaceStep(state.step);
    return;
  }
  // Forward again: only over steps that are still filled in as they need to be. If one is not, it is
  // shown with its errors, and the history goes back to that step's entry (Forward may be tried again).
  const entry = window.history.state;
  for (let step = state.step; step < target; step += 1) {
    const errors = validateStep(step);
    if (errors.length) {
      goToStep(step, { focus: false, history: false });
      if (entry.oroFrom === step) window.history.back();
      else replaceStep(step);
      showErrors(step, errors);
      return;
    }
  }
  goToStep(target, { history: false });
}

function onPopState() {
  state.goingBack = false;
  keepLanguageInAddress();
  if (!historyStep()) {
    stampEntry();
    return;
  }
  if (historyStep() === state.step) return;
  showStepFromHistory(historyStep());
  // Back to an entry an in-page link made (#main): the browser then moves focus to the link's target.
  // The step shown starts at its heading, as after any other step change.
  const section = stepSection(state.step);
  window.setTimeout(() => {
    if (!section.hidden && !section.contains(document.activeElement)) $(".step-heading", section).focus();
  }, 0);
}

export function followHistory() {
  window.addEventListener("popstate", onPopState);
  window.addEventListener("hashchange", stampEntry);
}
