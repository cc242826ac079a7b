// Attached files (docs/architecture.md, "The upload contract for the form"). On step 4 the reporter chooses
// files where the municipality takes them (config.json's attachments: how many, how large, which types); each is
// checked here as the API will check it, with the API's own words. Nothing is sent with the report: once the
// receipt is shown (the report is stored), each file is offered to the API with the receipt's token and posted
// straight to S3, one at a time, with its status on the receipt. A file that does not arrive never makes the
// report look unsent; the receipt says which did not, and to mention them when calling.

import { $, announce, form, make } from "./dom.js";
import { clearErrors, showErrors } from "./errors.js";
import { currentLanguage, locale, t } from "./i18n.js";
import { state } from "./state.js";
import { problem } from "./validation.js";

const STEP = 4;
const MEGABYTE = 1024 * 1024;
// An upload form (presigned POST) is valid 15 minutes; one older than this is asked for anew.
const UPLOAD_FORM_REUSE_MS = 14 * 60 * 1000;

let chosen = []; // [{file, contentType}] on step 4
let refused = []; // [{name, key, values}]: the last choice's refusals, shown again in another language
let uploads = []; // [{file, contentType, status, reason, retry, form, formAt}] on the receipt
let offer = null; // the receipt's attachments: {reportId, token, expiresAt}
let queue = Promise.resolve();

const input = $("#attachment-input");
const list = $("#attachment-list");

function limits() {
  const value = state.config && state.config.attachments;
  return value && Array.isArray(value.types) && value.maxFiles > 0 ? value : null;
}

function ending(name) {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot).toLowerCase() : "";
}

// The allowed type whose endings the name has, as the API matches name and type.
function typeOf(name) {
  const found = limits().types.find((type) => type.endings.includes(ending(name)));
  return found ? found.contentType : null;
}

function allowedTypes() {
  return limits()
    .types.map((type) => t("api.attachments.types." + type.name))
    .join(", ");
}

// The API's way of writing a limit ("10 MB"), so that the form's words are the API's refusal.
function megabytes(size) {
  return String(Number((size / MEGABYTE).toPrecision(6))).replace(".", ",") + " MB";
}

function shownSize(size) {
  const unit = size >= MEGABYTE ? "megabyte" : "kilobyte";
  const value = size / (unit === "megabyte" ? MEGABYTE : 1024);
  return new Intl.NumberFormat(locale(), { style: "unit", unit, maximumFractionDigits: 1 }).format(value);
}

/* ---------- Step 4: choosing ---------- */

function renderChosen() {
  list.replaceChildren(
    ...chosen.map((entry, index) => {
      const item = make("li", "attachment");
      item.appendChild(make("span", "attachment-name", entry.file.name));
      item.appendChild(make("span", "attachment-size", shownSize(entry.file.size)));
      const remove = make("button", "link-button", t("form.attachments.remove"));
      remove.type = "button";
      remove.setAttribute("data-remove-attachment", String(index));
      remove.appendChild(make("span", "visually-hidden", " " + entry.file.name));
      item.appendChild(remove);
      return item;
    })
  );
  list.hidden = !chosen.length;
}

// The field, its limits in words and what the picker offers; hidden where the municipality takes no files.
export function showAttachmentField() {
  const field = $("#attachments-field");
  const offered = limits();
  field.hidden = !offered;
  if (!offered) {
    chosen = [];
    renderChosen();
    return;
  }
  $("#attachment-hint").textContent = t("form.attachments.hint", {
    count: offered.maxFiles,
    size: megabytes(offered.maxBytesPerFile),
    allowed: allowedTypes(),
  });
  input.setAttribute(
    "accept",
    offered.types.flatMap((type) => [...type.endings, type.contentType]).join(",")
  );
  renderChosen();
}

