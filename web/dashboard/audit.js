// The audit export for the municipality's log review (granskare): one staff member's entries over a period.

import {
  $,
  ACTIONS,
  ROLES,
  api,
  can,
  clear,
  el,
  errorDetails,
  hideMessage,
  label,
  pageFailed,
  showMessage,
  startPage,
  timeElement,
} from "./common.js";

const message = $("#audit-message");
const results = $("#audit-results");
let download = null;

// A spreadsheet must not run text from the log as a formula.
function csvCell(value) {
  let cell = value === null || value === undefined ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(cell)) cell = `'${cell}`;
  return `"${cell.replace(/"/g, '""')}"`;
}

function csv(entries) {
  const header = ["at", "staffId", "roles", "action", "reportId", "sourceIp", "userAgent"];
  const lines = entries.map((entry) =>
    header.map((key) => csvCell(Array.isArray(entry[key]) ? entry[key].join(" ") : entry[key])).join(";")
  );
  return [header.join(";"), ...lines].join("\r\n");
}

// Stockholm's midnight of a date as an ISO instant with its offset (the API takes ISO with offset).
function startOfDay(value) {
  const probe = new Date(`${value}T12:00:00Z`);
  const zoned = new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Stockholm", timeZoneName: "longOffset" })
    .formatToParts(probe)
    .find((part) => part.type === "timeZoneName").value;
  const offset = zoned === "GMT" ? "+00:00" : zoned.replace("GMT", "").replace("−", "-");
  return `${value}T00:00:00${offset}`;
}

function nextDay(value) {
  const date = new Date(`${value}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

function render(staffId, from, to, entries) {
  clear(results);
  if (download) URL.revokeObjectURL(download);
  const heading = el("h2", { tabindex: "-1", id: "audit-result-heading" }, `Utdrag för ${staffId}, ${from} – ${to}`);
  results.appendChild(heading);
  if (!entries.length) {
    results.appendChild(el("p", {}, "Inga händelser under perioden."));
  } else {
    download = URL.createObjectURL(new Blob(["\ufeff" + csv(entries)], { type: "text/csv;charset=utf-8" }));
    results.appendChild(
      el("p", {}, el("a", { href: download, download: `loggutdrag-${staffId}-${from}-${to}.csv`, class: "button secondary" }, "Ladda ner som CSV-fil"))
    );
    results.appendChild(
      el(
        "div",
        { class: "table-wrap" },
        el(
          "table",
          { id: "audit-table" },
          el("caption", {}, `${entries.length} händelser`),
          el("thead", {}, el("tr", {}, ["Tid", "Roll", "Händelse", "Anmälan (id)", "IP-adress", "Webbläsare"].map((h) => el("th", { scope: "col" }, h)))),
          el(
            "tbody",
            {},
            entries.map((entry) =>
              el(
                "tr",
                { "data-action": entry.action },
                el("td", {}, timeElement(entry.at)),
                el("td", {}, (entry.roles || []).map((role) => label(ROLES, role)).join(", ")),
                el("td", {}, label(ACTIONS, entry.action)),
                el("td", {}, entry.reportId || "–"),
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

async function start() {
  await startPage((me) => can(me, "export_audit"));
  const today = new Date().toLocaleDateString("sv-SE", { timeZone: "Europe/Stockholm" });
  $("#audit-from").value = today;
  $("#audit-to").value = today;
  $("#audit-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    hideMessage(message);
    const staffId = $("#audit-staff").value.trim();
    const from = $("#audit-from").value;
    const to = $("#audit-to").value;
    const problems = [];
    if (!staffId) problems.push("Skriv användarnamnet.");
    if (!from || !to) problems.push("Välj period.");
    else if (to < from) problems.push("Slutdatumet ligger före startdatumet.");
    if (problems.length) {
      showMessage(message, "error", "Utdraget kunde inte hämtas.", problems);
      return;
    }
    const query = new URLSearchParams({ staffId, from: startOfDay(from), to: startOfDay(nextDay(to)) });
    try {
      const data = await api(`/api/staff/audit?${query}`);
      render(staffId, from, to, Array.isArray(data.entries) ? data.entries : []);
    } catch (error) {
      if (error.status !== 401) showMessage(message, "error", error.message, errorDetails(error));
    }
  });
  document.body.setAttribute("data-ready", "true");
}

start().catch(pageFailed);
