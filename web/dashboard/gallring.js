// Gallring for the administrator: a dry run of the nightly purge for a chosen day, gallringsstopp (legal
// holds) placed and lifted by reference number, and the purge log kept for the archive. Only reference
// numbers, rules and dates are shown here, never a report's content.

import {
  $,
  TIME_ZONE,
  announce,
  api,
  can,
  clear,
  el,
  errorDetails,
  formatDate,
  formatDateTime,
  hideMessage,
  pageFailed,
  showMessage,
  startPage,
  timeElement,
} from "./common.js";

const RULES = {
  no_investigation: "Ingen utredning inleddes",
  handed_over: "Överlämnad till utredning",
  research_sample: "Bevaras för forskning",
  audit_trail: "Åtkomstloggen",
};
const DESTROYING_RULES = ["no_investigation", "handed_over"];
const KEPT_RULE = "research_sample";
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

const previewMessage = $("#preview-message");
const previewResults = $("#preview-results");
const holdMessage = $("#hold-message");
const logMessage = $("#log-message");
const logResults = $("#log-results");
let shownPreviewDate = null;

function ruleName(rule) {
  return RULES[rule] || String(rule || "–");
}

function count(value) {
  return Number.isFinite(Number(value)) ? Number(value) : 0;
}

function reports(number) {
  return number === 1 ? "1 anmälan" : `${number} anmälningar`;
}

function today() {
  return new Date().toLocaleDateString("sv-SE", { timeZone: TIME_ZONE });
}

