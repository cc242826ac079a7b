/*
 * Orosanmälan – e-tjänstens formulär: the page's events and its start.
 *
 * Plain ES modules, no framework, no build step. Rules that hold in every module:
 *  - What anyone writes is only ever shown with textContent, never as HTML.
 *  - Nothing is kept in localStorage, sessionStorage or cookies (computers are shared).
 *  - The same submissionId is used for every new attempt to send the same report.
 *
 * The modules: dom.js (helpers), state.js (what the form keeps, the municipality's settings), config.js
 * (config.json), steps.js (the step shown and its history entry), navigation.js (Fortsätt, Tillbaka, the
 * browser's Back and Forward), questions.js (questions that follow other answers), persons.js (persons and
 * guardians), subject.js (words that follow whom the report concerns), validation.js (the checks), errors.js
 * (the error summary and messages), answers.js (what is sent),
 * attachments.js (files chosen on step 4, uploaded after the receipt), review.js (Kontrollera och skicka),
 * submission.js (sending), receipt.js (the receipt, starting anew) and sign-in.js with reporter-session.js (signing
 * in, where the municipality offers it). The
 * report's answers, words, limits and JSON are web/shared/report-fields.js, shared with the staff's registration.
 * copy.js, copy.css and copy-pdf.js (the receipt's copy of what was sent) are fetched only when needed.
 */

// Every module is named here, so that the browser asks for them all at once: one found only inside another
// module would cost one more round trip before the form works, on a slow phone too.
import "../shared/report-fields.js";
import "./answers.js";
import "./config-fields.js";
import "./errors.js";
import "./reporter-session.js";
import "./review.js";
import "./subject.js";
import "./validation.js";
import { refusalProblems, renderUploads, showAttachmentField } from "./attachments.js";
import { loadConfig } from "./config.js";
import { showSignIn, startSignIn } from "./sign-in.js";
import { loadOfficeHours, showOfficeHours } from "./office-hours.js";
import { $, form } from "./dom.js";
import { showSwitch, startLanguage } from "./i18n.js";
import { back, followHistory, next } from "./navigation.js";
import {
  addGuardian,
  addPerson,
  copyGuardians,
  fillTemplates,
  persons,
  removeGuardian,
  removePerson,
  renumber,
  updatePerson,
} from "./persons.js";
import {
  fillCategories,
  fillLimits,
  fillReporterTypes,
  updateAcuteAdvice,
  updateInterpreter,
  updateMainCategory,
  updateReporter,
} from "./questions.js";
import { newReport, showCopy } from "./receipt.js";
import { renderReview } from "./review.js";
import { goToStep, startHistory, updateButtons, updateTitle } from "./steps.js";
import { RECEIPT_STEP, REVIEW_STEP, STEP_COUNT, state } from "./state.js";
import { send } from "./submission.js";
import { clearErrors, showErrors } from "./errors.js";
import { validateStep } from "./validation.js";

form.addEventListener("submit", (event) => {
  event.preventDefault();
  if (state.step === REVIEW_STEP) send(false);
  else if (state.step < STEP_COUNT) next();
});

form.addEventListener("input", () => {
  state.dirty = true;
});

form.addEventListener("change", (event) => {
  const target = event.target;
  state.dirty = true;
  if (target.name === "reporterType" || target.name === "anonymous") updateReporter();
  else if (target.id === "professional-feedback") persons().forEach(updatePerson); // asks or stops asking consent
  else if (target.name === "category") updateMainCategory();
  else if (target.name === "acuteDanger") updateAcuteAdvice();
  else if (target.name === "interpreterNeeded") updateInterpreter();
  const person = target.closest("[data-person]");
  if (person && (target.getAttribute("data-name") === "kind" || target.getAttribute("data-key") === "unborn")) {
    updatePerson(person);
    updateAcuteAdvice(); // its words follow whom the report concerns
  }
});

form.addEventListener("click", (event) => {
  const button = event.target.closest("button");
  if (!button || button.type !== "button") return;
  if (button.hasAttribute("data-back")) back();
  else if (button.hasAttribute("data-change-step")) goToStep(Number(button.getAttribute("data-change-step")));
  else if (button.id === "add-person") addPerson(true);
  else if (button.hasAttribute("data-remove-person")) removePerson(button.closest("[data-person]"));
  else if (button.hasAttribute("data-add-guardian")) addGuardian(button.closest("[data-person]"), true);
  else if (button.hasAttribute("data-copy-guardians")) copyGuardians(button.closest("[data-person]"));
  else if (button.hasAttribute("data-remove-guardian")) removeGuardian(button.closest("[data-guardian]"));
  else if (button.id === "retry-send") send(false);
  else if (button.id === "send-as-new") send(true);
  if (button.id === "add-person" || button.hasAttribute("data-remove-person")) updateAcuteAdvice();
});

$("#print-receipt").addEventListener("click", () => {
  $("#step-6").classList.remove("printing-copy"); // the receipt alone (copy.js)
  window.print();
});

$("#new-report").addEventListener("click", () => {
  newReport();
  startSignIn(); // the reporter step from the session again, if it is still there
});

window.addEventListener("beforeunload", (event) => {
  if (state.dirty && state.step <= STEP_COUNT) {
    event.preventDefault();
    event.returnValue = "";
  }
});

// Another language: what the page itself writes follows; what was typed and chosen stays as it is. Problems
// the form found are shown again in the new words (the server's come again when the report is sent).
function languageChanged() {
  showSignIn();
  showOfficeHours();
  fillLimits();
  renumber();
  persons().forEach(updatePerson);
  updateMainCategory();
  updateAcuteAdvice();
  updateButtons();
  showAttachmentField();
  renderUploads();
  if (state.step === REVIEW_STEP) renderReview();
  if (state.step === RECEIPT_STEP) showCopy();
  const errorStep = state.errorStep;
  if (errorStep) {
    clearErrors(errorStep);
    // A file refused on step 4 is not in the form: its refusal is kept by attachments.js.
    const problems = validateStep(errorStep).concat(errorStep === 4 ? refusalProblems() : []);
    if (problems.length) showErrors(errorStep, problems);
  }
  updateTitle();
}

followHistory();

// On a phone the urgent box shows its 112 line and folds the rest (socialjouren, office hours) under a summary, so
// that the first question is on the first screen; on a wider screen it is all open.
const phoneWidth = window.matchMedia("(max-width: 40rem)");
function fitUrgentBox() {
  $("#urgent-more").open = !phoneWidth.matches;
}
phoneWidth.addEventListener("change", fitUrgentBox);
fitUrgentBox();

/* ---------- Start ---------- */

await startLanguage();
showSwitch(languageChanged);
fillTemplates();
fillReporterTypes();
fillCategories();
fillLimits();
addPerson(false);
updateReporter();
updateMainCategory();
updateInterpreter();
startHistory();
goToStep(1, { focus: false, history: false });
loadConfig().then(startSignIn);
loadOfficeHours();
