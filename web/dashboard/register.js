// Registration of a report that came by phone, letter, fax, e-mail or in person, dated when it arrived.
// The report's answers, words, limits and JSON are the citizen form's: web/shared/report-fields.js.

import {
  CATEGORIES,
  CHANNELS,
  CHILD,
  MAX_PERSONS,
  ONESELF,
  PERSON_KINDS,
  PRIVATE_REPORTER,
  PROFESSIONAL_REPORTER,
  WEB_CHANNEL,
  maxLength,
  reporterAnswers,
  submissionBody,
  text,
} from "../shared/report-fields.js";
import {
  $,
  announce,
  api,
  can,
  clear,
  el,
  errorDetails,
  hideMessage,
  pageFailed,
  showMessage,
  startPage,
  swedishInstant,
  wallClock,
} from "./common.js";

// Staff register what a reporter told about others: the reporter themself is not among the answers.
const KINDS = PERSON_KINDS.filter((kind) => kind.value !== ONESELF);
const form = $("#register-form");
const message = $("#register-message");
let personCount = 0;
let submissionId = null;

/* ---------- Building the form ---------- */

// The most characters a field (by its data-path, "report.persons.0.name") may have, as the server allows.
function limit(path) {
  return maxLength(path.replace(/^report\./, "")) || null;
}

function textField(id, labelText, path, attributes = {}) {
  return el(
    "div",
    { class: "field" },
    el("label", { for: id }, labelText),
    el("input", { type: "text", id, "data-path": path, "data-key": path.split(".").pop(), maxlength: limit(path), ...attributes })
  );
}

function renumberPersons() {
  [...document.querySelectorAll("#persons [data-person]")].forEach((section, index) => {
    section.querySelector("h3").textContent = `Person ${index + 1}`;
    section.querySelectorAll("[data-path]").forEach((element) => {
      element.setAttribute("data-path", element.getAttribute("data-path").replace(/persons\.\d+/, `persons.${index}`));
    });
  });
  $("#add-person").hidden = document.querySelectorAll("#persons [data-person]").length >= MAX_PERSONS;
}

function addPerson(focus) {
  personCount += 1;
  const n = personCount;
  const path = "report.persons.0";
  const kindName = `person-${n}-kind`;
  const section = el(
    "div",
    { class: "panel", "data-person": true },
    el("h3", { tabindex: "-1" }, "Person"),
    el(
      "fieldset",
      { class: "field", "data-path": `${path}.kind` },
      el("legend", {}, "Gäller"),
      KINDS.map((kind, index) =>
        el(
          "div",
          { class: "choice" },
          el("input", { type: "radio", id: `${kindName}-${index}`, name: kindName, value: kind.value, checked: kind.value === CHILD }),
          el("label", { for: `${kindName}-${index}` }, kind.staffLabel)
        )
      )
    ),
    textField(`person-${n}-name`, "Namn (frivilligt)", `${path}.name`),
    textField(`person-${n}-pnr`, "Personnummer (frivilligt)", `${path}.personalIdentityNumber`, { inputmode: "numeric" }),
    textField(`person-${n}-age`, "Ålder (frivilligt)", `${path}.age`, { inputmode: "numeric", class: "input-short" }),
    textField(`person-${n}-address`, "Adress (frivilligt)", `${path}.address`),
    textField(`person-${n}-school`, "Skola eller förskola (frivilligt)", `${path}.schoolOrPreschool`),
    textField(`person-${n}-guardian`, "Vårdnadshavare, namn (frivilligt)", `${path}.guardians.0.name`, { "data-key": "guardianName" })
  );
  if (n > 1) {
    const remove = el("button", { type: "button", class: "button secondary" }, "Ta bort personen");
    remove.addEventListener("click", () => {
      section.remove();
      renumberPersons();
      $("#persons-heading").setAttribute("tabindex", "-1");
      $("#persons-heading").focus();
    });
    section.appendChild(remove);
  }
  $("#persons").appendChild(section);
  renumberPersons();
  if (focus) section.querySelector("h3").focus();
}

