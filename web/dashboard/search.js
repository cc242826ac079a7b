// Earlier reports about the same person, by personnummer, where the municipality allows it. Every search is
// audited by the API.

import {
  $,
  OUTCOMES,
  PHASES,
  api,
  canSearchPeople,
  clear,
  el,
  errorDetails,
  formatDateTime,
  hideMessage,
  label,
  pageFailed,
  showMessage,
  startPage,
  timeElement,
} from "./common.js";

const message = $("#search-message");
const results = $("#search-results");

function render(reports) {
  clear(results);
  if (!reports.length) {
    results.appendChild(el("p", { role: "status" }, "Inga anmälningar hittades om personen."));
    return;
  }
  results.appendChild(
    el(
      "table",
      { id: "search-table" },
      el("caption", {}, `${reports.length} anmälningar om personen`),
      el("thead", {}, el("tr", {}, ["Diarienummer", "Inkom", "Skede", "Beslut"].map((h) => el("th", { scope: "col" }, h)))),
      el(
        "tbody",
        {},
        reports.map((report) =>
          el(
            "tr",
            {},
            el("th", { scope: "row" }, el("a", { href: `report.html?id=${encodeURIComponent(report.reportId)}` }, report.referenceNumber)),
            el("td", {}, timeElement(report.receivedAt, formatDateTime(report.receivedAt))),
            el("td", {}, label(PHASES, report.phase)),
            el("td", {}, report.decision ? label(OUTCOMES, report.decision.outcome || report.decision) : "–")
          )
        )
      )
    )
  );
}

async function start() {
  await startPage(canSearchPeople);
  const input = $("#identity-number");
  $("#search-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    hideMessage(message);
    const identityNumber = input.value.trim();
    if (!identityNumber) {
      input.setAttribute("aria-invalid", "true");
      showMessage(message, "error", "Skriv personnumret du vill söka på.");
      return;
    }
    input.removeAttribute("aria-invalid");
    try {
      const data = await api("/api/staff/person-search", { method: "POST", body: { identityNumber } });
      render(Array.isArray(data.reports) ? data.reports : []);
      results.querySelector("caption, p")?.setAttribute("tabindex", "-1");
      results.querySelector("caption, p")?.focus();
    } catch (error) {
      if (error.status !== 401) showMessage(message, "error", error.message, errorDetails(error));
    }
  });
  document.body.setAttribute("data-ready", "true");
}

start().catch(pageFailed);
