// The receipt's copy of what was sent: the review's rendering (review.js) of the answers kept when the report was
// sent, with the receipt's reference number and time. Loaded only once a report is sent (receipt.js); the copy
// is in this page's memory only, and printing it or making its PDF (copy-pdf.js) asks the server for nothing.

import { $ } from "./dom.js";
import { t } from "./i18n.js";
import { renderAnswers } from "./review.js";
import { sentCopy } from "./receipt.js";

// Under the receipt's h2 and the copy's h3: the steps as h4, persons as h5.
const ON_RECEIPT = { level: 4, idPrefix: "copy-step-", changeButtons: false };

function printCopy() {
  const receipt = $("#step-6");
  const details = $("#copy-details");
  const wasOpen = details.open;
  // Only this print carries the copy (form.css, @media print); "Skriv ut kvittensen" prints the receipt alone.
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

// The copy in the receipt, in the form's language (again after the language changes).
export function renderCopy(copy) {
  renderAnswers($("#receipt-copy-content"), copy.answers, ON_RECEIPT);
  $("#copy-status").textContent = "";
  $("#print-copy").onclick = printCopy;
  $("#download-copy").onclick = downloadCopy;
  $("#receipt-copy").hidden = false;
}
