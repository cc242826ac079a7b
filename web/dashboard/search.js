// Earlier reports about the same person, by personnummer, where the municipality allows it: every person a
// report names with a personnummer or samordningsnummer, children and adults. Every search is audited by the API.

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

// Each person's decision, in the order the report names them; one person's stands alone.
function decisionsCell(report) {
  const decisions = Array.isArray(report.decisions) ? report.decisions : [];
  if (!decisions.length) return "–";
  if (decisions.length === 1) return decisions[0] ? label(OUTCOMES, decisions[0]) : "Inget beslut ännu";
  return el(
    "ul",
    { class: "search-decisions" },
    decisions.map((outcome, index) => el("li", {}, `Person ${index + 1}: ${outcome ? label(OUTCOMES, outcome) : "inget beslut ännu"}`))
  );
}

const message = $("#search-message");
const results = $("#search-results");

// "Inga anmälningar hittades", "1 anmälan", "2 anmälningar".
function countReports(count) {
  if (!count) return "Inga anmälningar hittades";
  return `${count} ${count === 1 ? "anmälan" : "anmälningar"}`;
}

// The search shown so far: its number, the reports of the pages read, and where the next page starts.
const shown = { identityNumber: "", reports: [], nextCursor: null };

function caption(count, more) {
  if (more) return `De ${count} senaste anmälningarna om personen visas. Det finns fler.`;
  return `${countReports(count)} om personen`;
}

function row(report) {
  return el(
    "tr",
    {},
    el("th", { scope: "row" }, el("a", { href: `report.html?id=${encodeURIComponent(report.reportId)}` }, report.referenceNumber)),
    el("td", {}, timeElement(report.receivedAt, formatDateTime(report.receivedAt))),
    el("td", {}, label(PHASES, report.phase)),
    el("td", {}, decisionsCell(report))
  );
}

function render() {
  clear(results);
  const { reports, nextCursor } = shown;
  if (!reports.length) {
    results.appendChild(el("p", { role: "status", id: "search-count" }, `${countReports(0)} om personen.`));
    return;
  }
  results.appendChild(
    el(
      "div",
      // A phone scrolls the table in its box (which the keyboard can reach), never the page.
      { class: "table-wrap", tabindex: "0", role: "region", "aria-label": "Sökresultat" },
      el(
        "table",
        { id: "search-table" },
        el("caption", { id: "search-count" }, caption(reports.length, Boolean(nextCursor))),
        el("thead", {}, el("tr", {}, ["Diarienummer", "Inkom", "Skede", "Beslut"].map((h) => el("th", { scope: "col" }, h)))),
        el("tbody", {}, reports.map(row))
      )
    )
  );
  if (nextCursor) {
    const more = el("button", { type: "button", class: "button", id: "search-more" }, "Visa fler anmälningar");
    more.addEventListener("click", () => readPage(true));
    results.appendChild(more);
  }
}

// Reads the first page of a new search, or (more) the next page of the one shown, and moves focus to what
// is new: the count for a new search, the first new report for another page.
async function readPage(more) {
  const body = { identityNumber: shown.identityNumber, ...(more ? { cursor: shown.nextCursor } : {}) };
  const before = shown.reports.length;
  try {
    const data = await api("/api/staff/person-search", { method: "POST", body });
    const page = Array.isArray(data.reports) ? data.reports : [];
    shown.reports = more ? [...shown.reports, ...page] : page;
    shown.nextCursor = data.nextCursor || null;
    render();
    const target = more ? results.querySelectorAll("tbody tr")[before]?.querySelector("a") : results.querySelector("caption, p");
    if (target) {
      if (!more) target.setAttribute("tabindex", "-1");
      target.focus();
    }
  } catch (error) {
    if (!more) clear(results);
    if (error.status !== 401) showMessage(message, "error", error.message, errorDetails(error));
  }
}

async function start() {
  await startPage(canSearchPeople);
  const input = $("#identity-number");
  $("#search-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    hideMessage(message);
    // A new search starts empty: the previous number's hits are never shown under another number.
    clear(results);
    const identityNumber = input.value.trim();
    if (!identityNumber) {
      input.setAttribute("aria-invalid", "true");
      showMessage(message, "error", "Skriv personnumret du vill söka på.");
      return;
    }
    input.removeAttribute("aria-invalid");
    Object.assign(shown, { identityNumber, reports: [], nextCursor: null });
    await readPage(false);
  });
  document.body.setAttribute("data-ready", "true");
}

start().catch(pageFailed);
