// Step 6: the receipt (reference number, time received, what happens next, whom to call), and starting anew.
// Once the report is sent the form is emptied; only the reporter's copy of what was sent (copy.js) stays, in
// memory, until a new report or leaving the page.

import { resetUploads, startUploads } from "./attachments.js";
import { $, announce, form, make, phoneHref } from "./dom.js";
import { locale, t } from "./i18n.js";
import { clearErrors } from "./errors.js";
import { addPerson } from "./persons.js";
import { updateAcuteAdvice, updateInterpreter, updateMainCategory, updateReporter } from "./questions.js";
import { clearReview } from "./review.js";
import { goToStep } from "./steps.js";
import { RECEIPT_STEP, REVIEW_STEP, emergencyNumber, municipalityName, socialjour, state } from "./state.js";

const RECEIPT_TEXTS = ["#receipt-reference", "#receipt-received", "#receipt-municipality", "#receipt-socialjour-hours"];

// {answers: what the review showed when the report was sent (review.js), referenceNumber, receivedAt}: of the
// server's answer, only the reference number and the time received.
let copy = null;

export function sentCopy() {
  return copy;
}

export function formatReceived(value) {
  const date = new Date(value);
  if (isNaN(date.getTime())) return String(value || "");
  const zone = "Europe/Stockholm";
  const day = new Intl.DateTimeFormat(locale(), { timeZone: zone, day: "numeric", month: "long", year: "numeric" });
  const time = new Intl.DateTimeFormat(locale(), { timeZone: zone, hour: "2-digit", minute: "2-digit" });
  return t("receipt.when", { day: day.format(date), time: time.format(date).replace(":", t("receipt.timeSeparator")) });
}

export function hideSendProblem() {
  $("#send-problem").hidden = true;
  $("#retry-send").hidden = true;
  $("#send-as-new").hidden = true;
}

// An empty form, as at the start.
export function clearReport() {
  form.reset();
  $("#persons").replaceChildren();
  addPerson(false);
  for (let step = 1; step <= REVIEW_STEP; step += 1) clearErrors(step);
  hideSendProblem();
  clearReview();
  updateReporter();
  updateMainCategory();
  updateAcuteAdvice();
  updateInterpreter();
  state.submissionId = null;
  state.reachedReview = false;
  state.dirty = false;
  state.errorStep = 0;
}

// A report marked acute: its own box at the top says what was done about it and whom to call now (the server's
// words, in the reader's language); any other report has no such box.
function showAcute(acute) {
  const steps = acute && Array.isArray(acute.steps) ? acute.steps : [];
  $("#receipt-acute-steps").replaceChildren(...steps.map((text) => make("li", null, String(text))));
  $("#receipt-acute").hidden = steps.length === 0;
}

// The copy in the receipt, in the form's language; copy.js is fetched only now, never for the first screen.
export function showCopy() {
  // This copy, not whatever `copy` is when copy.js has come: dropped meanwhile (Back, a new report), it is null
  // then, and renderCopy sees that this one is no longer the sent copy.
  const shown = copy;
  if (shown) import("./copy.js").then((module) => module.renderCopy(shown), () => {}); // none: no copy shown
}

// The copy gone from memory and from the page.
export function dropCopy() {
  copy = null;
  const shown = $("#receipt-copy");
  if (shown) shown.remove();
}

// `answers`: what the review showed when the report was sent (submission.js).
export function showReceipt(data, answers) {
  showAcute(data.acute);
  $("#receipt-reference").textContent = String(data.referenceNumber);
  $("#receipt-received").textContent = formatReceived(data.receivedAt);
  $("#receipt-municipality").textContent =
    (typeof data.municipality === "string" && data.municipality) ||
    municipalityName() ||
    t("form.site.municipalityInText");
  const defaults = [t("receipt.defaultNext.protection"), t("receipt.defaultNext.decision")];
  const steps = Array.isArray(data.nextSteps) && data.nextSteps.length ? data.nextSteps : defaults;
  $("#receipt-next-steps").replaceChildren(...steps.map((text) => make("li", null, String(text))));
  $("#receipt-emergency").textContent = String(data.emergencyNumber || emergencyNumber());
  const jour = data.socialjour && typeof data.socialjour.phone === "string" ? data.socialjour : socialjour();
  $("#receipt-socialjour").hidden = !jour;
  if (jour) {
    const link = $("#receipt-socialjour-phone");
    link.textContent = jour.phone;
    link.setAttribute("href", phoneHref(jour.phone));
    $("#receipt-socialjour-hours").textContent = String(jour.hours || "");
  }
  copy = { answers, referenceNumber: String(data.referenceNumber), receivedAt: data.receivedAt };
  // The report is stored: now its chosen files are sent (attachments.js), then nothing of it stays in the form.
  startUploads(data.attachments);
  clearReport();
  goToStep(RECEIPT_STEP);
  showCopy();
}

export function newReport(options) {
  dropCopy();
  clearReport();
  RECEIPT_TEXTS.forEach((selector) => {
    $(selector).textContent = "";
  });
  $("#receipt-next-steps").replaceChildren();
  showAcute(null);
  resetUploads();
  goToStep(1, options);
  announce(t("receipt.cleared"));
}
