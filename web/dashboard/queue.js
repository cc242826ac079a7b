// The queue: open reports, nearest deadline first, with live countdowns, routing and its reason, and filters.

import {
  $,
  CHANNELS,
  PHASES,
  SOON,
  announce,
  api,
  can,
  clear,
  countdown,
  el,
  formatDateTime,
  hideMessage,
  label,
  pageFailed,
  showMessage,
  startCountdowns,
  startPage,
  timeElement,
} from "./common.js";
import { ROUTE_NAMES, adultTag, awaitingReview, countPersons, isChildRule, numbersText, personsByPhase } from "./persons.js";

const PAGE_SIZE = 25;
const state = { filter: "", cursor: null, nextCursor: null, page: 1 };
const FEEDBACK_FILTER = "status=feedback";
const results = $("#queue-results");
const message = $("#queue-message");

function persons(item) {
  return Array.isArray(item.persons) ? item.persons : [];
}

// The persons a clock is running for (those in one of `phases`), or everyone when none is.
function runningFor(item, phases) {
  const all = persons(item);
  const running = all.filter((person) => phases.includes(person.phase));
  return running.length ? running : all;
}

// A clock's name on a phone card: the law's limit when it runs for children only, "(kommunens mål)" for adults
// only, and just the name when children and adults are both waiting (or the API does not say).
function clockName(name, law, people) {
  if (!people.length) return name;
  if (people.every((person) => isChildRule(person.rule))) return `${name} (${law})`;
  if (people.every((person) => !isChildRule(person.rule))) return `${name} (kommunens mål)`;
  return name;
}

// The earliest skyddsbedömning still to do, and how many persons it concerns when not all.
function protectionCell(item) {
  if (item.phase !== "protection_assessment") return "Gjord";
  const cell = [item.protectionDueAt ? countdown(item.protectionDueAt, SOON.protection) : "–"];
  const all = persons(item);
  const waiting = all.filter((person) => person.phase === "protection_assessment").length;
  if (all.length > 1 && waiting) cell.push(el("span", { class: "reason" }, `${waiting} av ${all.length} personer kvar`));
  return cell;
}

// Before the decision: the 14-day limit, running from arrival. Once every person's investigation runs: its
// 4-month limit. Proposals awaiting a second person are counted.
function decisionCell(item) {
  if (item.phase === "investigation") {
    return [
      el("span", { class: "deadline-name" }, clockName("Utredning", "4 månader", runningFor(item, ["investigation"]))),
      item.investigationDueAt ? countdown(item.investigationDueAt, SOON.investigation) : "–",
    ];
  }
  const cell = [item.decisionDueAt ? countdown(item.decisionDueAt, SOON.decision) : "–"];
  if (item.proposalsAwaitingReview > 0) {
    cell.push(el("span", { class: "reason awaiting-review" }, awaitingReview(item.proposalsAwaitingReview)));
  }
  return cell;
}

// Whom the report concerns ("3 barn", "1 vuxen"), each person's stage where they differ, and for adults the tag
// that says their times are the municipality's targets.
function personsCell(item) {
  const all = persons(item);
  if (!all.length) return label(PHASES, item.phase);
  const groups = personsByPhase(all);
  const cell = [el("span", { class: "queue-persons-count" }, countPersons(all))];
  if (groups.length === 1) {
    cell.push(el("span", { class: "queue-persons-phase" }, label(PHASES, groups[0][0])));
  } else {
    cell.push(
      el(
        "ul",
        { class: "queue-persons-phases" },
        groups.map(([phase, numbers]) => el("li", {}, `${label(PHASES, phase)}: ${numbersText(numbers)}`))
      )
    );
  }
  const adultKinds = [...new Set(all.filter((person) => !isChildRule(person.rule)).map((person) => person.kind))];
  for (const kind of adultKinds) cell.push(el("span", { class: "tag adult-rule" }, adultTag(kind)));
  return cell;
}