// {contentType} when the file may be attached, else the refusal's key and values (the API's words).
function refusal(file) {
  const offered = limits();
  const contentType = typeOf(file.name);
  if (!contentType) return { key: "api.attachments.wrongType", values: { allowed: allowedTypes() } };
  if (file.size > offered.maxBytesPerFile) {
    return { key: "api.attachments.tooLarge", values: { size: megabytes(offered.maxBytesPerFile) } };
  }
  if (!file.size) return { key: "form.attachments.empty", values: {} };
  if (chosen.length >= offered.maxFiles) {
    return { key: "api.attachments.tooMany", values: { count: offered.maxFiles } };
  }
  return { contentType };
}

// The last choice's refusals as problems for the error summary, in the form's language now.
export function refusalProblems() {
  return refused.map((item) => {
    const values = item.key === "api.attachments.wrongType" ? { allowed: allowedTypes() } : item.values;
    return problem(input, t("form.attachments.problem", { name: item.name, message: t(item.key, values) }));
  });
}

function choose() {
  const files = Array.from(input.files || []);
  input.value = ""; // the same file may be chosen again after a removal
  if (!files.length || !limits()) return;
  const added = [];
  refused = [];
  files.forEach((file) => {
    const found = refusal(file);
    if (found.contentType) {
      chosen.push({ file, contentType: found.contentType });
      added.push(file.name);
    } else {
      refused.push({ name: file.name, key: found.key, values: found.values });
    }
  });
  renderChosen();
  if (refused.length) showErrors(STEP, refusalProblems());
  else clearErrors(STEP);
  if (added.length) announce(t("form.attachments.added", { names: added.join(", ") }));
}

function remove(index) {
  const [removed] = chosen.splice(index, 1);
  renderChosen();
  const buttons = list.querySelectorAll("[data-remove-attachment]");
  (buttons[Math.min(index, buttons.length - 1)] || input).focus();
  if (removed) announce(t("form.attachments.removed", { name: removed.file.name }));
}

export function chosenFileNames() {
  return limits() ? chosen.map((entry) => entry.file.name) : null;
}

export function clearChosenFiles() {
  chosen = [];
  refused = [];
  input.value = "";
  renderChosen();
}

input.addEventListener("change", choose);
// Fortsätt: a refusal was said once; what the step checks now is in the form.
form.addEventListener("submit", () => {
  refused = [];
});
list.addEventListener("click", (event) => {
  const button = event.target.closest("[data-remove-attachment]");
  if (button) remove(Number(button.getAttribute("data-remove-attachment")));
});

/* ---------- The receipt: uploading ---------- */

function tokenValid() {
  return !!offer && Date.parse(offer.expiresAt) > Date.now();
}

function statusText(upload) {
  const name = upload.file.name;
  if (upload.status === "sending") return t("receipt.attachments.sending", { name });
  if (upload.status === "sent") return t("receipt.attachments.sent", { name });
  if (upload.status === "failed") return t("receipt.attachments.failed", { name, reason: upload.reason });
  return t("receipt.attachments.waiting", { name });
}

function setProgress(message) {
  const progress = $("#receipt-attachments-progress");
  progress.textContent = "";
  window.setTimeout(() => {
    progress.textContent = message;
  }, 50);
}

export function renderUploads() {
  const section = $("#receipt-attachments");
  section.hidden = !uploads.length;
  $("#receipt-attachment-list").replaceChildren(
    ...uploads.map((upload, index) => {
      const item = make("li", "attachment attachment-" + upload.status, statusText(upload));
      if (upload.status === "failed" && upload.retry && tokenValid()) {
        const retry = make("button", "button secondary no-print", t("receipt.attachments.retry"));
        retry.type = "button";
        retry.setAttribute("data-retry-attachment", String(index));
        retry.appendChild(make("span", "visually-hidden", " " + upload.file.name));
        item.append(" ", retry);
      }
      return item;
    })
  );
  const missing = uploads.filter((upload) => upload.status === "failed").map((upload) => upload.file.name);
  const note = $("#receipt-attachments-missing");
  note.hidden = !missing.length;
  note.textContent = missing.length ? t("receipt.attachments.missing", { names: missing.join(", ") }) : "";
}

function fail(upload, reason, retry) {
  if (!uploads.includes(upload)) return; // a new report was started meanwhile
  upload.status = "failed";
  upload.reason = reason;
  upload.retry = retry;
  renderUploads();
  setProgress(statusText(upload));
}

