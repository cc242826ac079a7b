// Mina anmälningar: a signed-in reporter's own reports (functions/reporter/own_reports.py). Not signed in: the
// ways to sign in. Signed in: who, "Logga ut", and the list (reference, date, status in plain words, unread
// messages); ?id=<reportId> shows one report: its status, what they wrote and the messages to them.
// Everything from the API is shown with textContent only: what anyone wrote stays text, never markup.

import { $, make } from "../dom.js";
import { currentLanguage, locale, showSwitch, startLanguage, t, translate } from "../i18n.js";
import { fetchSession, signInLinks, signInSettings, signedInLine } from "../reporter-session.js";

const STATUSES = ["mottagen", "bedoms", "avslutad"];
// What the reporter wrote, by the report's own field names: said in Swedish, as the report was sent.
const FIELD_LABELS = {
  reporter: "Du som anmäler",
  type: "Hur du anmälde",
  anonymous: "Anonym",
  name: "Namn",
  phone: "Telefonnummer",
  email: "E-postadress",
  relation: "Relation",
  role: "Yrkesroll",
  organisation: "Arbetsplats eller organisation",
  workPhone: "Telefonnummer i arbetet",
  workEmail: "E-postadress i arbetet",
  wantsFeedback: "Vill ha återkoppling",
  persons: "Personer",
  kind: "Vem",
  unborn: "Inte fött ännu",
  expectedBirthDate: "Beräknat födelsedatum",
  personalIdentityNumber: "Personnummer",
  birthDate: "Födelsedatum",
  age: "Ålder",
  address: "Adress",
  schoolOrPreschool: "Skola eller förskola",
  knowsAboutReport: "Vet om anmälan",
  feedbackConsent: "Samtycker till återkoppling",
  guardians: "Vårdnadshavare",
  concern: "Oron",
  description: "Det du berättade",
  categories: "Vad oron gäller",
  mainCategory: "Oron gäller främst",
  acuteDanger: "Akut fara",
  other: "Övrigt",
  since: "Sedan när",
  interpreter: "Tolk",
  needed: "Behöver tolk",
  language: "Språk",
  otherAgencies: "Andra som vet om oron",
};
// Fields whose value is one of the form's answers: shown in the form's words for it (form.answers.<group>).
const ANSWER_GROUPS = {
  type: "reporterType",
  kind: "kind",
  categories: "category",
  mainCategory: "category",
  knowsAboutReport: "knows",
  feedbackConsent: "consent",
};
// Not the reporter's words: how the form sent them.
const TECHNICAL = new Set(["submissionId", "channel", "formLanguage"]);

let config = null;
let session = null;

function fetchJson(url) {
  return fetch(url, { cache: "no-store", credentials: "same-origin", headers: { Accept: "application/json" } });
}

function when(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso || "");
  return new Intl.DateTimeFormat(locale(), {
    timeZone: "Europe/Stockholm",
    dateStyle: "long",
    timeStyle: "short",
  }).format(date);
}

function statusWords(report) {
  return STATUSES.includes(report.status) ? t("form.mina.statuses." + report.status) : String(report.statusText || "");
}

function showProblem(key) {
  const problem = $("#problem");
  problem.textContent = t(key);
  problem.hidden = false;
}

function renderSignIn() {
  const box = $("#sign-in");
  const settings = signInSettings(config);
  if (session) {
    box.replaceChildren(...signedInLine(session));
  } else if (settings) {
    box.replaceChildren(
      make("h2", null, t("form.signIn.heading")),
      make("p", null, t("form.mina.signInText")),
      signInLinks(settings.providers, "mina")
    );
  } else {
    box.replaceChildren(make("p", null, t("form.mina.noSignIn")));
  }
  box.hidden = false;
}

function reportLink(report) {
  const link = make("a", null, report.referenceNumber);
  link.href = "?id=" + encodeURIComponent(report.reportId) + (currentLanguage() === "sv" ? "" : "&lang=" + currentLanguage());
  return link;
}

function renderList(reports) {
  const content = $("#content");
  const heading = make("h2", null, t("form.mina.listHeading"));
  if (!reports.length) {
    content.replaceChildren(heading, make("p", null, t("form.mina.empty")));
    return;
  }
  const list = make("ul", "own-reports");
  reports.forEach((report) => {
    const item = make("li", "own-report");
    const title = make("h3", "own-report-reference");
    title.appendChild(reportLink(report));
    const facts = make("dl", "own-report-facts");
    const fact = (label, value) => facts.append(make("dt", null, label), make("dd", null, value));
    fact(t("form.mina.received"), when(report.receivedAt));
    fact(t("form.mina.status"), statusWords(report));
    fact(t("form.mina.messages"), t("form.mina.unread", { count: Number(report.unreadMessages) || 0 }));
    item.append(title, facts);
    list.appendChild(item);
  });
  content.replaceChildren(heading, list);
}

function label(key) {
  return Object.prototype.hasOwnProperty.call(FIELD_LABELS, key) ? FIELD_LABELS[key] : key;
}

