// The audit export for the municipality's log review (granskare): one staff member's entries, or one
// report's, over a period. The API answers a page at a time; the page reads every page before it shows them.

import {
  $,
  ROLES,
  api,
  can,
  clear,
  describeActor,
  el,
  errorDetails,
  formatStamp,
  hideMessage,
  label,
  pageFailed,
  showMessage,
  startPage,
  swedishInstant,
  timeElement,
  todayInSweden,
} from "./common.js";
import { describeEntry } from "./persons.js";

const message = $("#audit-message");
const results = $("#audit-results");
let download = null;

// A spreadsheet must not run text from the log as a formula.
function csvCell(value) {
  let cell = value === null || value === undefined ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(cell)) cell = `'${cell}`;
  return `"${cell.replace(/"/g, '""')}"`;
}

// The report as the rest of the dashboard names it: its reference number; the id only when there is none.
function reportName(entry) {
  return entry.referenceNumber || entry.reportId || "";
}

// Times in Swedish time as people read them; the exact instant (ISO 8601, UTC) kept beside for machines.
const CSV_COLUMNS = [
  ["Tid (svensk tid)", (entry) => formatStamp(entry.at)],
  ["Användare", (entry) => entry.staffId],
  ["Roller", (entry) => (entry.roles || []).map((role) => label(ROLES, role)).join(", ")],
  ["Händelse", (entry) => describeEntry(entry)],
  ["Diarienummer", (entry) => entry.referenceNumber],
  ["IP-adress", (entry) => entry.sourceIp],
  ["Webbläsare", (entry) => entry.userAgent],
  ["Tidpunkt (UTC, ISO 8601)", (entry) => entry.at],
  ["Händelsekod", (entry) => entry.action],
  ["Anmälans id", (entry) => entry.reportId],
];

function csv(entries) {
  const lines = entries.map((entry) => CSV_COLUMNS.map(([, value]) => csvCell(value(entry))).join(";"));
  return [CSV_COLUMNS.map(([heading]) => csvCell(heading)).join(";"), ...lines].join("\r\n");
}

function nextDay(value) {
  const date = new Date(`${value}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

function render(subject, from, to, entries) {
  clear(results);
  if (download) URL.revokeObjectURL(download);
  const whose = subject.staffId ? describeActor(subject.staffId) : `anmälan ${subject.referenceNumber}`;
  const heading = el("h2", { tabindex: "-1", id: "audit-result-heading" }, `Utdrag för ${whose}, ${from} – ${to}`);
  results.appendChild(heading);
  if (!entries.length) {
    results.appendChild(el("p", {}, "Inga händelser under perioden."));
  } else {
    download = URL.createObjectURL(new Blob(["\ufeff" + csv(entries)], { type: "text/csv;charset=utf-8" }));
    results.appendChild(
      el("p", {}, el("a", { href: download, download: `loggutdrag-${subject.staffId || subject.referenceNumber}-${from}-${to}.csv`, class: "button secondary" }, "Ladda ner som CSV-fil"))
    );
    results.appendChild(
      el(
        "div",
        // A region the keyboard can reach and scroll, when the table is wider than the screen.
        { class: "table-wrap", tabindex: "0", role: "region", "aria-label": "Loggutdraget" },
        el(
          "table",
          { id: "audit-table" },
          el("caption", {}, `${entries.length} ${entries.length === 1 ? "händelse" : "händelser"}, äldst först`),
          el("thead", {}, el("tr", {}, ["Tid (svensk tid)", "Användare", "Roll", "Händelse", "Anmälan", "IP-adress", "Webbläsare"].map((h) => el("th", { scope: "col" }, h)))),
          el(
            "tbody",
            {},
            entries.map((entry) =>
              el(
                "tr",
                { "data-action": entry.action, "data-report-id": entry.reportId || null },
                el("td", {}, timeElement(entry.at)),
                el("td", {}, describeActor(entry.staffId)),
                el("td", {}, (entry.roles || []).map((role) => label(ROLES, role)).join(", ") || "–"),
                el("td", {}, describeEntry(entry)),
                el("td", { class: "reference" }, reportName(entry) || "–"),
                el("td", {}, entry.sourceIp || "–"),
                el("td", {}, entry.userAgent || "–")
              )
            )
          )
        )
      )
    );
  }
  heading.focus();
}

// Every page of the export, in order; a long export says how far it has come.
async function readAllPages(subject, from, to) {
  const period = { from: swedishInstant(from).iso, to: swedishInstant(nextDay(to)).iso };
  let entries = [];
  let cursor = null;
  do {
    const query = new URLSearchParams({ ...subject, ...period, ...(cursor ? { cursor } : {}) });
    const data = await api(`/api/staff/audit?${query}`);
    entries = entries.concat(Array.isArray(data.entries) ? data.entries : []);
    cursor = data.nextCursor || null;
    if (cursor) {
      clear(results);
      results.appendChild(el("p", { role: "status" }, `Hämtar utdraget … ${entries.length} händelser hittills.`));
    }
  } while (cursor);
  return entries;
}

async function start() {
  await startPage((me) => can(me, "export_audit"));
  const today = todayInSweden();
  $("#audit-from").value = today;
  $("#audit-to").value = today;
  const byReport = () => $("#audit-by-report").checked;
  for (const choice of document.querySelectorAll("input[name=auditBy]")) {
    choice.addEventListener("change", () => {
      $("#audit-staff-field").hidden = byReport();
      $("#audit-report-field").hidden = !byReport();
    });
  }
  $("#audit-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    hideMessage(message);
    const staffId = $("#audit-staff").value.trim();
    const referenceNumber = $("#audit-reference").value.trim().toUpperCase();
    const subject = byReport() ? { referenceNumber } : { staffId };
    const from = $("#audit-from").value;
    const to = $("#audit-to").value;
    const problems = [];
    if (byReport() && !referenceNumber) problems.push("Skriv anmälans diarienummer.");
    if (!byReport() && !staffId) problems.push("Skriv användarnamnet.");
    if (!from || !to) problems.push("Välj period.");
    else if (to < from) problems.push("Slutdatumet ligger före startdatumet.");
    if (problems.length) {
      showMessage(message, "error", "Utdraget kunde inte hämtas.", problems);
      return;
    }
    try {
      render(subject, from, to, await readAllPages(subject, from, to));
    } catch (error) {
      if (error.status !== 401) showMessage(message, "error", error.message, errorDetails(error));
    }
  });
  document.body.setAttribute("data-ready", "true");
}

start().catch(pageFailed);