function answerOf(response) {
  return response
    .json()
    .catch(() => null)
    .then((data) => ({ status: response.status, data }));
}

// Step 2 of the contract: the upload form for this file (or the one already given, while it is valid).
function uploadForm(upload) {
  if (upload.form && Date.now() - upload.formAt < UPLOAD_FORM_REUSE_MS) return Promise.resolve(upload.form);
  return fetch("/api/reports/" + encodeURIComponent(offer.reportId) + "/attachments", {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json", "Accept-Language": currentLanguage() },
    body: JSON.stringify({
      token: offer.token,
      fileName: upload.file.name,
      contentType: upload.contentType,
      size: upload.file.size,
    }),
    credentials: "same-origin",
    cache: "no-store",
  })
    .then(answerOf)
    .then(({ status, data }) => {
      if (status === 201 && data && data.upload && typeof data.upload.url === "string") {
        upload.form = data.upload;
        upload.formAt = Date.now();
        return upload.form;
      }
      const message = data && typeof data.message === "string" && data.message;
      const retryable = status >= 500 || status === 429 || status === 408;
      throw { reason: message || t("receipt.attachments.reason." + (retryable ? "server" : "refused")), retryable };
    });
}

// Step 3: every field of the form, then the file, straight to the bucket.
function post(upload, target) {
  const body = new FormData();
  Object.entries(target.fields || {}).forEach(([name, value]) => body.append(name, value));
  body.append("file", upload.file);
  return fetch(target.url, { method: "POST", body, credentials: "omit", cache: "no-store" }).then((response) => {
    if (response.ok) return;
    upload.form = null; // refused or expired: the next try asks for a new form
    throw { reason: t("receipt.attachments.reason.refused"), retryable: true };
  });
}

function send(upload) {
  if (!tokenValid()) {
    fail(upload, t("receipt.attachments.reason.expired"), false);
    return Promise.resolve();
  }
  upload.status = "sending";
  renderUploads();
  setProgress(statusText(upload));
  return uploadForm(upload)
    .then((target) => post(upload, target))
    .then(
      () => {
        if (!uploads.includes(upload)) return;
        upload.status = "sent";
        upload.form = null;
        renderUploads();
        const done = uploads.every((each) => each.status === "sent");
        setProgress(done && uploads.length > 1 ? t("receipt.attachments.allSent") : statusText(upload));
      },
      (error) => {
        const known = error && typeof error.reason === "string";
        fail(upload, known ? error.reason : t("receipt.attachments.reason.network"), known ? error.retryable : true);
      }
    );
}

function enqueue(upload) {
  queue = queue.then(() => send(upload));
}

// The report is stored: upload what was chosen (the receipt's `attachments`, or null where none are taken).
export function startUploads(receiptOffer) {
  uploads = chosen.map((entry) => ({ file: entry.file, contentType: entry.contentType, status: "waiting" }));
  offer = receiptOffer && typeof receiptOffer.token === "string" ? receiptOffer : null;
  if (!uploads.length) {
    renderUploads();
    return;
  }
  if (!offer) {
    uploads.forEach((upload) => {
      upload.status = "failed";
      upload.reason = t("api.attachments.notOffered");
    });
    renderUploads();
    return;
  }
  renderUploads();
  uploads.forEach(enqueue);
}

export function resetUploads() {
  uploads = [];
  offer = null;
  renderUploads();
  $("#receipt-attachments-progress").textContent = "";
}

$("#receipt-attachment-list").addEventListener("click", (event) => {
  const button = event.target.closest("[data-retry-attachment]");
  if (!button) return;
  const upload = uploads[Number(button.getAttribute("data-retry-attachment"))];
  if (!upload || upload.status !== "failed") return;
  upload.status = "waiting";
  renderUploads();
  $("#receipt-attachments-heading").focus();
  enqueue(upload);
});

// The chosen files are the form's: a reset (a new report) forgets them.
form.addEventListener("reset", () => clearChosenFiles());