function valueText(value, key) {
  if (value === true) return t("form.yes");
  if (value === false) return t("form.no");
  const group = ANSWER_GROUPS[key];
  if (group) {
    const textKey = "form.answers." + group + "." + value + ".label";
    const words = t(textKey);
    if (words !== textKey) return words;
  }
  return String(value);
}

// The report as they sent it, read-only: a list of what they answered, lists and groups nested.
function writtenList(value) {
  const list = make("dl", "written");
  Object.entries(value).forEach(([key, entry]) => {
    if (TECHNICAL.has(key) || entry === null || entry === undefined || entry === "") return;
    if (Array.isArray(entry) && !entry.length) return;
    const dd = make("dd");
    if (Array.isArray(entry)) {
      if (entry.every((part) => part === null || typeof part !== "object")) {
        dd.textContent = entry.map((part) => valueText(part, key)).join(", ");
      } else {
        const items = make("ol", "written-items");
        entry.forEach((part) => {
          const item = make("li");
          item.appendChild(part && typeof part === "object" ? writtenList(part) : make("span", null, valueText(part, key)));
          items.appendChild(item);
        });
        dd.appendChild(items);
      }
    } else if (typeof entry === "object") {
      dd.appendChild(writtenList(entry));
    } else {
      dd.textContent = valueText(entry, key);
    }
    list.append(make("dt", null, label(key)), dd);
  });
  return list;
}

// A person of the report by their number (1, 2, …): by the name the reporter gave them, if they gave one.
function personName(written, number) {
  const persons = written && Array.isArray(written.persons) ? written.persons : [];
  const person = persons[Number(number) - 1];
  const name = person && typeof person.name === "string" ? person.name.trim() : "";
  return name ? t("form.mina.personNamed", { name, number }) : t("form.mina.person", { number });
}

// Återkoppling: for each person the law's words (utredning inleds, inleds inte, pågår redan). Any other kind
// of message is shown as a message, with when it was sent and its text if it has one.
function messageItem(message, written) {
  const item = make("li", "own-message");
  const feedback = message && message.kind === "aterkoppling";
  item.appendChild(make("h4", null, feedback ? t("form.mina.feedback") : t("form.mina.message")));
  if (message && message.sentAt) item.appendChild(make("p", "hint", t("form.mina.sentAt", { when: when(message.sentAt) })));
  if (feedback && message.outcomes && typeof message.outcomes === "object") {
    const outcomes = make("ul", "own-message-outcomes");
    Object.entries(message.outcomes).forEach(([number, words]) => {
      outcomes.appendChild(make("li", null, personName(written, number) + ": " + String(words)));
    });
    item.appendChild(outcomes);
  }
  if (message && typeof message.text === "string") item.appendChild(make("p", "own-message-text", message.text));
  return item;
}

function renderReport(report) {
  const content = $("#content");
  const back = make("a", null, t("form.mina.back"));
  back.href = "./" + (currentLanguage() === "sv" ? "" : "?lang=" + currentLanguage());
  const heading = make("h2", null, t("form.mina.reportHeading", { reference: report.referenceNumber }));
  heading.id = "report-heading";
  heading.tabIndex = -1;
  const facts = make("dl", "own-report-facts");
  facts.append(
    make("dt", null, t("form.mina.received")),
    make("dd", null, when(report.receivedAt)),
    make("dt", null, t("form.mina.status")),
    make("dd", "own-report-status", statusWords(report))
  );
  const messages = Array.isArray(report.messages) ? report.messages : [];
  const messageList = messages.length
    ? make("ul", "own-messages")
    : make("p", null, t("form.mina.noMessages"));
  messages.forEach((message) => messageList.appendChild(messageItem(message, report.written)));
  content.replaceChildren(
    make("p", null).appendChild(back).parentNode,
    heading,
    facts,
    make("h3", null, t("form.mina.messages")),
    messageList,
    make("h3", null, t("form.mina.written")),
    report.written && typeof report.written === "object" ? writtenList(report.written) : make("p")
  );
}

async function loadContent() {
  const id = new URLSearchParams(window.location.search).get("id");
  try {
    const response = await fetchJson("/api/reporter/reports" + (id ? "/" + encodeURIComponent(id) : ""));
    if (response.status === 404) {
      showProblem("form.mina.notFound");
      return;
    }
    if (!response.ok) throw new Error(String(response.status));
    const answer = await response.json();
    if (id) renderReport(answer);
    else renderList(Array.isArray(answer.reports) ? answer.reports : []);
  } catch (error) {
    showProblem("form.mina.problem");
  }
}

async function render() {
  renderSignIn();
  if (session) await loadContent();
  else $("#content").replaceChildren();
}

async function start() {
  await startLanguage();
  showSwitch(() => {
    translate(document);
    render();
  });
  const response = await fetchJson("/config.json").catch(() => null);
  config = response && response.ok ? await response.json().catch(() => null) : null;
  if (config && typeof config.municipality === "string") {
    const name = $("#municipality");
    name.removeAttribute("data-i18n");
    name.textContent = config.municipality;
    name.lang = "sv";
  }
  session = await fetchSession();
  await render();
  $("#loading").hidden = true;
}

start();
