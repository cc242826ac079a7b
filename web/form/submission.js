// Sending the report and what the API answers: the receipt, the server's errors beside the fields they concern,
// or a problem box that keeps everything and offers to try again. Every attempt to send the same report carries
// the same submissionId, so that a report that did arrive is taken only once.

import { buildSubmission } from "./answers.js";
import { $, $$, isActive, stepOf } from "./dom.js";
import { currentLanguage, t } from "./i18n.js";
import { clearErrors, showErrors } from "./errors.js";
import { hideSendProblem, showReceipt } from "./receipt.js";
import { reviewedAnswers } from "./review.js";
import { goToStep } from "./steps.js";
import { REVIEW_STEP, STEP_COUNT, socialjour, state } from "./state.js";
import { firstInvalidStep, groupProblem, problem } from "./validation.js";

// Server paths that name a whole object: point them at its first question.
const PATH_ALIASES = {
  reporter: "reporter.type",
  concern: "concern.description",
  interpreter: "interpreter.needed",
};
// What went wrong when sending, by kind: network, server, conflict, tooLarge, rejected.
function sendProblem(kind) {
  return t("form.send.problem." + kind);
}

function newSubmissionId() {
  if (window.crypto && typeof window.crypto.randomUUID === "function") return window.crypto.randomUUID();
  const bytes = window.crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => (byte + 0x100).toString(16).slice(1)).join("");
  return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
}

function setSending(sending) {
  state.sending = sending;
  ["#send-button", "#retry-send", "#send-as-new"].forEach((selector) => {
    const button = $(selector);
    if (sending) button.setAttribute("aria-disabled", "true");
    else button.removeAttribute("aria-disabled");
  });
  $("#send-status").textContent = sending ? t("form.send.sending") : "";
}

function showSendProblem(kind, serverMessage) {
  const box = $("#send-problem");
  let text = sendProblem(kind);
  if (serverMessage && (kind === "rejected" || kind === "conflict" || kind === "tooLarge")) {
    text = serverMessage + " " + (kind === "conflict" ? sendProblem("conflict") : "");
  }
  $("#send-problem-message").textContent = text.trim();
  const jour = socialjour();
  $("#send-problem-kept").textContent = jour
    ? t("form.send.keptUrgentJour", { phone: jour.phone })
    : t("form.send.keptUrgent");
  $("#retry-send").hidden = !(kind === "network" || kind === "server");
  $("#send-as-new").hidden = kind !== "conflict";
  box.hidden = false;
  box.focus();
}

function elementForPath(path) {
  const parts = String(path || "").split(".");
  while (parts.length) {
    let candidate = parts.join(".");
    candidate = PATH_ALIASES[candidate] || candidate;
    const found = $$('[data-path="' + CSS.escape(candidate) + '"]').filter(isActive);
    if (found.length) return found[0];
    parts.pop();
  }
  return null;
}

function problemForElement(element, message) {
  if (element.matches("[data-person], [data-guardian]")) {
    const heading = $("[data-person-heading], [data-guardian-heading]", element);
    return problem(heading, message, element);
  }
  if (element.tagName === "FIELDSET") return groupProblem(element, message);
  if (element.type === "checkbox") return problem(element, message, element.closest(".field") || element);
  return problem(element, message);
}

// The server's errors beside the fields they name, on the first step with one; the rest in the summary.
function handleServerErrors(data) {
  const byStep = {};
  const unplaced = [];
  (data.errors || []).forEach((error) => {
    if (!error || typeof error.message !== "string") return;
    const element = elementForPath(error.field);
    const step = element ? stepOf(element) : 0;
    if (!element || !step || step >= STEP_COUNT) {
      unplaced.push(error.message);
      return;
    }
    (byStep[step] = byStep[step] || []).push(problemForElement(element, error.message));
  });
  const steps = Object.keys(byStep)
    .map(Number)
    .sort((a, b) => a - b);
  const general = [];
  if (typeof data.message === "string" && data.message) general.push(data.message);
  if (steps.length) {
    goToStep(steps[0], { focus: false });
    showErrors(steps[0], byStep[steps[0]], general.concat(unplaced));
  } else {
    const lines = general.concat(unplaced);
    showErrors(REVIEW_STEP, [], lines.length ? lines : [t("form.send.check")]);
  }
}

// `answers`: what the review showed as this report was sent, for the reporter's copy (receipt.js).
function handleResponse(status, data, answers) {
  const message = data && typeof data.message === "string" ? data.message : "";
  if ((status === 200 || status === 201) && data && data.referenceNumber) {
    showReceipt(data, answers);
  } else if (status === 409) {
    showSendProblem("conflict", message);
  } else if (status === 413) {
    showSendProblem("tooLarge", message);
  } else if (status >= 500 || status === 408 || status === 429 || (status >= 200 && status < 300)) {
    showSendProblem("server");
  } else if (data && Array.isArray(data.errors) && data.errors.length) {
    handleServerErrors(data);
  } else {
    showSendProblem("rejected", message);
  }
}

// asNew: after a conflict, the same content as a new report (a new submissionId).
export function send(asNew) {
  if (state.sending) return;
  const invalid = firstInvalidStep();
  if (invalid) {
    goToStep(invalid.step, { focus: false });
    showErrors(invalid.step, invalid.problems);
    return;
  }
  clearErrors(REVIEW_STEP);
  hideSendProblem();
  if (!state.submissionId || asNew) state.submissionId = newSubmissionId();
  const body = JSON.stringify(buildSubmission());
  const answers = reviewedAnswers(); // the same answers as the body, kept for the copy in memory only
  setSending(true);
  fetch("/api/reports", {
    method: "POST",
    // The API answers its problems in the form's language (the report itself is sent as written).
    headers: {
      "Content-Type": "application/json",
      Accept: "application/json",
      "Accept-Language": currentLanguage(),
    },
    body,
    credentials: "same-origin",
    cache: "no-store",
  })
    .then(
      (response) =>
        response
          .json()
          .catch(() => null)
          .then((data) => {
            setSending(false);
            handleResponse(response.status, data, answers);
          }),
      () => {
        setSending(false);
        showSendProblem("network");
      }
    )
    .catch(() => {
      setSending(false);
      showSendProblem("server");
    });
}