function markers(item) {
  const found = [];
  if (item.acuteDanger) found.push(el("span", { class: "marker acute" }, "Akut fara enligt anmälaren"));
  const escalation = item.escalation;
  if (escalation && !escalation.acknowledgedAt) {
    found.push(el("span", { class: "marker escalated" }, "Eskalerad, ej kvitterad"));
  } else if (escalation) {
    found.push(el("span", { class: "marker" }, "Eskalerad, kvitterad"));
  }
  if (item.feedbackDue) found.push(el("span", { class: "marker feedback-due" }, "Återkoppling att skicka"));
  return found.length ? found : "–";
}

// The markers (acute danger, an unacknowledged escalation) stand next to the reference number, so that they are
// seen without scrolling on any screen from 1024 px. On a phone each row is a card (dashboard.css): the cells' data-label names them there, where the column
// headings are not shown, and the cards put the countdowns, the markers and whom it lies with first.
function row(item) {
  const link = el("a", { href: `report.html?id=${encodeURIComponent(item.reportId)}` }, item.referenceNumber);
  const found = markers(item);
  return el(
    "tr",
    { "data-report-id": item.reportId },
    el("th", { scope: "row", class: "queue-reference" }, link),
    el("td", { class: Array.isArray(found) ? "queue-markers" : "queue-markers queue-markers-none" }, found),
    el(
      "td",
      { class: "queue-received", "data-label": "Inkom" },
      timeElement(item.receivedAt, formatDateTime(item.receivedAt)),
      el("span", { class: "reason" }, label(CHANNELS, item.channel))
    ),
    el("td", { class: "queue-phase", "data-label": "Personer och skede" }, personsCell(item)),
    el(
      "td",
      {
        class: "queue-protection",
        "data-label": clockName("Skyddsbedömning", "24 timmar", runningFor(item, ["protection_assessment"])),
      },
      protectionCell(item)
    ),
    el(
      "td",
      {
        class: "queue-decision",
        "data-label":
          item.phase === "investigation"
            ? null
            : clockName("Beslut", "14 dagar", runningFor(item, ["protection_assessment", "decision"])),
      },
      decisionCell(item)
    ),
    el(
      "td",
      { class: "queue-route", "data-label": "Ligger hos" },
      el("span", {}, label(ROUTE_NAMES, item.route)),
      el("span", { class: "reason" }, item.routingReason || "")
    )
  );
}

// Cards are not displayed as a table; the roles keep them one for screen readers in every browser.
function withTableRoles(table) {
  table.setAttribute("role", "table");
  table.querySelectorAll("thead, tbody").forEach((group) => group.setAttribute("role", "rowgroup"));
  table.querySelectorAll("tr").forEach((tableRow) => tableRow.setAttribute("role", "row"));
  table.querySelectorAll('th[scope="col"]').forEach((heading) => heading.setAttribute("role", "columnheader"));
  table.querySelectorAll('th[scope="row"]').forEach((heading) => heading.setAttribute("role", "rowheader"));
  table.querySelectorAll("td").forEach((cell) => cell.setAttribute("role", "cell"));
  return table;
}