function addDays(value, days) {
  const date = new Date(`${value}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function markInvalid(input, invalid) {
  if (invalid) input.setAttribute("aria-invalid", "true");
  else input.removeAttribute("aria-invalid");
}

// Marks date fields that are empty or not a date; answers the problems to show.
function checkDates(fields) {
  const problems = [];
  for (const [input, problem] of fields) {
    const valid = DATE_PATTERN.test(input.value);
    markInvalid(input, !valid);
    if (!valid) problems.push(problem);
  }
  return problems;
}

async function busy(form, work) {
  if (form.getAttribute("aria-busy") === "true") return;
  form.setAttribute("aria-busy", "true");
  const buttons = [...form.querySelectorAll("button")];
  buttons.forEach((button) => button.setAttribute("aria-disabled", "true"));
  try {
    await work();
  } finally {
    form.removeAttribute("aria-busy");
    buttons.forEach((button) => button.removeAttribute("aria-disabled"));
  }
}

/* ---------- Preview (a dry run: nothing is deleted) ---------- */

function ruleTotals(data) {
  const byRule = data.byRule || {};
  const texts = data.ruleTexts || {};
  // The research sample only where it keeps something (the municipality may not have one).
  const shown = count(byRule[KEPT_RULE]) ? [...DESTROYING_RULES, KEPT_RULE] : DESTROYING_RULES;
  const rows = shown.map((rule) =>
    el(
      "tr",
      { "data-rule": rule },
      el("th", { scope: "row" }, ruleName(rule)),
      el(
        "td",
        { class: "number" },
        rule === KEPT_RULE ? `${count(byRule[rule])} bevaras` : `${count(byRule[rule])} tas bort`
      ),
      el("td", {}, texts[rule] || "–")
    )
  );
  return el(
    "div",
    { class: "table-wrap" },
    el(
      "table",
      { id: "preview-totals" },
      el("caption", {}, "Antal per regel"),
      el("thead", {}, el("tr", {}, ["Regel", "Antal", "Arkivbeslut"].map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, rows)
    )
  );
}

function chooseForHold(referenceNumber) {
  const input = $("#hold-reference");
  input.value = referenceNumber;
  input.removeAttribute("aria-invalid");
  hideMessage(holdMessage);
  $("#hold-reason").focus();
  announce(`${referenceNumber} är ifyllt under Gallringsstopp. Skriv skälet.`);
}

function reportTable(list) {
  return el(
    "div",
    { class: "table-wrap" },
    el(
      "table",
      { id: "preview-table" },
      el("caption", {}, `Anmälningar som berörs (${list.length})`),
      el(
        "thead",
        {},
        el("tr", {}, ["Diarienummer", "Regel", "Gallringsdatum", "Gallringsstopp"].map((h) => el("th", { scope: "col" }, h)))
      ),
      el(
        "tbody",
        {},
        list.map((report) => {
          const choose = el(
            "button",
            { type: "button", class: "button secondary small" },
            "Välj",
            el("span", { class: "visually-hidden" }, ` ${report.referenceNumber} för gallringsstopp`)
          );
          choose.addEventListener("click", () => chooseForHold(report.referenceNumber));
          return el(
            "tr",
            { "data-reference": report.referenceNumber, "data-rule": report.rule },
            el("th", { scope: "row" }, report.referenceNumber),
            el("td", {}, ruleName(report.rule), report.rule === KEPT_RULE ? el("span", { class: "reason" }, "tas inte bort") : null),
            el("td", {}, report.purgeOn ? timeElement(report.purgeOn, formatDate(report.purgeOn)) : "–"),
            el("td", {}, choose)
          );
        })
      )
    )
  );
}

function renderPreview(data, focus) {
  const byRule = data.byRule || {};
  const destroyed = DESTROYING_RULES.reduce((sum, rule) => sum + count(byRule[rule]), 0);
  const kept = count(byRule[KEPT_RULE]);
  const list = Array.isArray(data.reports) ? data.reports : [];
  clear(previewResults);
  const heading = el(
    "h3",
    { id: "preview-result-heading", tabindex: "-1" },
    `Förhandsvisning för ${formatDate(data.date)}`
  );
  previewResults.append(
    heading,
    el(
      "p",
      { class: "notice", id: "preview-summary" },
      el("strong", {}, "Ingenting har tagits bort. "),
      destroyed || kept
        ? `Om gallringen kördes den dagen skulle ${reports(destroyed)} tas bort` +
            (kept ? ` och ${reports(kept)} bevaras för forskning.` : ".")
        : "Om gallringen kördes den dagen skulle ingen anmälan tas bort."
    ),
    ruleTotals(data)
  );
  if (list.length) {
    previewResults.append(reportTable(list));
    if (data.truncated) {
      previewResults.append(
        el(
          "p",
          { class: "hint", id: "preview-truncated" },
          `Listan visar de första ${reports(list.length)}. Antalen ovan gäller alla.`
        )
      );
    }
  }
  if (focus) heading.focus();
  else announce(`Förhandsvisningen för ${formatDate(data.date)} är uppdaterad.`);
}

async function preview(date, focus) {
  const data = await api(`/api/staff/gallring/preview?${new URLSearchParams({ date })}`);
  shownPreviewDate = date;
  renderPreview(data, focus);
}

function wirePreview() {
  const form = $("#preview-form");
  const input = $("#preview-date");
  input.value = today();
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(form, async () => {
      hideMessage(previewMessage);
      const problems = checkDates([[input, "Välj ett datum, till exempel 2040-01-01."]]);
      if (problems.length) {
        showMessage(previewMessage, "error", "Förhandsvisningen kunde inte visas.", problems);
        return;
      }
      try {
        await preview(input.value, true);
      } catch (error) {
        if (error.status === 400) markInvalid(input, true);
        if (error.status !== 401) showMessage(previewMessage, "error", error.message, errorDetails(error));
      }
    });
  });
}

/* ---------- Gallringsstopp (legal holds) ---------- */

function holdDone(action, data, referenceNumber) {
  if (data && typeof data.message === "string" && data.message) return [data.message, []];
  const reference = (data && data.referenceNumber) || referenceNumber;
  if (action === "lift") {
    return [`Gallringsstoppet för ${reference} är hävt. Anmälan gallras igen enligt arkivbeslutet.`, []];
  }
  const hold = (data && data.legalHold) || {};
  const details = [];
  if (hold.reason) details.push(`Skäl: ${hold.reason}`);
  if (hold.placedBy) details.push(`Lagt av ${hold.placedBy}${hold.placedAt ? `, ${formatDateTime(hold.placedAt)}` : ""}.`);
  return [`Gallringsstopp är lagt på ${reference}. Anmälan tas inte bort förrän stoppet hävs.`, details];
}

function wireHolds() {
  const form = $("#hold-form");
  const referenceInput = $("#hold-reference");
  const reasonInput = $("#hold-reason");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const action = event.submitter && event.submitter.value === "lift" ? "lift" : "place";
    busy(form, async () => {
      hideMessage(holdMessage);
      const referenceNumber = referenceInput.value.trim().toUpperCase();
      const reason = reasonInput.value.trim();
      const problems = [];
      markInvalid(referenceInput, !referenceNumber);
      if (!referenceNumber) problems.push("Skriv diarienumret.");
      const reasonMissing = action === "place" && !reason;
      markInvalid(reasonInput, reasonMissing);
      if (reasonMissing) problems.push("Skriv varför anmälan inte ska gallras.");
      if (problems.length) {
        const what = action === "place" ? "Gallringsstoppet kunde inte läggas." : "Gallringsstoppet kunde inte hävas.";
        showMessage(holdMessage, "error", what, problems);
        return;
      }
      try {
        const data =
          action === "place"
            ? await api("/api/staff/legal-holds", { method: "POST", body: { referenceNumber, reason } })
            : await api(`/api/staff/legal-holds/${encodeURIComponent(referenceNumber)}`, { method: "DELETE" });
        referenceInput.value = referenceNumber;
        if (action === "place") reasonInput.value = "";
        const [text, details] = holdDone(action, data, referenceNumber);
        if (shownPreviewDate) {
          // The preview shown below changes with the hold: draw it again, without moving focus.
          try {
            await preview(shownPreviewDate, false);
            details.push("Förhandsvisningen ovan är uppdaterad.");
          } catch (error) {
            if (error.status === 401) return;
            details.push("Förhandsvisningen ovan kunde inte uppdateras. Visa den igen.");
          }
        }
        showMessage(holdMessage, "success", text, details);
      } catch (error) {
        if (error.status === 404) markInvalid(referenceInput, true);
        if (error.status !== 401) showMessage(holdMessage, "error", error.message, errorDetails(error));
      }
    });
  });
}

/* ---------- The purge log ---------- */

function renderLog(from, to, entries, focus) {
  clear(logResults);
  const heading = el(
    "h3",
    { id: "log-result-heading", tabindex: "-1" },
    `Gallringslogg ${formatDate(from)} – ${formatDate(to)}`
  );
  logResults.append(heading);
  if (!entries.length) {
    logResults.append(el("p", { id: "log-empty" }, "Ingen anmälan har gallrats under perioden."));
  } else {
    logResults.append(
      el(
        "div",
        { class: "table-wrap" },
        el(
          "table",
          { id: "log-table" },
          el("caption", {}, entries.length === 1 ? "1 loggpost" : `${entries.length} loggposter`),
          el(
            "thead",
            {},
            el("tr", {}, ["Tid", "Körningens datum", "Regel", "Antal", "Diarienummer"].map((h) => el("th", { scope: "col" }, h)))
          ),
          el(
            "tbody",
            {},
            entries.map((entry) =>
              el(
                "tr",
                { "data-rule": entry.rule, "data-run": entry.runId },
                el("td", {}, entry.at ? timeElement(entry.at) : "–"),
                el("td", {}, entry.runDate ? timeElement(entry.runDate, formatDate(entry.runDate)) : "–"),
                el("td", {}, ruleName(entry.rule), entry.ruleText ? el("span", { class: "reason" }, entry.ruleText) : null),
                el("td", { class: "number" }, String(count(entry.count))),
                el(
                  "td",
                  { class: "reference-list" },
                  Array.isArray(entry.referenceNumbers) && entry.referenceNumbers.length
                    ? entry.referenceNumbers.join(", ")
                    : "–"
                )
              )
            )
          )
        )
      )
    );
  }
  if (focus) heading.focus();
}

async function showLog(focus) {
  const fromInput = $("#log-from");
  const toInput = $("#log-to");
  hideMessage(logMessage);
  const problems = checkDates([
    [fromInput, "Välj första dagen i perioden."],
    [toInput, "Välj sista dagen i perioden."],
  ]);
  if (!problems.length && toInput.value < fromInput.value) {
    toInput.setAttribute("aria-invalid", "true");
    problems.push("Slutdatumet ligger före startdatumet.");
  }
  if (problems.length) {
    showMessage(logMessage, "error", "Loggen kunde inte visas.", problems);
    return;
  }
  const from = fromInput.value;
  const to = toInput.value;
  try {
    const data = await api(`/api/staff/gallring/log?${new URLSearchParams({ from, to })}`);
    renderLog(from, to, Array.isArray(data.entries) ? data.entries : [], focus);
  } catch (error) {
    if (error.status !== 401) showMessage(logMessage, "error", error.message, errorDetails(error));
  }
}

function wireLog() {
  const form = $("#log-form");
  const end = today();
  $("#log-from").value = addDays(end, -30);
  $("#log-to").value = end;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(form, () => showLog(true));
  });
  return busy(form, () => showLog(false));
}

async function start() {
  await startPage((me) => can(me, "manage_gallring"));
  wirePreview();
  wireHolds();
  await wireLog();
  document.body.setAttribute("data-ready", "true");
}

start().catch(pageFailed);