// The answers that do not change: how it came in (not the web form), the categories; and every field's limit.
function buildChoices() {
  const channel = $("#channel");
  Object.entries(CHANNELS)
    .filter(([value]) => value !== WEB_CHANNEL)
    .forEach(([value, word]) => channel.appendChild(el("option", { value }, word)));
  const fieldset = $("#categories");
  const select = $("#main-category");
  CATEGORIES.forEach(({ value, label }) => {
    fieldset.appendChild(
      el("div", { class: "choice" }, el("input", { type: "checkbox", id: `category-${value}`, name: "category", value }), el("label", { for: `category-${value}` }, label))
    );
    select.appendChild(el("option", { value }, label));
  });
  form.querySelectorAll("input[data-path], textarea[data-path]").forEach((field) => {
    const most = limit(field.getAttribute("data-path"));
    if (most) field.setAttribute("maxlength", most);
  });
}

function updateVisibility() {
  const type = checkedValue("reporterType");
  $("#private-fields").hidden = type !== PRIVATE_REPORTER;
  $("#professional-fields").hidden = type !== PROFESSIONAL_REPORTER;
  $("#private-contact").hidden = $("#reporter-anonymous").checked;
  $("#interpreter-language-field").hidden = checkedValue("interpreterNeeded") !== "ja";
}

/* ---------- Reading the form ---------- */

function checkedValue(name, root) {
  const input = (root || form).querySelector(`input[name="${name}"]:checked`);
  return input ? input.value : "";
}

function value(selector, root) {
  const element = (root || form).querySelector(selector);
  return element ? text(element.value) : "";
}

// A reporter's field by its id: its value, or whether a checkbox is ticked.
function reporterField(id) {
  const input = document.getElementById(id);
  return input.type === "checkbox" ? input.checked : input.value;
}

function readPerson(section) {
  return {
    kind: checkedValue(section.querySelector('input[type="radio"]').name, section),
    name: value('[data-key="name"]', section),
    personalIdentityNumber: value('[data-key="personalIdentityNumber"]', section),
    age: value('[data-key="age"]', section),
    address: value('[data-key="address"]', section),
    schoolOrPreschool: value('[data-key="schoolOrPreschool"]', section),
    guardians: [{ name: value('[data-path$="guardians.0.name"]', section) }],
  };
}

function buildReport() {
  return submissionBody(
    {
      reporter: reporterAnswers(checkedValue("reporterType"), $("#reporter-anonymous").checked, reporterField),
      persons: [...document.querySelectorAll("#persons [data-person]")].map(readPerson),
      concern: {
        description: value("#concern-description"),
        categories: [...form.querySelectorAll('input[name="category"]:checked')].map((input) => input.value),
        mainCategory: $("#main-category").value,
        since: value("#concern-since"),
        acuteDanger: checkedValue("acuteDanger") === "ja",
      },
      interpreter: { needed: checkedValue("interpreterNeeded") === "ja", language: value("#interpreter-language") },
      otherAgencies: value("#other-agencies"),
    },
    submissionId
  );
}

/* ---------- The arrival time: Swedish time, whatever the browser's own zone is ---------- */

// The arrival time as ISO with Sweden's offset then (+01:00 or +02:00), or null.
function receivedAt() {
  const arrival = swedishInstant($("#received-date").value, $("#received-time").value.slice(0, 5));
  return arrival && arrival.iso;
}

function showArrivalNote() {
  const arrival = swedishInstant($("#received-date").value, $("#received-time").value.slice(0, 5));
  $("#received-note").textContent = (arrival && arrival.note) || "";
}

/* ---------- Checking and sending ---------- */

function localProblems() {
  const problems = [];
  if (!$("#channel").value) problems.push(["#channel", "Välj hur anmälan kom in."]);
  const at = receivedAt();
  if (!at) problems.push(["#received-date", "Ange datum och klockslag då anmälan kom in."]);
  else if (new Date(at).getTime() > Date.now() + 60000) problems.push(["#received-time", "Tiden då anmälan kom in kan inte ligga i framtiden."]);
  if (!checkedValue("reporterType")) problems.push(["#reporter-private", "Välj om anmälaren är privatperson eller yrkesverksam."]);
  if (!value("#concern-description")) problems.push(["#concern-description", "Skriv vad anmälaren berättade."]);
  if (!form.querySelector('input[name="category"]:checked')) problems.push(["#category-vald", "Välj vad oron gäller."]);
  if (!$("#main-category").value) problems.push(["#main-category", "Välj vad oron främst gäller."]);
  if (!checkedValue("acuteDanger")) problems.push(["#acute-yes", "Välj om någon är i akut fara."]);
  return problems;
}

