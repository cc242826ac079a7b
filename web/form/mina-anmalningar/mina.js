// Mina anmälningar: a signed-in reporter's own reports (functions/reporter/own_reports.py). Not signed in: the
// ways to sign in. Signed in: who, "Logga ut", and the list (reference, date, status in plain words, messages and
// questions waiting); ?id=<reportId> shows one report: its status, the messages to them, a form for each question
// still to answer, and what they wrote.
// Everything from the API is shown with textContent only: what anyone wrote stays text, never markup.

import { $, announce, make } from "../dom.js";
import { currentLanguage, locale, showSwitch, startLanguage, t, translate } from "../i18n.js";
import { fetchSession, signInLinks, signInSettings, signedInLine } from "../reporter-session.js";

const STATUSES = ["mottagen", "bedoms", "avslutad"];
// What the reporter wrote is labelled by the report's own field names, in the catalogues' words
// (form.mina.fields.<name>); a field without them shows its name.
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
    fact(t("form.mina.messages"), String(Number(report.messagesFromUs) || 0));
    if (Number(report.questionsToAnswer) > 0) fact(t("form.mina.toAnswer"), String(Number(report.questionsToAnswer)));
    item.append(title, facts);
    list.appendChild(item);
  });
  content.replaceChildren(heading, list);
}

function label(key) {
  const textKey = "form.mina.fields." + key;
  const words = t(textKey);
  return words === textKey ? key : words;
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

// Återkoppling: for each person the law's words (utredning inleds, inleds inte, pågår redan). A question from
// the case worker: its text, then the reporter's answer, or a form to answer while the report is open. Any other
// kind of message is shown as a message, with when it was sent and its text if it has one.
function messageItem(message, report, answers) {
  if (message && message.kind === "fraga") return questionItem(message, report, answers.get(message.questionId));
  const item = make("li", "own-message");
  const feedback = message && message.kind === "aterkoppling";
  item.appendChild(make("h4", null, feedback ? t("form.mina.feedback") : t("form.mina.message")));
  if (message && message.sentAt) item.appendChild(make("p", "hint", t("form.mina.sentAt", { when: when(message.sentAt) })));
  if (feedback && message.outcomes && typeof message.outcomes === "object") {
    const outcomes = make("ul", "own-message-outcomes");
    Object.entries(message.outcomes).forEach(([number, words]) => {
      outcomes.appendChild(make("li", null, personName(report.written, number) + ": " + String(words)));
    });
    item.appendChild(outcomes);
  }
  if (message && typeof message.text === "string") item.appendChild(make("p", "own-message-text", message.text));
  return item;
}

function questionItem(question, report, answer) {
  const item = make("li", "own-message own-question");
  item.dataset.question = String(question.questionId || "");
  item.append(
    make("h4", null, t("form.mina.question")),
    make("p", "hint", t("form.mina.sentAt", { when: when(question.askedAt) })),
    make("p", "own-message-text", String(question.text || ""))
  );
  if (answer) {
    item.append(
      make("h5", null, t("form.mina.yourAnswer")),
      make("p", "hint", t("form.mina.answeredAt", { when: when(answer.answeredAt) })),
      make("p", "own-message-text own-answer", String(answer.text || ""))
    );
  } else if (report.status === "avslutad") {
    item.appendChild(make("p", null, t("form.mina.answerClosed")));
  } else {
    item.appendChild(answerForm(question, report));
  }
  return item;
}

const ANSWER_MAX_LENGTH = 4000;

function answerForm(question, report) {
  const id = "answer-" + String(question.questionId);
  const answerForm = make("form", "answer-form");
  answerForm.noValidate = true;
  const field = make("div", "field");
  const label = make("label", null, t("form.mina.answerLabel"));
  label.htmlFor = id;
  const hint = make("p", "hint", t("form.mina.answerHint", { max: ANSWER_MAX_LENGTH.toLocaleString(locale()) }));
  hint.id = id + "-hint";
  const error = make("p", "error-message");
  error.id = id + "-error";
  error.hidden = true;
  const text = make("textarea");
  text.id = id;
  text.rows = 5;
  text.maxLength = ANSWER_MAX_LENGTH;
  text.setAttribute("aria-describedby", hint.id);
  const send = make("button", "button primary", t("form.mina.answerSend"));
  send.type = "submit";
  field.append(label, hint, error, text);
  answerForm.append(field, send);

  const refuse = (message) => {
    error.textContent = message;
    error.hidden = false;
    field.classList.add("has-error");
    text.setAttribute("aria-invalid", "true");
    text.setAttribute("aria-describedby", hint.id + " " + error.id);
    text.focus();
  };
  answerForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (send.disabled) return;
    const written = text.value.trim();
    if (!written) {
      refuse(t("form.mina.answerMissing"));
      return;
    }
    send.disabled = true;
    send.textContent = t("form.mina.answerSending");
    try {
      const response = await fetch("/api/reporter/reports/" + encodeURIComponent(report.reportId) + "/answers", {
        method: "POST",
        cache: "no-store",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", Accept: "application/json", "Accept-Language": currentLanguage() },
        body: JSON.stringify({ questionId: question.questionId, text: written }),
      });
      if (response.ok) {
        await loadContent();
        announce(t("form.mina.answerSent"));
        const heading = $("#report-heading");
        if (heading) heading.focus();
        return;
      }
      const problem = await response.json().catch(() => null);
      // 409: answered already (another tab) or the report was closed meanwhile; the API's words say which.
      refuse((problem && typeof problem.message === "string" && problem.message) || t("form.mina.answerFailed"));
    } catch (failure) {
      refuse(t("form.mina.answerFailed"));
    }
    send.disabled = false;
    send.textContent = t("form.mina.answerSend");
  });
  return answerForm;
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
  // The reporter's answers ("svar") are shown under the question they answer.
  const answers = new Map(messages.filter((entry) => entry && entry.kind === "svar").map((entry) => [entry.questionId, entry]));
  const shown = messages.filter((entry) => entry && entry.kind !== "svar");
  const messageList = shown.length ? make("ul", "own-messages") : make("p", null, t("form.mina.noMessages"));
  shown.forEach((message) => messageList.appendChild(messageItem(message, report, answers)));
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
