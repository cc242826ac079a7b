// Registration of a report that came by phone, letter, fax, e-mail or in person, dated when it arrived.

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

const CATEGORIES = [
  ["vald", "Våld"],
  ["bevittnat_vald", "Har sett eller hört våld hemma"],
  ["sexuella_overgrepp", "Sexuella övergrepp"],
  ["hedersrelaterat", "Hedersrelaterat våld eller förtryck"],
  ["omsorgsbrist", "Brister i omsorgen"],
  ["missbruk_hos_vardnadshavare", "Missbruk hos förälder eller vårdnadshavare"],
  ["eget_missbruk", "Eget missbruk"],
  ["psykisk_ohalsa", "Psykisk ohälsa"],
  ["eget_beteende", "Eget beteende"],
  ["annat", "Annat"],
];
const KINDS = [
  ["barn", "Barn eller ungdom"],
  ["vuxen", "Vuxen"],
  ["aldre", "Äldre person"],
  ["missbruk", "Vuxen med missbruk"],
];
const MAX_PERSONS = 10;
const form = $("#register-form");
const message = $("#register-message");
let personCount = 0;
let submissionId = null;

/* ---------- Building the form ---------- */

function textField(id, labelText, path, attributes = {}) {
  return el(
    "div",
    { class: "field" },
    el("label", { for: id }, labelText),
    el("input", { type: "text", id, "data-path": path, "data-key": path.split(".").pop(), maxlength: "200", ...attributes })
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
      KINDS.map(([value, text], index) =>
        el(
          "div",
          { class: "choice" },
          el("input", { type: "radio", id: `${kindName}-${index}`, name: kindName, value, checked: value === "barn" }),
          el("label", { for: `${kindName}-${index}` }, text)
        )
      )
    ),
    textField(`person-${n}-name`, "Namn (frivilligt)", `${path}.name`),
    textField(`person-${n}-pnr`, "Personnummer (frivilligt)", `${path}.personalIdentityNumber`, { maxlength: "20", inputmode: "numeric" }),
    textField(`person-${n}-age`, "Ålder (frivilligt)", `${path}.age`, { maxlength: "3", inputmode: "numeric", class: "input-short" }),
    textField(`person-${n}-address`, "Adress (frivilligt)", `${path}.address`, { maxlength: "300" }),
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

function buildCategories() {
  const fieldset = $("#categories");
  const select = $("#main-category");
  CATEGORIES.forEach(([value, text]) => {
    fieldset.appendChild(
      el("div", { class: "choice" }, el("input", { type: "checkbox", id: `category-${value}`, name: "category", value }), el("label", { for: `category-${value}` }, text))
    );
    select.appendChild(el("option", { value }, text));
  });
}

function updateVisibility() {
  const type = checkedValue("reporterType");
  $("#private-fields").hidden = type !== "privatperson";
  $("#professional-fields").hidden = type !== "yrkesverksam";
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
  return element ? element.value.replace(/\r\n/g, "\n").trim() : "";
}

function setOptional(target, key, text) {
  if (text) target[key] = text;
}

function buildReporter() {
  const type = checkedValue("reporterType");
  if (type === "yrkesverksam") {
    const reporter = {
      type,
      name: value("#professional-name"),
      role: value("#professional-role"),
      organisation: value("#professional-organisation"),
      wantsFeedback: $("#professional-feedback").checked,
    };
    setOptional(reporter, "workPhone", value("#professional-phone"));
    setOptional(reporter, "workEmail", value("#professional-email"));
    return reporter;
  }
  if (type === "privatperson") {
    const anonymous = $("#reporter-anonymous").checked;
    const reporter = { type, anonymous };
    if (!anonymous) {
      setOptional(reporter, "name", value("#private-name"));
      setOptional(reporter, "phone", value("#private-phone"));
      setOptional(reporter, "email", value("#private-email"));
    }
    setOptional(reporter, "relation", value("#private-relation"));
    return reporter;
  }
  return null;
}

function buildPerson(section) {
  const person = { kind: checkedValue(section.querySelector('input[type="radio"]').name, section) };
  setOptional(person, "name", value('[data-key="name"]', section));
  setOptional(person, "personalIdentityNumber", value('[data-key="personalIdentityNumber"]', section));
  const age = value('[data-key="age"]', section);
  if (/^\d{1,3}$/.test(age)) person.age = Number(age);
  else setOptional(person, "age", age);
  setOptional(person, "address", value('[data-key="address"]', section));
  setOptional(person, "schoolOrPreschool", value('[data-key="schoolOrPreschool"]', section));
  const guardian = value('[data-path$="guardians.0.name"]', section);
  if (guardian) person.guardians = [{ name: guardian }];
  return person;
}

function buildReport() {
  const concern = {
    description: value("#concern-description"),
    categories: [...form.querySelectorAll('input[name="category"]:checked')].map((input) => input.value),
    mainCategory: $("#main-category").value || null,
    acuteDanger: checkedValue("acuteDanger") === "ja",
  };
  setOptional(concern, "since", value("#concern-since"));
  const interpreter = { needed: checkedValue("interpreterNeeded") === "ja" };
  if (interpreter.needed) setOptional(interpreter, "language", value("#interpreter-language"));
  const report = {
    submissionId,
    persons: [...document.querySelectorAll("#persons [data-person]")].map(buildPerson),
    concern,
    interpreter,
    reporter: buildReporter(),
  };
  setOptional(report, "otherAgencies", value("#other-agencies"));
  return report;
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
  buildCategories();
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