function elementForPath(path) {
  const parts = String(path || "").split(".");
  while (parts.length) {
    const candidate = parts.join(".");
    const found = [...form.querySelectorAll(`[data-path="${CSS.escape(candidate)}"]`)].filter((element) => !element.closest("[hidden]"));
    if (found.length) {
      const target = found[0];
      return target.tagName === "FIELDSET" ? target.querySelector("input") : target;
    }
    parts.pop();
  }
  return null;
}

function showProblems(text, problems) {
  form.querySelectorAll('[aria-invalid="true"]').forEach((element) => element.removeAttribute("aria-invalid"));
  clear(message);
  message.hidden = false;
  message.className = "message message-error";
  message.setAttribute("role", "alert");
  message.setAttribute("tabindex", "-1");
  const items = problems.map(([target, problem]) => {
    if (!target) return el("li", {}, problem);
    target.setAttribute("aria-invalid", "true");
    const link = el("a", { href: `#${target.id}` }, problem);
    link.addEventListener("click", (event) => {
      event.preventDefault();
      target.focus();
    });
    return el("li", {}, link);
  });
  message.appendChild(el("p", {}, text));
  if (items.length) message.appendChild(el("ul", {}, items));
  message.focus();
}

function showRegistered(result) {
  clear(message);
  message.hidden = false;
  message.className = "message message-success";
  message.setAttribute("role", "status");
  message.setAttribute("tabindex", "-1");
  message.appendChild(el("p", {}, "Anmälan är registrerad. Diarienummer: ", el("strong", { id: "registered-reference" }, result.referenceNumber)));
  message.appendChild(
    el("p", {}, el("a", { href: `report.html?id=${encodeURIComponent(result.reportId)}` }, `Öppna anmälan ${result.referenceNumber}`), " · ", el("a", { href: "queue.html" }, "Till inkorgen"))
  );
  message.focus();
  announce(`Anmälan är registrerad med diarienummer ${result.referenceNumber}.`);
}

async function send(event) {
  event.preventDefault();
  if (form.getAttribute("aria-busy") === "true") return;
  hideMessage(message);
  const problems = localProblems();
  if (problems.length) {
    showProblems("Anmälan kan inte registreras ännu. Rätta det här:", problems.map(([selector, text]) => [$(selector), text]));
    return;
  }
  if (!submissionId) submissionId = crypto.randomUUID();
  form.setAttribute("aria-busy", "true");
  try {
    const result = await api("/api/staff/reports", {
      method: "POST",
      body: { channel: $("#channel").value, receivedAt: receivedAt(), report: buildReport() },
    });
    submissionId = null;
    form.reset();
    clear($("#persons"));
    addPerson(false);
    setNow();
    updateVisibility();
    showRegistered(result);
  } catch (error) {
    if (error.status === 401) return;
    const located = (error.errors || []).map((problem) => [elementForPath(problem.field), problem.message]);
    if (located.length) showProblems(error.message, located);
    else showMessage(message, "error", error.message, errorDetails(error));
  } finally {
    form.removeAttribute("aria-busy");
  }
}

// Now in Swedish time, not the browser's.
function setNow() {
  const now = wallClock(Date.now());
  $("#received-date").value = now.day;
  $("#received-time").value = now.time;
  showArrivalNote();
}

async function start() {
  await startPage((me) => can(me, "register_report"));
  buildChoices();
  addPerson(false);
  setNow();
  updateVisibility();
  form.addEventListener("change", updateVisibility);
  $("#received-date").addEventListener("input", showArrivalNote);
  $("#received-time").addEventListener("input", showArrivalNote);
  form.addEventListener("input", () => {
    submissionId = null; // the content changed: a new registration, not a retry of the last one
  });
  $("#add-person").addEventListener("click", () => addPerson(true));
  form.addEventListener("submit", send);
  document.body.setAttribute("data-ready", "true");
}

start().catch(pageFailed);