function render(data) {
  clear(results);
  results.removeAttribute("aria-busy");
  const items = Array.isArray(data.items) ? data.items : [];
  const due = Number(data.feedbackDue) || 0;
  if (due && state.filter !== FEEDBACK_FILTER) {
    // Feedback to send is counted over every report, closed ones too: a link shows them.
    const show = el("a", { href: `?${FEEDBACK_FILTER}`, id: "feedback-due-link" }, `Återkoppling att skicka: ${due === 1 ? "1 anmälan" : `${due} anmälningar`}`);
    show.addEventListener("click", (event) => {
      event.preventDefault();
      $("#filter").value = FEEDBACK_FILTER;
      $("#queue-filter").requestSubmit();
    });
    results.appendChild(el("p", { class: "feedback-due-notice" }, show));
  }
  if (!items.length) {
    results.appendChild(
      el(
        "p",
        {},
        state.filter === FEEDBACK_FILTER
          ? "Det finns ingen återkoppling att skicka."
          : state.filter
            ? "Inga öppna anmälningar matchar filtret."
            : "Det finns inga öppna anmälningar."
      )
    );
  } else {
    const caption =
      state.filter === FEEDBACK_FILTER
        ? `Anmälningar med återkoppling att skicka, äldst först, sida ${state.page}`
        : `Öppna anmälningar, sida ${state.page}${state.filter ? ", filtrerade" : ""}`;
    const table = el(
      "table",
      { id: "queue-table" },
      el("caption", {}, caption),
      el(
        "thead",
        {},
        el(
          "tr",
          {},
          [
            ["Diarienummer"],
            ["Markeringar"],
            ["Inkom"],
            ["Personer och skede"],
            // Not "(24 timmar)" for every row: for adults the times are the municipality's targets (the intro
            // says so, and an adult's row is tagged "kommunens mål").
            ["Skydds\u00adbedömning"],  // may break as "Skydds-/bedömning": the table fits from 1024 px
            ["Beslut eller utredning"],
            ["Ligger hos och varför"],
          ].map((heading) => el("th", { scope: "col" }, heading))
        )
      ),
      el("tbody", {}, items.map(row))
    );
    results.appendChild(el("div", { class: "table-wrap" }, withTableRoles(table)));
  }
  state.nextCursor = data.nextCursor || null;
  $("#next-page").hidden = !state.nextCursor;
  $("#first-page").hidden = state.page === 1;
  announce(`Visar ${items.length} anmälningar${state.page > 1 ? ` på sida ${state.page}` : ""}.`);
}

async function load() {
  results.setAttribute("aria-busy", "true");
  hideMessage(message);
  const query = new URLSearchParams({ pageSize: String(PAGE_SIZE) });
  if (state.cursor) query.set("cursor", state.cursor);
  if (state.filter) {
    const [name, value] = state.filter.split("=");
    query.set(name, value);
  }
  try {
    render(await api(`/api/staff/reports?${query}`));
  } catch (error) {
    results.removeAttribute("aria-busy");
    if (error.status !== 401) showMessage(message, "error", error.message);
  }
}

function remember() {
  const url = new URL(window.location.href);
  url.search = state.filter ? `?${state.filter}` : "";
  window.history.replaceState(null, "", url);
}

function filterFromUrl() {
  const params = new URLSearchParams(window.location.search);
  for (const name of ["status", "channel", "route"]) {
    const value = params.get(name);
    const candidate = `${name}=${value}`;
    if (value && [...$("#filter").options].some((option) => option.value === candidate)) return candidate;
  }
  return "";
}

// How a report came in, in the report's own words (CHANNELS, web/shared/report-fields.js).
function addChannelFilter() {
  const group = $("#channel-filter");
  for (const [value, word] of Object.entries(CHANNELS)) group.appendChild(el("option", { value: `channel=${value}` }, word));
}

// Reports about adults go to an adult unit: the holder filter offers it too.
function addAdultUnitFilter() {
  const select = $("#filter");
  if ([...select.options].some((option) => option.value === "route=adult_unit")) return;
  const holders = [...select.querySelectorAll("optgroup")].find((group) =>
    [...group.querySelectorAll("option")].some((option) => option.value.startsWith("route="))
  );
  (holders || select).appendChild(el("option", { value: "route=adult_unit" }, ROUTE_NAMES.adult_unit));
}

async function start() {
  const { me } = await startPage((who) => can(who, "view_queue"));
  addChannelFilter();
  addAdultUnitFilter();
  state.filter = filterFromUrl();
  $("#filter").value = state.filter;
  $("#queue-filter").addEventListener("submit", (event) => {
    event.preventDefault();
    state.filter = $("#filter").value;
    state.cursor = null;
    state.page = 1;
    remember();
    load();
  });
  $("#refresh").addEventListener("click", load);
  $("#next-page").addEventListener("click", () => {
    state.cursor = state.nextCursor;
    state.page += 1;
    load().then(() => $("#queue-results").querySelector("caption")?.scrollIntoView());
  });
  $("#first-page").addEventListener("click", () => {
    state.cursor = null;
    state.page = 1;
    load();
  });
  document.body.setAttribute("data-staff", me.staffId);
  await load();
  startCountdowns();
  document.body.setAttribute("data-ready", "true");
}

start().catch(pageFailed);
