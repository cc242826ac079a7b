// The receipt's copy of what was sent: the review's rendering (review.js) of the answers kept when the report was
// sent, with the receipt's reference number and time. This module and its stylesheet (copy.css) are fetched only
// once a report is sent (receipt.js), so the form's first screen carries none of it. The copy is in this page's
// memory only; printing it or making its PDF (copy-pdf.js) asks the server for nothing.

import { $, make, worded } from "./dom.js";
import { t } from "./i18n.js";
import { renderAnswers } from "./review.js";
import { dropCopy, sentCopy } from "./receipt.js";

// Under the receipt's h2 and the copy's h3: the steps as h4, persons as h5.
const ON_RECEIPT = { level: 4, idPrefix: "copy-step-", changeButtons: false };

let styled = null;

// copy.css, once; the copy is shown when it has its look (or without it, should the file not come).
function stylesheet() {
  if (!styled) {
    styled = new Promise((resolve) => {
      const link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = "copy.css";
      link.onload = resolve;
      link.onerror = resolve;
      document.head.appendChild(link);
    });
  }
  return styled;
}

function printCopy() {
  const receipt = $("#step-6");
  const details = $("#copy-details");
  const wasOpen = details.open;
  // Only this print carries the copy (copy.css); "Skriv ut kvittensen" prints the receipt alone.
  receipt.classList.add("printing-copy");
  details.open = true;
  window.addEventListener(
    "afterprint",
    () => {
      receipt.classList.remove("printing-copy");
      details.open = wasOpen;
    },
    { once: true }
  );
  window.print();
}

function downloadCopy() {
  const copy = sentCopy();
  const button = $("#download-copy");
  if (!copy || button.getAttribute("aria-disabled") === "true") return;
  button.setAttribute("aria-disabled", "true");
  const status = $("#copy-status");
  status.textContent = t("receipt.copy.making");
  import("./copy-pdf.js")
    .then((pdf) => pdf.downloadPdf(copy, $("#receipt-copy-content")))
    .then(
      (fileName) => {
        status.textContent = t("receipt.copy.made", { file: fileName });
      },
      () => {
        status.textContent = t("receipt.copy.failed");
      }
    )
    .finally(() => button.removeAttribute("aria-disabled"));
}

function button(id, key, onClick) {
  const element = worded("button", "button secondary", key);
  element.type = "button";
  element.id = id;
  element.addEventListener("click", onClick);
  return element;
}

// The copy's section, in the form's language: heading, the two buttons, and the copy folded away.
function section(copy, open) {
  const root = make("section", "receipt-copy");
  root.id = "receipt-copy";
  root.setAttribute("aria-labelledby", "receipt-copy-heading");
  const heading = worded("h3", null, "receipt.copy.heading");
  heading.id = "receipt-copy-heading";
  const buttons = make("div", "step-buttons copy-buttons no-print");
  buttons.append(
    button("print-copy", "receipt.copy.print", printCopy),
    button("download-copy", "receipt.copy.download", downloadCopy)
  );
  const status = make("p", "no-print");
  status.id = "copy-status";
  status.setAttribute("role", "status");
  const content = make("div");
  content.id = "receipt-copy-content";
  renderAnswers(content, copy.answers, ON_RECEIPT);
  const details = make("details");
  details.id = "copy-details";
  details.open = open;
  details.append(worded("summary", null, "receipt.copy.show"), content);
  root.append(heading, worded("p", "no-print", "receipt.copy.intro"), buttons, status, details);
  return root;
}

// The copy at the receipt's end, before its buttons; built anew when the language changes.
export function renderCopy(copy) {
  return stylesheet().then(() => {
    if (sentCopy() !== copy) return; // dropped meanwhile
    const shown = $("#receipt-copy");
    const fresh = section(copy, shown ? $("#copy-details", shown).open : false);
    if (shown) shown.replaceWith(fresh);
    else $("#step-6 > .step-buttons").before(fresh);
  });
}

// Leaving the page drops the copy, from the back/forward cache too.
window.addEventListener("pagehide", dropCopy);
