// One report: what was reported (as text), the timeline, and for each person it concerns their own clocks,
// skyddsbedömning, decision and investigation, with the actions the role allows.

import {
  $,
  CHANNELS,
  OUTCOMES,
  PHASES,
  ROLES,
  SOON,
  api,
  append,
  can,
  clear,
  countdown,
  describeActor,
  el,
  errorDetails,
  formatDate,
  formatDateTime,
  formatTime,
  hideMessage,
  label,
  pageFailed,
  showMessage,
  startCountdowns,
  startPage,
  swedishDay,
  timeElement,
  todayInSweden,
} from "./common.js";
import { OUTCOME_VERBS, ROUTE_NAMES, describeEntry, describePerson, isChildRule, numbersText, personTitle } from "./persons.js";
import { ADULT_KINDS, CATEGORIES, CONSENT, KNOWLEDGE, PERSON_KINDS, PROFESSIONAL_REPORTER, REPORTER_TYPES, labels } from "../shared/report-fields.js";

const reportId = new URLSearchParams(window.location.search).get("id") || "";
const root = $("#report");
const message = $("#report-message");
let me = null;
// The languages of the public form (locales/languages.json), for their Swedish names: "engelska".
let formLanguages = {};

function loadFormLanguages() {
  return fetch("/locales/languages.json", { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then((response) => (response.ok ? response.json() : {}))
    .then((registry) => {
      formLanguages = (registry && registry.languages) || {};
    })
    .catch(() => {});
}

// Which language the reporter saw the form in; reports from before there was a choice were in Swedish.
function formLanguageName(content) {
  const code = (content && content.formLanguage) || "sv";
  return (formLanguages[code] && formLanguages[code].swedishName) || code;
}

/* ---------- What was reported ---------- */

// The answers' words are the form's and the registration's (web/shared/report-fields.js); whom it concerns and who
// reported, as staff name them.
const KIND_LABELS = labels(PERSON_KINDS, "staffLabel");
const KNOWS_LABELS = labels(KNOWLEDGE);
const CONSENT_LABELS = labels(CONSENT, "staffLabel");
const CATEGORY_LABELS = labels(CATEGORIES);
const REPORTER_LABELS = labels(REPORTER_TYPES, "staffLabel");

function yesNo(value) {
  return value === true ? "Ja" : value === false ? "Nej" : "–";
}

function text(value) {
  if (value === null || value === undefined || value === "") return "–";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

// A description list of [label, value] rows; values are always text.
function list(rows, className = "content-list") {
  return el(
    "dl",
    { class: className },
    rows
      .filter((entry) => entry && entry[1] !== undefined)
      .map(([term, value]) => el("div", {}, el("dt", {}, term), el("dd", {}, value instanceof Node ? value : text(value))))
  );
}

// Fields the page does not know (a newer form) are still shown, as text.
function otherFields(object, known) {
  return Object.keys(object || {})
    .filter((key) => !known.includes(key))
    .map((key) => [key, object[key]]);
}

function reporterRows(reporter) {
  const known = ["type", "anonymous", "name", "phone", "email", "relation", "role", "organisation", "workPhone", "workEmail", "wantsFeedback"];
  const rows = [["Anmäler som", label(REPORTER_LABELS, reporter.type)]];
  if (reporter.type === PROFESSIONAL_REPORTER) {
    rows.push(
      ["Namn", reporter.name],
      ["Yrkesroll", reporter.role],
      ["Arbetsplats", reporter.organisation],
      ["Telefon i arbetet", reporter.workPhone],
      ["E-post i arbetet", reporter.workEmail],
      ["Vill ha återkoppling", yesNo(reporter.wantsFeedback)]
    );
  } else {
    rows.push(["Anonym", yesNo(reporter.anonymous)]);
    if (!reporter.anonymous) rows.push(["Namn", reporter.name], ["Telefon", reporter.phone], ["E-post", reporter.email]);
    rows.push(["Relation", reporter.relation]);
  }
  return rows.concat(otherFields(reporter, known));
}

function personSection(person, index) {
  const known = ["kind", "name", "personalIdentityNumber", "birthDate", "age", "unborn", "expectedBirthDate", "address", "schoolOrPreschool", "guardians", "knowsAboutReport", "feedbackConsent"];
  const rows = [
    ["Gäller", label(KIND_LABELS, person.kind)],
    ["Namn", person.name],
    ["Personnummer", person.personalIdentityNumber],
    ["Födelsedatum", person.birthDate],
    ["Ålder", person.age],
    person.unborn ? ["Ofött barn", "Ja"] : null,
    ["Beräknat födelsedatum", person.expectedBirthDate],
    ["Adress", person.address],
    ["Skola eller förskola", person.schoolOrPreschool],
    person.unborn ? null : ["Vet om anmälan", label(KNOWS_LABELS, person.knowsAboutReport)],  // an unborn child knows nothing
    person.feedbackConsent ? ["Samtycke till återkoppling", label(CONSENT_LABELS, person.feedbackConsent)] : null,
  ];
  (person.guardians || []).forEach((guardian, guardianIndex) => {
    const details = [guardian.name, guardian.phone, guardian.address].filter(Boolean);
    details.push(`Vet om anmälan: ${label(KNOWS_LABELS, guardian.knowsAboutReport)}`);
    details.push(...otherFields(guardian, ["name", "phone", "address", "knowsAboutReport"]).map(([k, v]) => `${k}: ${text(v)}`));
    rows.push([`Vårdnadshavare ${guardianIndex + 1}`, details.join("\n")]);
  });
  return [el("h3", {}, `Person ${index + 1}`), list(rows.concat(otherFields(person, known)))];
}

// Who sent a signed-in report, as their identity provider verified it: "Identifierad med <provider>: <name>,
// <personnummer, or title, organisation and e-mail>". Absent for a report sent without signing in.
function verifiedIdentity(identity) {
  if (!identity || typeof identity !== "object" || !identity.name) return null;
  const facts = identity.personnummer
    ? [identity.personnummer]
    : [identity.title, identity.organisation, identity.email].filter((fact) => fact);
  const provider = identity.providerLabel || identity.provider || "inloggning";
  return el(
    "p",
    { class: "notice verified-identity", id: "verified-identity" },
    el("strong", {}, "Identifierad med " + provider + ": "),
    [identity.name].concat(facts).join(", ")
  );
}

function contentSection(content, identity) {
  const concern = content.concern || {};
  const interpreter = content.interpreter || {};
  const section = el("section", { class: "report-content", "aria-labelledby": "content-heading" }, el("h2", { id: "content-heading" }, "Det här anmäldes"));
  append(section, [
    el("h3", {}, "Oron"),
    list(
      [
        ["Beskrivning", concern.description],
        ["Oron gäller", (concern.categories || []).map((category) => label(CATEGORY_LABELS, category)).join("\n")],
        ["Främst", label(CATEGORY_LABELS, concern.mainCategory)],
        ["Hur länge", concern.since],
        ["Akut fara enligt anmälaren", yesNo(concern.acuteDanger)],
      ].concat(otherFields(concern, ["description", "categories", "mainCategory", "since", "acuteDanger"]))
    ),
    (content.persons || []).map(personSection),
    el("h3", {}, "Anmälaren"),
    verifiedIdentity(identity),
    list(reporterRows(content.reporter || {})),
    el("h3", {}, "Övrigt"),
    list(
      [
        ["Behöver tolk", yesNo(interpreter.needed)],
        interpreter.needed ? ["Språk", interpreter.language] : null,
        ["Andra som vet eller hjälper till", content.otherAgencies],
      ].concat(otherFields(content, ["submissionId", "persons", "concern", "interpreter", "reporter", "otherAgencies", "formLanguage"]))
    ),
  ]);
  return section;
}

/* ---------- The persons, their clocks, routing and timeline ---------- */

// Each person's part of the page. A report about one person reads as before: no "Person 1" headings, and the
// ids the page has always had; with more than one, each person has a heading and each id ends with the
// person's number ("protection-form-2").
function context(report) {
  const persons = Array.isArray(report.persons) ? report.persons : [];
  const contentPersons = ((report.content || {}).persons || []);
  const reporter = (report.content || {}).reporter || {};
  return {
    persons,
    multi: persons.length > 1,
    contentOf: (person) => contentPersons[person.number - 1] || {},
    // Återkoppling is a professional reporter's: only then does an adult's consent to it matter.
    professionalReporter: reporter.type === PROFESSIONAL_REPORTER,
  };
}

function idFor(base, person, ctx) {
  return ctx.multi ? `${base}-${person.number}` : base;
}

// "för person 2" where it helps to say whom, nothing when the report is about one person.
function forPerson(person, ctx, word = "för") {
  return ctx.multi ? ` ${word} person ${person.number}` : "";
}

// The law's limits for a child, the adult unit's targets for an adult: the names say which.
function clockNames(person) {
  return isChildRule(person.rule)
    ? {
        protection: "Skyddsbedömning (24 timmar)",
        decision: "Beslut om utredning (14 dagar)",
        investigation: "Utredning (4 månader)",
      }
    : {
        protection: "Skyddsbedömning (kommunens mål)",
        decision: "Beslut om utredning (kommunens mål)",
        investigation: "Utredning (kommunens mål)",
      };
}

function withMotivation(line, motivation) {
  return motivation ? `${line}\nMotivering: ${text(motivation)}` : line;
}

function personOpen(report, person) {
  return report.phase !== "closed" && !report.purgeOn && person.phase !== "closed";
}

function investigationOpen(person) {
  const investigation = person.investigation || {};
  return person.phase === "investigation" && !investigation.closedAt;
}

// The 4-month limit while a person's investigation runs; when it was closed, by whom; its extensions.
const RESULT_WORDS = { no_measures: "Inga insatser", measures: "Insatser, som följs upp" };
const FOLLOW_UP_WORDS = {
  followed_up: "Uppföljningen är gjord",
  need_ended: "Behovet av insatser har upphört",
  moved_to_case_system: "Följs upp i verksamhetssystemet",
};

function investigationRows(person, ctx) {
  const investigation = person.investigation || {};
  const runs = investigationOpen(person) || Boolean(person.investigationDueAt);
  if (!runs && !investigation.closedAt && !investigation.extendedTo) return [];
  const rows = [
    [
      clockNames(person).investigation,
      investigation.closedAt
        ? `Avslutad ${formatDateTime(investigation.closedAt)} av ${text(investigation.closedBy)}`
        : person.investigationDueAt
          ? countdown(person.investigationDueAt, SOON.investigation)
          : "–",
    ],
  ];
  if (investigation.result) rows.push(["Utredningens resultat", RESULT_WORDS[investigation.result] || investigation.result]);
  const followUp = person.followUp;
  if (followUp && followUp.status === "active") {
    rows.push(["Nästa uppföljning", `senast ${formatDate(followUp.nextDueOn)}${followUp.overdue ? ", försenad" : ""}`]);
  } else if (followUp && followUp.status === "ended") {
    rows.push(["Uppföljningen", `${FOLLOW_UP_WORDS[followUp.endedHow] || "avslutad"} (${formatDateTime(followUp.endedAt)})`]);
  }
  if (investigation.extendedTo) rows.push(["Utredningen förlängd till", formatDate(investigation.extendedTo)]);
  if ((investigation.extensions || []).length) {
    rows.push(["Förlängningar av utredningen", extensionList(investigation.extensions, idFor("investigation-extensions", person, ctx))]);
  }
  return rows;
}

function proposalLine(proposal) {
  const status = { proposed: "väntar på granskning", approved: "godkänt", returned: "skickat tillbaka" }[proposal.status] || proposal.status;
  const version = proposal.version > 1 ? ` (version ${proposal.version})` : "";
  let line = `${label(OUTCOMES, proposal.outcome)}${version} – föreslaget av ${text(proposal.proposedBy)} ${formatDateTime(proposal.proposedAt)}, ${status}`;
  if (proposal.reviewedBy) line += ` (${text(proposal.reviewedBy)} ${formatDateTime(proposal.reviewedAt)})`;
  if (proposal.motivation) line += `\nMotivering: ${text(proposal.motivation)}`;
  if (proposal.comment) line += `\nKommentar: ${text(proposal.comment)}`;
  return line;
}

// An adult someone else reported about, under the adult unit's rule: återkoppling about them needs their consent.
function asksConsent(person, ctx) {
  return ctx.professionalReporter && ADULT_KINDS.includes(person.kind) && !isChildRule(person.rule);
}

// The consent as the report gave it, each consent recorded since (the latest counts), and what that allows.
function consentText(person) {
  const lines = [`I anmälan: ${person.feedbackConsentInReport ? label(CONSENT_LABELS, person.feedbackConsentInReport) : "inte frågat"}`];
  for (const recorded of person.feedbackConsentHistory || []) {
    lines.push(
      `${recorded.given ? "Samtycke till återkoppling lämnat" : "Samtycke till återkoppling återkallat"} ${formatDate(recorded.givenOn)}` +
        ` (${text(recorded.note)}), registrerat av ${text(recorded.recordedBy)} ${formatDateTime(recorded.recordedAt)}`
    );
  }
  lines.push(person.feedbackAllowed ? "Återkoppling får ges." : "Återkoppling får inte ges utan personens samtycke.");
  return lines.join("\n");
}

// A person's running limits first (a countdown until it is done, then what was done), then the rest.
function personRows(person, ctx) {
  const names = clockNames(person);
  const assessment = person.protectionAssessment;
  const decision = person.decision;
  const investigation = investigationRows(person, ctx);
  const rows = [
    [
      names.protection,
      assessment
        ? withMotivation(
            `Gjord ${formatDateTime(assessment.recordedAt)} av ${text(assessment.recordedBy)}: ${
              assessment.immediateProtectionNeeded ? "omedelbart skydd behövs" : "inget omedelbart skyddsbehov"
            }`,
            assessment.motivation
          )
        : person.protectionDueAt
          ? countdown(person.protectionDueAt, SOON.protection)
          : "–",
    ],
    [
      names.decision,
      decision
        ? withMotivation(
            `${label(OUTCOMES, decision.outcome)}, beslutat ${formatDateTime(decision.decidedAt)} av ${text(decision.decidedBy)}${
              decision.proposedBy ? ` (föreslaget av ${text(decision.proposedBy)})` : ""
            }`,
            decision.motivation
          )
        : person.decisionDueAt
          ? countdown(person.decisionDueAt, SOON.decision)
          : "–",
    ],
    ...investigation.slice(0, 1),
  ];
  const details = [];
  if (person.decisionProposal && !decision) details.push(["Förslag till beslut", proposalLine(person.decisionProposal)]);
  if (ctx.multi) details.push(["Skede", label(PHASES, person.phase)]);
  if (person.decisionDueExtendedTo) details.push(["Tidsgränsen förlängd till", formatDate(person.decisionDueExtendedTo)]);
  if ((person.decisionDeadlineExtensions || []).length) {
    details.push(["Förlängningar av tidsgränsen för beslut", extensionList(person.decisionDeadlineExtensions, idFor("decision-extensions", person, ctx))]);
  }
  details.push(...investigation.slice(1));
  if (asksConsent(person, ctx)) details.push(["Samtycke till återkoppling", consentText(person)]);
  return { clocks: rows, details };
}

// Which rule applies to the person and why (the API's words), and the violence rule for a child, with
// staff's latest assessment of whether the report's violence concerns this child.
function ruleNotes(person, ctx) {
  const notes = [el("p", { class: "person-rule", id: idFor("person-rule", person, ctx) }, text(person.ruleText || ""))];
  const assessed = (person.violenceAssessments || []).slice(-1)[0];
  if (assessed) {
    notes.push(
      el(
        "p",
        { class: "person-violence-assessment", id: idFor("person-violence-assessment", person, ctx) },
        el("strong", {}, "Bedömning av våldet: "),
        assessed.concernsPerson ? "våldet i anmälan gäller barnet" : "våldet i anmälan gäller inte barnet",
        ` (${text(assessed.staffId)}, `,
        timeElement(assessed.at),
        `). Motivering: ${text(assessed.motivation)}`
      )
    );
  }
  if (person.violence) {
    notes.push(
      el(
        "p",
        { class: "person-violence", id: idFor("person-violence", person, ctx) },
        el("strong", {}, "Våld: "),
        "anmälan anger våld mot barnet eller våld som barnet har sett eller hört. Då ska en utredning alltid inledas (SOSFS 2014:4)."
      )
    );
  }
  return notes;
}

// With more than one person: a block per person, headed with who they are, and a link to their actions.
function personSummary(person, ctx) {
  const headingId = `person-${person.number}-heading`;
  const rows = personRows(person, ctx);
  return el(
    "div",
    { class: "person-clocks person-clocks-multi", "data-person": person.number, role: "group", "aria-labelledby": headingId },
    el("h3", { id: headingId }, personTitle(person.number, ctx.contentOf(person))),
    list([...rows.clocks, ...rows.details], "summary"),
    ruleNotes(person, ctx),
    el("p", { class: "person-jump" }, el("a", { href: `#actions-person-${person.number}` }, `Till åtgärderna för person ${person.number}`))
  );
}

// The summary comes first on the page, at every width: each person's running limits, then whom the report lies
// with, then the rest. On a phone they are on the first screen, below the acute flag (reportAlerts).
function summarySection(report, ctx) {
  const holder = [
    ["Ligger hos", label(ROUTE_NAMES, report.route)],
    ["Varför", report.routingReason],
  ];
  if (report.escalation) {
    const escalation = report.escalation;
    holder.push([
      "Eskalering",
      escalation.acknowledgedAt
        ? `Kvitterad ${formatDateTime(escalation.acknowledgedAt)}`
        : `Larm skickat ${formatDateTime(escalation.notifiedAt)}, inte kvitterat`,
    ]);
  }
  const rows = [
    ["Akut fara enligt anmälaren", yesNo(report.acuteDanger)],
    // Each person's stage is theirs; the report's own (the least advanced person's) says it for one person.
    ctx.multi ? null : ["Skede", label(PHASES, report.phase)],
    ["Inkom", timeElement(report.receivedAt)],
    ["Kom in via", label(CHANNELS, report.channel)],
    report.channel === "webb" ? ["Formulärets språk", formLanguageName(report.content)] : null,
  ];
  if (report.purgeOn) rows.push(["Gallras", formatDate(report.purgeOn)]);
  const heading = el("h2", { id: "summary-heading" }, "Läge och tidsgränser");
  // One person: one list as before, the person's limits first, and the rule that sets them below it.
  if (!ctx.multi) {
    const person = ctx.persons[0];
    const own = person ? personRows(person, ctx) : null;
    return el(
      "section",
      { class: "report-summary", "aria-labelledby": "summary-heading" },
      heading,
      el(
        "div",
        { class: "person-clocks", "data-person": person ? person.number : null },
        list(person ? [...own.clocks, ...holder, ...own.details, ...rows] : [...holder, ...rows], "summary"),
        person ? ruleNotes(person, ctx) : null
      )
    );
  }
  return el(
    "section",
    { class: "report-summary", "aria-labelledby": "summary-heading" },
    heading,
    el("p", { class: "persons-intro" }, `Anmälan gäller ${ctx.persons.length} personer. Var och en har egna tidsgränser, en egen skyddsbedömning och ett eget beslut.`),
    ctx.persons.map((person) => personSummary(person, ctx)),
    el("h3", { id: "report-facts-heading" }, "Hela anmälan"),
    list([...holder, ...rows], "summary")
  );
}

// Above everything else: the acute flag, an unacknowledged escalation, anyone who needs protection at once, and a
// link to the actions.
function reportAlerts(report, ctx) {
  const flags = [];
  if (report.acuteDanger) flags.push(el("span", { class: "marker acute", id: "acute-flag" }, "Akut fara enligt anmälaren"));
  if (report.escalation && !report.escalation.acknowledgedAt) {
    flags.push(el("span", { class: "marker escalated" }, "Eskalerad, ej kvitterad"));
  }
  const protect = ctx.persons
    .filter((person) => person.phase !== "closed" && person.protectionAssessment && person.protectionAssessment.immediateProtectionNeeded)
    .map((person) => person.number);
  if (protect.length) {
    flags.push(
      el("span", { class: "marker acute", id: "protection-flag" }, ctx.multi ? `Omedelbart skydd behövs: ${numbersText(protect)}` : "Omedelbart skydd behövs")
    );
  }
  const unacknowledged = ctx.persons.filter((person) => person.handoff && person.handoff.overdue && ["prepared", "delivered", "fetched"].includes(person.handoff.status));
  if (unacknowledged.length) {
    flags.push(el("span", { class: "marker escalated", id: "handoff-flag" }, "Överlämningen är inte kvitterad"));
  }
  return el("p", { class: "report-alerts" }, flags, el("a", { href: "#actions-heading", id: "to-actions" }, "Till åtgärderna"));
}

// Each extension of a limit: the new last day, the written reason, who and when.
function extensionList(extensions, id) {
  return el(
    "ul",
    { class: "extension-list", id },
    extensions.map((extension) =>
      el(
        "li",
        {},
        el("span", { class: "extension-to" }, `Till ${formatDate(extension.to)}`),
        el("span", { class: "extension-reason" }, `Skäl: ${text(extension.reason)}`),
        el("span", { class: "reason" }, `${text(extension.staffId)}, `, timeElement(extension.at))
      )
    )
  );
}

// The files the reporter attached: only those the malware scan found clean can be downloaded (each download
// is logged); removed files are only mentioned, files awaiting their scan only counted.
function attachmentsSection(attachments) {
  const files = (attachments && attachments.files) || [];
  const removed = (attachments && attachments.removed) || [];
  const waiting = (attachments && attachments.awaitingScan) || 0;
  const section = el(
    "section",
    { class: "attachments", id: "attachments", "aria-labelledby": "attachments-heading" },
    el("h2", { id: "attachments-heading" }, "Bifogade filer")
  );
  const status = el("p", { class: "attachment-status", role: "status" });
  if (!files.length && !removed.length && !waiting) section.appendChild(el("p", {}, "Inga filer bifogades."));
  if (files.length) {
    section.appendChild(
      el(
        "ul",
        { class: "attachment-list" },
        files.map((file) =>
          el(
            "li",
            {},
            can(me, "download_attachment") ? downloadButton(file, status) : text(file.fileName),
            ` (${sizeText(file.size)})`
          )
        )
      )
    );
  }
  removed.forEach((sentence) => section.appendChild(el("p", { class: "attachment-removed" }, sentence)));
  if (waiting) {
    section.appendChild(
      el("p", {}, waiting === 1 ? "1 fil väntar på kontroll för skadlig kod." : `${waiting} filer väntar på kontroll för skadlig kod.`)
    );
  }
  section.appendChild(status);
  return section;
}

function downloadButton(file, status) {
  const button = el("button", { type: "button", "data-attachment": file.attachmentId }, `Ladda ned ${text(file.fileName)}`);
  button.addEventListener("click", () => download(file, status));
  return button;
}

function sizeText(bytes) {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1).replace(".", ",")} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} kB`;
}

// The staff API logs the download and gives a link that works for a minute; the browser saves the file.
async function download(file, status) {
  status.textContent = "";
  try {
    const link = await api(`/api/staff/reports/${encodeURIComponent(reportId)}/attachments/${encodeURIComponent(file.attachmentId)}`);
    window.location.assign(link.url);
  } catch (error) {
    if (error.status === 401) return;
    status.textContent = error.message || "Filen kunde inte laddas ned. Försök igen.";
  }
}

function routingSection(history) {
  if (!history || !history.length) return null;
  return el(
    "section",
    { class: "report-routing", "aria-labelledby": "routing-heading" },
    el("h2", { id: "routing-heading" }, "Vem anmälan har legat hos"),
    el(
      "ol",
      {},
      history.map((entry) =>
        el("li", {}, timeElement(entry.decidedAt), `: ${label(ROUTE_NAMES, entry.route)}. `, text(entry.reason))
      )
    )
  );
}

// The page reads the report again after every action, and every read is in the audit log. In the timeline a
// person's reads while they work with the report in one stretch (nobody else's entry in between) are one line:
// "Läste anmälan (3 gånger, senast 14:32)", placed at the first of them.
function timelineGroups(timeline) {
  const groups = [];
  let reads = null;
  let actor;
  for (const entry of timeline || []) {
    if (entry.staffId !== actor) reads = null;
    actor = entry.staffId;
    if (entry.action === "read_report" && reads) {
      reads.count += 1;
      reads.last = entry.at;
      continue;
    }
    const group = { entry, count: 1, last: entry.at };
    if (entry.action === "read_report") reads = group;
    groups.push(group);
  }
  return groups;
}

function timelineEvent(group) {
  if (group.count === 1) return describeEntry(group.entry);
  const sameDay = swedishDay(group.entry.at) === swedishDay(group.last);
  return [
    `${describeEntry(group.entry)} (${group.count} gånger, senast `,
    timeElement(group.last, sameDay ? formatTime(group.last) : formatDateTime(group.last)),
    ")",
  ];
}

function timelineSection(timeline) {
  const rows = timelineGroups(timeline).map((group) =>
    el(
      "tr",
      { "data-action": group.entry.action, "data-staff": group.entry.staffId, "data-count": group.count },
      el("td", {}, timeElement(group.entry.at)),
      el("td", {}, describeActor(group.entry.staffId)),
      el("td", {}, (group.entry.roles || []).map((role) => label(ROLES, role)).join(", ") || "–"),
      el("td", {}, timelineEvent(group))
    )
  );
  return el(
    "section",
    { "aria-labelledby": "timeline-heading" },
    el("h2", { id: "timeline-heading" }, "Händelser"),
    el(
      "div",
      { class: "table-wrap" },
      el(
        "table",
        { id: "timeline" },
        el(
          "caption",
          {},
          "Vad personalen har läst och gjort med anmälan och vilka meddelanden Oro har skickat, äldst först. ",
          el("span", { class: "reason" }, "En persons läsningar i följd visas på en rad. Tiderna är svensk tid.")
        ),
        el("thead", {}, el("tr", {}, ["Tid", "Vem", "Roll", "Händelse"].map((heading) => el("th", { scope: "col" }, heading)))),
        el("tbody", {}, rows)
      )
    )
  );
}

/* ---------- Actions ---------- */

let formCount = 0;

// Radio buttons; `name` is the same on every load, so what was chosen in another form survives a reload.
function radios(legend, name, options, describedBy) {
  return el(
    "fieldset",
    { class: "field", "aria-describedby": describedBy || null },
    el("legend", {}, legend),
    options.map(([value, optionText]) => {
      formCount += 1;
      const id = `${name}-${formCount}`;
      return el("div", { class: "choice" }, el("input", { type: "radio", id, name, value, required: true }), el("label", { for: id }, optionText));
    })
  );
}

// A panel with a form; its heading is an h3, or an h4 under a person's heading.
function actionPanel(id, title, fields, buttons, level = 3) {
  const headingId = `${id}-heading`;
  return el(
    "form",
    { class: `panel ${id.replace(/-\d+$/, "")}`, id, novalidate: true, "aria-labelledby": headingId },
    el(`h${level}`, { id: headingId }, title),
    fields,
    // Where this form's refusals are shown: beside its buttons, not at the top of the page.
    el("div", { "data-form-message": "", hidden: true }),
    buttons.map(([buttonText, kind, name]) => el("button", { type: "submit", class: `button ${kind}`, name: name || null, value: name || null }, buttonText))
  );
}

// The form's own message area (the form as it is now: a reload renders it anew), else the page's.
function messageNear(form) {
  const current = document.getElementById(form.id) || form;
  return current.querySelector("[data-form-message]") || message;
}

// A written text (motivation, note, reason): trimmed, at least `minimum` characters and something visible.
const TEXT_MIN_LENGTH = 10;

function writtenText(form, selector, missing, minimum = TEXT_MIN_LENGTH) {
  const value = form.querySelector(selector).value.trim();
  if (!value || !/[^\s\u200b-\u200d\u2060\ufeff]/.test(value)) throw new Error(missing);
  if ([...value].length < minimum) throw new Error(`${missing.replace(/\.$/, "")}, med minst ${minimum} tecken.`);
  return value;
}

function textField(id, fieldLabel, hint, rows = "3", maxlength = "2000") {
  const hintId = `${id}-hint`;
  return el(
    "div",
    { class: "field" },
    el("label", { for: id }, fieldLabel),
    hint ? el("p", { class: "hint", id: hintId }, hint) : null,
    el("textarea", { id, rows, maxlength, required: true, "aria-describedby": hint ? hintId : null })
  );
}

// What a person has typed or chosen in the forms (in memory only), so that a reload after an action does not
// throw away work in the other persons' forms. `except` is the form that was sent.
function typedInForms(except) {
  const kept = { fields: [], radios: [] };
  for (const field of root.querySelectorAll("form textarea[id], form input[type=date][id]")) {
    if (except && except.contains(field)) continue;
    if (field.value) kept.fields.push([field.id, field.value]);
  }
  for (const radio of root.querySelectorAll("form input[type=radio]:checked")) {
    if (except && except.contains(radio)) continue;
    kept.radios.push([radio.name, radio.value]);
  }
  return kept;
}

function restoreTyped(kept) {
  for (const [id, value] of kept.fields) {
    const field = document.getElementById(id);
    if (field && (field.tagName === "TEXTAREA" || field.type === "date") && !field.value) field.value = value;
  }
  for (const [name, value] of kept.radios) {
    const radio = [...root.querySelectorAll("input[type=radio]")].find((input) => input.name === name && input.value === value);
    if (radio && ![...root.querySelectorAll("input[type=radio]:checked")].some((input) => input.name === name)) radio.checked = true;
  }
}

// Sends a form: `buildRequest(choice)` answers [path, body] or throws an Error with a Swedish message; `confirm`,
// if given, may ask first (answers the body to send, or null to send nothing).
function onSubmit(form, buildRequest, success, confirm) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const choice = event.submitter && event.submitter.name;
    if (form.getAttribute("aria-busy") === "true") return;
    let request;
    hideMessage(message);
    try {
      request = buildRequest(choice);
    } catch (error) {
      showMessage(messageNear(form), "error", error.message);
      return;
    }
    if (confirm) {
      const body = await confirm(choice, request[1]);
      if (!body) return;
      request = [request[0], body];
    }
    form.setAttribute("aria-busy", "true");
    try {
      const answer = await api(request[0], { method: "POST", body: request[1] });
      const others = typedInForms(form);
      await load();
      restoreTyped(others);
      showMessage(message, "success", typeof success === "function" ? success(choice, answer) : success);
    } catch (error) {
      if (error.status === 401) return;
      // 409: the report changed meanwhile (another proposal, a decision, someone else was first). Show it as it
      // is now, with the API's explanation. What the person typed (a reviewer's comment, a motivation) stays in
      // the fields after the reload, in memory only.
      if (error.status === 409) {
        const typed = typedInForms(null);
        await load().catch(() => null);
        restoreTyped(typed);
      }
      showMessage(messageNear(form), "error", error.message, errorDetails(error));
    } finally {
      form.removeAttribute("aria-busy");
    }
  });
}

// A limit moved to a later day with a written reason (the 14-day decision, the 4-month investigation): a date,
// the reason (at least 10 characters) and who and when are kept by the API.
const REASON_MIN_LENGTH = 10;

function extensionPanel({ id, prefix, title, hint, reasonLabel, missingReason, button, path, success, level }) {
  const hintId = `${prefix}-hint`;
  const reasonHintId = `${prefix}-reason-hint`;
  const form = actionPanel(
    id,
    title,
    [
      el("p", { class: "hint", id: hintId }, hint),
      el("div", { class: "field" }, el("label", { for: `${prefix}-date` }, "Ny tidsgräns"), el("input", { type: "date", id: `${prefix}-date`, required: true, "aria-describedby": hintId })),
      el(
        "div",
        { class: "field" },
        el("label", { for: `${prefix}-reason` }, reasonLabel),
        el("p", { class: "hint", id: reasonHintId }, `Skriv skälen så att någon annan kan förstå dem, minst ${REASON_MIN_LENGTH} tecken.`),
        el("textarea", { id: `${prefix}-reason`, rows: "3", maxlength: "1000", required: true, "aria-describedby": reasonHintId })
      ),
    ],
    [[button, "secondary"]],
    level
  );
  onSubmit(
    form,
    () => {
      const extendedTo = form.querySelector(`#${prefix}-date`).value;
      const reason = form.querySelector(`#${prefix}-reason`).value.trim();
      if (!/^\d{4}-\d{2}-\d{2}$/.test(extendedTo)) throw new Error("Välj ett datum för den nya tidsgränsen.");
      if (!reason) throw new Error(missingReason);
      if ([...reason].length < REASON_MIN_LENGTH) throw new Error(`Skriv skälen med minst ${REASON_MIN_LENGTH} tecken.`);
      return [path, { extendedTo, reason }];
    },
    success
  );
  return form;
}

// Closing asks first: the button shows a question, and only "Ja, avsluta utredningen" sends.
function closeInvestigationPanel(report, person, ctx, path, level) {
  const questionId = idFor("close-investigation-confirm", person, ctx);
  const question = el(
    "div",
    { class: "confirm close-investigation-confirm", id: questionId, hidden: true, tabindex: "-1" },
    el(
      "p",
      {},
      el(
        "strong",
        {},
        ctx.multi
          ? `Vill du avsluta utredningen för person ${person.number} i anmälan ${report.referenceNumber}?`
          : `Vill du avsluta utredningen för anmälan ${report.referenceNumber}?`
      )
    ),
    el("p", {}, ctx.multi ? `Oro slutar då bevaka tidsgränsen för utredningen om person ${person.number}.` : "Oro slutar då bevaka tidsgränsen för utredningen.")
  );
  const ask = el("button", { type: "button", class: "button secondary", "aria-expanded": "false", "aria-controls": questionId }, "Avsluta utredningen");
  const result = radios("Vad blev resultatet av utredningen?", idFor("investigation-result", person, ctx), [
    ["no_measures", "Inga insatser"],
    ["measures", "Insatser: de följs upp regelbundet tills behovet har upphört"],
  ]);
  const confirm = el("button", { type: "submit", class: "button danger" }, "Ja, avsluta utredningen");
  const cancel = el("button", { type: "button", class: "button secondary" }, "Avbryt");
  append(question, [confirm, " ", cancel]);
  const form = actionPanel(
    idFor("close-investigation-form", person, ctx),
    "Avsluta utredningen",
    [el("p", { class: "hint" }, "När utredningen är klar avslutar du den här, med dess resultat."), result, ask, question],
    [],
    level
  );
  ask.addEventListener("click", () => {
    question.hidden = false;
    ask.hidden = true;
    ask.setAttribute("aria-expanded", "true");
    question.focus();
  });
  cancel.addEventListener("click", () => {
    question.hidden = true;
    ask.hidden = false;
    ask.setAttribute("aria-expanded", "false");
    ask.focus();
  });
  onSubmit(
    form,
    () => [path, { result: checked(form, idFor("investigation-result", person, ctx), "Välj vad utredningen kom fram till.") }],
    (choice, answer) => `Utredningen${forPerson(person, ctx)} är avslutad.`
  );
  return form;
}

// Measures after an investigation are followed up at least every six months: the case worker records each
// follow-up (the next is then due six months later), or that the need has ended, or that the case system follows
// the case up from now on. Oro reminds by e-mail before the day and when it has passed.
function followUpPanel(person, ctx, path, level) {
  const followUp = person.followUp;
  if (!followUp || followUp.status !== "active" || !can(me, "manage_investigation")) return null;
  const outcome = idFor("follow-up-outcome", person, ctx);
  const noteId = idFor("follow-up-note", person, ctx);
  const form = actionPanel(
    idFor("follow-up-form", person, ctx),
    "Uppföljning av insatser",
    [
      el(
        "p",
        { class: followUp.overdue ? "handoff-overdue" : "hint" },
        `Nästa uppföljning ska göras senast ${formatDate(followUp.nextDueOn)}${followUp.overdue ? " och är försenad" : ""}.`
      ),
      radios("Vad registrerar du?", outcome, [
        ["followed_up", `Uppföljningen är gjord (nästa blir om ${followUp.intervalMonths} månader)`],
        ["need_ended", "Behovet av insatser har upphört"],
        ["moved_to_case_system", "Ärendet följs upp i verksamhetssystemet från och med nu"],
      ]),
      textField(noteId, "Anteckning", "Vad som följdes upp, eller varför uppföljningen i Oro slutar (minst 3 tecken).", "3"),
    ],
    [["Registrera", "primary"]],
    level
  );
  onSubmit(
    form,
    () => [
      `${path}/follow-up`,
      { outcome: checked(form, outcome, "Välj vad du registrerar."), note: writtenText(form, `#${noteId}`, "Skriv en anteckning.", 3) },
    ],
    `Uppföljningen${forPerson(person, ctx, "om")} är registrerad.`
  );
  return form;
}

function checked(form, name, missing) {
  const input = form.querySelector(`input[name="${name}"]:checked`);
  if (!input) throw new Error(missing);
  return input.value;
}

// A yes-or-no assessment and why (the skyddsbedömning; which child the violence concerns): `field` is the body's
// boolean, sent with the motivation; `success(answer)` the message after it is saved.
function yesNoPanel(person, ctx, { prefix, title, hint, question, field, yes, no, motivationHint, button, missingChoice, missingMotivation, path, success, level }) {
  const hintId = idFor(`${prefix}-hint`, person, ctx);
  const motivationId = idFor(`${prefix}-motivation`, person, ctx);
  const name = `${field}-${person.number}`;
  const form = actionPanel(
    idFor(`${prefix}-form`, person, ctx),
    title,
    [
      el("p", { class: "hint", id: hintId }, hint),
      radios(question, name, [["true", yes], ["false", no]], hintId),
      textField(motivationId, "Motivering", motivationHint),
    ],
    [button],
    level
  );
  let answer = false;
  onSubmit(
    form,
    () => {
      answer = checked(form, name, missingChoice) === "true";
      const motivation = writtenText(form, `#${motivationId}`, missingMotivation);
      return [path, { [field]: answer, motivation }];
    },
    () => success(answer)
  );
  return form;
}

// The skyddsbedömning: Ja or Nej, and why.
function protectionPanel(person, ctx, path, level) {
  return yesNoPanel(person, ctx, {
    prefix: "protection",
    title: "Skyddsbedömning",
    hint: isChildRule(person.rule)
      ? "Bedöm om barnet behöver skydd omedelbart. Görs direkt och senast 24 timmar efter att anmälan kom in."
      : "Bedöm om personen behöver skydd omedelbart. Tiden för bedömningen är kommunens mål, inte en tidsfrist i lagen.",
    question: "Behövs omedelbart skydd?",
    field: "immediateProtectionNeeded",
    yes: "Ja, omedelbart skydd behövs",
    no: "Nej, inget omedelbart skyddsbehov",
    motivationHint: `Vad bygger bedömningen på? Skriv så att någon annan kan förstå den, minst ${TEXT_MIN_LENGTH} tecken.`,
    button: ["Registrera skyddsbedömning", "primary"],
    missingChoice: "Välj om omedelbart skydd behövs.",
    missingMotivation: "Skriv en motivering till skyddsbedömningen.",
    path,
    success: (immediate) =>
      `Skyddsbedömningen${forPerson(person, ctx)} är registrerad.` +
      (immediate ? " Omedelbart skydd behövs – den som har jour har larmats." : ""),
    level,
  });
}

// When the skyddsbedömning said Ja: a notice on the person, what has been done so far and a form to note more.
function protectionMeasures(person, ctx, path, level, canWrite) {
  const notes = person.protectionMeasures || [];
  const listId = idFor("protection-measures", person, ctx);
  const parts = [
    el(
      "div",
      { class: "protection-notice", id: idFor("protection-notice", person, ctx) },
      el("p", {}, el("strong", {}, "Omedelbart skydd behövs – den som har jour har larmats.")),
      el("p", {}, "Skriv ner vad som görs för att skydda personen, så att alla som arbetar med anmälan ser det.")
    ),
  ];
  const listed = el(
    "div",
    { class: "measures" },
    el(`h${level}`, { id: `${listId}-heading` }, "Vad som har gjorts"),
    notes.length
      ? el(
          "ul",
          { class: "extension-list measures-list", id: listId, "aria-labelledby": `${listId}-heading` },
          notes.map((note) =>
            el("li", {}, el("span", { class: "measure-note" }, text(note.note)), el("span", { class: "reason" }, `${text(note.staffId)}, `, timeElement(note.at)))
          )
        )
      : el("p", { id: listId, class: "hint" }, "Inget är antecknat ännu.")
  );
  if (!canWrite) return [...parts, listed];
  const noteId = idFor("measures-note", person, ctx);
  const form = actionPanel(
    idFor("measures-form", person, ctx),
    "Vad har gjorts?",
    [textField(noteId, "Beskriv vad som har gjorts", `Till exempel vem som kontaktades och var personen är nu. Minst ${TEXT_MIN_LENGTH} tecken.`)],
    [["Spara anteckningen", "primary"]],
    level
  );
  onSubmit(
    form,
    () => [path, { note: writtenText(form, `#${noteId}`, "Skriv vad som har gjorts.") }],
    `Anteckningen om vad som har gjorts${forPerson(person, ctx)} är sparad.`
  );
  return [...parts, listed, form];
}

// Which child the report's violence concerns: the form asks about violence once for the whole report.
function violencePanel(person, ctx, path, level) {
  return yesNoPanel(person, ctx, {
    prefix: "violence",
    title: "Gäller våldet det här barnet?",
    hint: "Anmälan beskriver våld men säger inte vilket barn det gäller. Gäller det barnet (utsatt för våld eller har sett eller hört det), ska en utredning alltid inledas (SOSFS 2014:4).",
    question: "Gäller våldet barnet?",
    field: "concernsPerson",
    yes: "Ja, våldet gäller barnet",
    no: "Nej, våldet gäller inte barnet",
    motivationHint: `Vad bygger bedömningen på? Minst ${TEXT_MIN_LENGTH} tecken.`,
    button: ["Spara bedömningen", "secondary"],
    missingChoice: "Välj om våldet gäller barnet.",
    missingMotivation: "Skriv en motivering till bedömningen.",
    path,
    success: () => `Bedömningen av våldet${forPerson(person, ctx)} är sparad.`,
    level,
  });
}

function proposalPanel(person, ctx, path, level) {
  const motivationId = idFor("proposal-motivation", person, ctx);
  const violenceId = idFor("proposal-violence", person, ctx);
  const form = actionPanel(
    idFor("proposal-form", person, ctx),
    "Förslag till beslut",
    [
      el("p", { class: "hint" }, "Förslaget granskas och beslutas av en annan person (förste socialsekreterare)."),
      person.violence
        ? el("p", { class: "hint person-violence", id: violenceId }, "Anmälan anger våld mot barnet eller våld som barnet har sett eller hört. Då ska en utredning alltid inledas (SOSFS 2014:4).")
        : null,
      radios(
        "Ska en utredning inledas?",
        `outcome-${person.number}`,
        [
          ["investigation", "Ja, inled utredning"],
          ["no_investigation", "Nej, inled inte utredning"],
        ],
        person.violence ? violenceId : null
      ),
      textField(motivationId, "Motivering", `Varför föreslår du det här? Skriv så att den som granskar kan förstå det, minst ${TEXT_MIN_LENGTH} tecken.`),
    ],
    [["Lämna förslag", "primary"]],
    level
  );
  onSubmit(
    form,
    () => {
      const outcome = checked(form, `outcome-${person.number}`, "Välj om en utredning ska inledas.");
      const motivation = writtenText(form, `#${motivationId}`, "Skriv en motivering till förslaget.");
      return [path, { outcome, motivation }];
    },
    `Förslaget till beslut${forPerson(person, ctx)} är lämnat för granskning.`
  );
  return form;
}

// Approving asks first, in a dialog that names the decision and the person: a decision is never a misclick.
function approvalDialog(person, ctx, proposal) {
  const dialogId = idFor("approve-dialog", person, ctx);
  const verb = OUTCOME_VERBS[proposal.outcome] || label(OUTCOMES, proposal.outcome);
  const yes = el("button", { type: "button", class: "button primary", value: "yes" }, "Ja, godkänn beslutet");
  const no = el("button", { type: "button", class: "button secondary", value: "no" }, "Avbryt");
  const dialog = el(
    "dialog",
    { class: "confirm-dialog", id: dialogId, "aria-labelledby": `${dialogId}-heading`, "aria-describedby": `${dialogId}-text` },
    el("h2", { id: `${dialogId}-heading` }, `Godkänn beslut: ${verb}${forPerson(person, ctx)}?`),
    el(
      "div",
      { id: `${dialogId}-text` },
      el("p", {}, `Beslutet gäller ${ctx.multi ? `person ${person.number}: ` : ""}${describePerson(ctx.contentOf(person))}.`),
      el("p", {}, `Förslaget (version ${proposal.version}) lämnades av ${text(proposal.proposedBy)}. När du godkänner är beslutet fattat i ditt namn.`)
    ),
    el("p", { class: "dialog-buttons" }, yes, " ", no)
  );
  return {
    dialog,
    ask() {
      return new Promise((resolve) => {
        let answered = false;
        const answer = (value) => {
          if (answered) return;
          answered = true;
          if (dialog.open) dialog.close();
          resolve(value);
        };
        yes.addEventListener("click", () => answer(true), { once: true });
        no.addEventListener("click", () => answer(false), { once: true });
        dialog.addEventListener("close", () => answer(false), { once: true });
        dialog.showModal();
        no.focus();
      });
    },
  };
}

function reviewPanel(person, ctx, path, level) {
  const proposal = person.decisionProposal;
  if (proposal.proposedBy === me.staffId) {
    return el(
      "div",
      { class: "panel review-own", id: idFor("review-own", person, ctx) },
      el(`h${level}`, {}, "Granska förslag"),
      el("p", {}, "Du lämnade förslaget. En annan person med granskande roll måste godkänna eller skicka tillbaka det.")
    );
  }
  const commentId = idFor("review-comment", person, ctx);
  const formId = idFor("review-form", person, ctx);
  const confirmation = approvalDialog(person, ctx, proposal);
  const form = actionPanel(
    formId,
    "Granska förslag",
    [
      el(
        "p",
        { "data-version": proposal.version },
        Number.isInteger(proposal.version)
          ? `Förslag (version ${proposal.version}): ${label(OUTCOMES, proposal.outcome)}. Lämnat av ${text(proposal.proposedBy)}.`
          : `Förslag: ${label(OUTCOMES, proposal.outcome)}. Lämnat av ${text(proposal.proposedBy)}.`,
        proposal.version > 1 ? ` Förslaget har ändrats sedan det lämnades första gången.` : ""
      ),
      proposal.motivation ? el("p", { class: "proposal-motivation" }, `Motivering: ${text(proposal.motivation)}`) : null,
      el(
        "div",
        { class: "field" },
        el("label", { for: commentId }, "Kommentar"),
        el("p", { class: "hint", id: `${commentId}-hint` }, "Frivillig när du godkänner. Skickar du tillbaka förslaget, skriv varför (minst 10 tecken)."),
        el("textarea", { id: commentId, rows: "3", maxlength: "2000", "aria-describedby": `${commentId}-hint` })
      ),
      confirmation.dialog,
    ],
    [
      ["Godkänn beslut", "primary", "approve"],
      ["Skicka tillbaka", "secondary", "return"],
    ],
    level
  );
  const approveButton = form.querySelector('button[name="approve"]');
  onSubmit(
    form,
    (choice) => {
      const comment = form.querySelector(`#${commentId}`).value.trim();
      // Exactly the version shown: if the proposal was changed meanwhile the API refuses (409) and the page
      // shows the current one.
      const body = { ...(Number.isInteger(proposal.version) ? { version: proposal.version } : {}), ...(comment ? { comment } : {}) };
      return [`${path}/${choice === "return" ? "return" : "approve"}`, body];
    },
    (choice) => (choice === "return" ? `Förslaget${forPerson(person, ctx)} är skickat tillbaka.` : `Beslutet${forPerson(person, ctx)} är fattat.`),
    async (choice, body) => {
      if (choice === "return") {
        const field = form.querySelector(`#${commentId}`);
        if ((body.comment || "").length < 10) {
          // A return is never silent: the proposer needs to know what to change.
          field.setAttribute("aria-invalid", "true");
          showMessage(messageNear(form), "error", "Skriv varför du skickar tillbaka förslaget, minst 10 tecken, så att den som föreslog vet vad som ska ändras.");
          field.focus();
          return null;
        }
        field.removeAttribute("aria-invalid");
        return body;
      }
      const confirmed = await confirmation.ask();
      if (!confirmed) {
        approveButton.focus();
        return null;
      }
      return { ...body, confirmed: true };
    }
  );
  return form;
}

// Consent to återkoppling that the person gave a case worker after the report, or took back: what they said, the
// day, and how. Sent with the version of the consent shown, so that two people do not overwrite each other (409).
const CONSENT_NOTE_MIN_LENGTH = 3;

function consentPanel(person, ctx, path, level) {
  if (!asksConsent(person, ctx) || !can(me, "record_feedback_consent")) return null;
  const hintId = idFor("consent-hint", person, ctx);
  const dateId = idFor("consent-date", person, ctx);
  const noteId = idFor("consent-note", person, ctx);
  const name = `consent-${person.number}`;
  const form = actionPanel(
    idFor("consent-form", person, ctx),
    "Samtycke till återkoppling",
    [
      el("p", { class: "hint", id: hintId }, "Anmälaren får återkoppling om en vuxen bara om personen samtycker. Registrera när personen har samtyckt eller tagit tillbaka sitt samtycke. Anmälan som den skrevs ändras inte."),
      radios(
        "Vad har personen sagt?",
        name,
        [
          ["true", "Samtycke lämnat"],
          ["false", "Samtycke återkallat"],
        ],
        hintId
      ),
      el("div", { class: "field" }, el("label", { for: dateId }, "Datum då personen sa det"), el("input", { type: "date", id: dateId, required: true, value: todayInSweden(), max: todayInSweden() })),
      textField(noteId, "Hur lämnades det?", `Till exempel muntligt i telefon eller skriftligt vid ett besök. Minst ${CONSENT_NOTE_MIN_LENGTH} tecken.`, "2", "500"),
    ],
    [["Registrera samtycket", "secondary"]],
    level
  );
  let given = false;
  onSubmit(
    form,
    () => {
      given = checked(form, name, "Välj om personen har lämnat eller återkallat sitt samtycke.") === "true";
      const givenOn = form.querySelector(`#${dateId}`).value;
      if (!/^\d{4}-\d{2}-\d{2}$/.test(givenOn)) throw new Error("Välj datumet då personen sa det.");
      const note = writtenText(form, `#${noteId}`, "Skriv hur samtycket lämnades.", CONSENT_NOTE_MIN_LENGTH);
      const version = person.feedbackConsent ? person.feedbackConsent.version : 0;
      return [path, { given, givenOn, note, version }];
    },
    () => `${given ? "Samtycket" : "Att samtycket är återkallat"} till återkoppling${forPerson(person, ctx)} är registrerat.`
  );
  return form;
}

// The actions for one person that the role and the person's state allow.
function personPanels(report, person, ctx, base, level) {
  const path = `${base}/persons/${person.number}`;
  const open = personOpen(report, person);
  const panels = [];
  const assessment = person.protectionAssessment;

  if (open && !assessment && can(me, "record_protection_assessment")) {
    panels.push(protectionPanel(person, ctx, `${path}/protection-assessment`, level));
  }
  if (assessment && assessment.immediateProtectionNeeded) {
    panels.push(protectionMeasures(person, ctx, `${path}/protection-measures`, level, open && can(me, "record_protection_assessment")));
  }

  const violenceTold = person.violence || (person.violenceAssessments || []).length;
  if (open && isChildRule(person.rule) && violenceTold && !person.decision && can(me, "propose_decision")) {
    panels.push(violencePanel(person, ctx, `${path}/violence-assessment`, level));
  }

  const proposal = person.decisionProposal;
  const waitingForReview = proposal && proposal.status === "proposed";
  // A decision is proposed only once the skyddsbedömning is recorded (the API refuses it before, 409).
  if (open && assessment && !person.decision && !waitingForReview && can(me, "propose_decision")) {
    panels.push(proposalPanel(person, ctx, `${path}/decision-proposal`, level));
  }
  if (open && waitingForReview && !person.decision && can(me, "approve_decision")) {
    panels.push(reviewPanel(person, ctx, `${path}/decision-proposal`, level));
  }

  const child = isChildRule(person.rule);
  if (open && !person.decision && can(me, "extend_decision_deadline")) {
    const prefix = idFor("extension", person, ctx);
    panels.push(
      extensionPanel({
        id: idFor("extension-form", person, ctx),
        prefix,
        title: "Förläng tidsgränsen för beslut",
        hint: child
          ? "Beslutet ska fattas inom 14 dagar. Tiden får bara förlängas om det finns synnerliga skäl, till exempel ett polisförhör som inte kan hållas tidigare; hög arbetsbelastning är aldrig ett sådant skäl. Skälet registreras."
          : "Tiden för beslutet är kommunens mål för vuxna. Flytta den bara om det finns skäl som någon annan kan förstå. Skälet registreras.",
        reasonLabel: child ? "Synnerliga skäl" : "Skäl",
        missingReason: child ? "Skriv de synnerliga skälen för förlängningen." : "Skriv skälen för förlängningen.",
        button: "Förläng tidsgränsen",
        path: `${path}/decision-deadline-extension`,
        success: `Tidsgränsen för beslutet${forPerson(person, ctx, "om")} är förlängd.`,
        level,
      })
    );
  }

  if (open && investigationOpen(person) && can(me, "manage_investigation")) {
    panels.push(
      extensionPanel({
        id: idFor("investigation-extension-form", person, ctx),
        prefix: idFor("investigation-extension", person, ctx),
        title: "Förläng utredningen",
        hint: child
          ? "Utredningen ska vara klar inom 4 månader från beslutet. Den får förlängas för en viss tid om det finns särskilda skäl. Skälet registreras."
          : "Tiden för utredningen är kommunens mål för vuxna. Den får förlängas för en viss tid om det finns skäl. Skälet registreras.",
        reasonLabel: child ? "Särskilda skäl" : "Skäl",
        missingReason: child ? "Skriv de särskilda skälen för förlängningen." : "Skriv skälen för förlängningen.",
        button: "Förläng utredningen",
        path: `${path}/investigation-extension`,
        success: `Utredningen${forPerson(person, ctx)} är förlängd.`,
        level,
      }),
      closeInvestigationPanel(report, person, ctx, `${path}/investigation-closure`, level)
    );
  }
  // Consent can come at any time, also after the decision (återkoppling is given after it).
  const consent = consentPanel(person, ctx, `${path}/feedback-consent`, level);
  if (consent) panels.push(consent);
  const followUp = followUpPanel(person, ctx, path, level);
  if (followUp) panels.push(followUp);
  const letters = lettersPanel(person, ctx, `${path}/letters`, level);
  if (letters) panels.push(letters);
  return panels;
}

function actionsSection(report, ctx) {
  const base = `/api/staff/reports/${encodeURIComponent(reportId)}`;
  const open = report.phase !== "closed" && !report.purgeOn;
  const panels = [];

  // An unacknowledged alarm first: acknowledging it stops the escalation to the next person. It is the report's.
  if (open && report.escalation && !report.escalation.acknowledgedAt && can(me, "acknowledge_escalation")) {
    const form = actionPanel(
      "acknowledge-form",
      "Eskalering",
      [el("p", {}, "Ett larm om anmälan har skickats. Kvittera att du har tagit emot det och arbetar med anmälan.")],
      [["Kvittera", "primary"]]
    );
    onSubmit(form, () => [`${base}/acknowledgement`, {}], "Eskaleringen är kvitterad.");
    panels.push(form);
  }

  if (!ctx.multi) {
    for (const person of ctx.persons) panels.push(...personPanels(report, person, ctx, base, 3));
    // A closed report says so first, above what can still follow it (letters to the family, the follow-up).
    if (!open) panels.unshift(el("p", { id: "no-actions" }, "Anmälan är avslutad."));
    else if (!panels.length) panels.push(el("p", { id: "no-actions" }, "Det finns inget för din roll att göra med anmälan just nu."));
  } else {
    if (!open) panels.push(el("p", { id: "no-actions" }, "Anmälan är avslutad."));
    for (const person of ctx.persons) {
      const headingId = `actions-person-${person.number}`;
      const consent = consentPanel(person, ctx, `${base}/persons/${person.number}/feedback-consent`, 4);
      const letters = lettersPanel(person, ctx, `${base}/persons/${person.number}/letters`, 4);
      const followUp = followUpPanel(person, ctx, `${base}/persons/${person.number}`, 4);
      const own = open ? personPanels(report, person, ctx, base, 4) : [consent, followUp, letters].filter(Boolean);
      panels.push(
        el(
          "section",
          { class: "person-actions", "data-person": person.number, "aria-labelledby": headingId },
          el("h3", { id: headingId, tabindex: "-1" }, personTitle(person.number, ctx.contentOf(person))),
          own.length
            ? own
            : el(
                "p",
                { class: "person-no-actions" },
                person.phase === "closed"
                  ? `Inget mer att göra för person ${person.number}.`
                  : `Det finns inget för din roll att göra med person ${person.number} just nu.`
              )
        )
      );
    }
  }
  const feedback = feedbackSection(report, ctx);
  if (feedback) {
    const nothing = panels.findIndex((panel) => panel.id === "no-actions");
    if (nothing >= 0 && report.feedback.status === "prepared" && can(me, "send_feedback")) panels.splice(nothing, 1);
    panels.push(feedback);
  }
  panels.push(documentSection(ctx));
  const handoff = handoffSection(ctx);
  if (handoff) panels.push(handoff);
  const questions = questionsSection(report);
  if (questions) {
    const nothing = panels.findIndex((panel) => panel.id === "no-actions");
    if (nothing >= 0 && questions.querySelector("form")) panels.splice(nothing, 1);
    panels.push(questions);
  }
  return el(
    "section",
    { class: "actions", "aria-labelledby": "actions-heading" },
    el("h2", { id: "actions-heading", tabindex: "-1" }, "Åtgärder"),
    panels
  );
}

/* ---------- Återkoppling ---------- */

// What a professional reporter who asked for it is told once every decision is made (the law's three words,
// per person), and what the case worker does with it: send it, or record why it is inappropriate; for a
// reporter who did not sign in, the letter as PDF, then marked sent. Shown open or closed: a report whose
// decisions were all "no investigation" closes before its feedback is sent.
const FEEDBACK_REASON_MIN_LENGTH = 10;

function feedbackOutcomes(feedback, ctx) {
  const byNumber = new Map(ctx.persons.map((person) => [String(person.number), person]));
  const rows = Object.entries(feedback.outcomes || {})
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([number, words]) => {
      const person = byNumber.get(number);
      return el("li", { "data-person": number }, `${person ? personTitle(person.number, ctx.contentOf(person)) : `Person ${number}`}: `, el("strong", {}, text(words)));
    });
  const leftOut = Object.keys(feedback.leftOut || {}).sort((a, b) => Number(a) - Number(b));
  return [
    el("ul", { class: "feedback-outcomes" }, rows),
    leftOut.length
      ? el("p", { class: "hint" }, `${leftOut.map((number) => `Person ${number}`).join(", ")} ingår inte: en vuxen får återkoppling bara med sitt samtycke, och det finns inget.`)
      : null,
  ];
}

function noticeText(report) {
  const reporter = (report.content || {}).reporter || {};
  if (reporter.workEmail) return "Anmälaren får ett e-postmeddelande till sin arbetsadress om att det finns ett nytt besked, utan personuppgifter, och läser beskedet efter inloggning.";
  if (reporter.workPhone) return "Anmälaren får ett sms till sitt arbetsnummer om att det finns ett nytt besked, utan personuppgifter, och läser beskedet efter inloggning.";
  return "Anmälaren har inte lämnat någon arbetsadress eller något arbetsnummer, så ingen avisering kan skickas. Skicka brevet.";
}

// The feedback is stored for the reporter either way; whether the notice reached them decides what to say.
function sentText(answer) {
  const notice = answer && answer.notice;
  if (notice && notice.delivered) return "Återkopplingen är skickad till anmälaren.";
  if (notice) return "Återkopplingen är sparad för anmälaren, men aviseringen kunde inte skickas. Skicka brevet.";
  return "Återkopplingen är sparad för anmälaren. Ingen avisering kunde skickas: skicka brevet.";
}

// A button that downloads a PDF the staff API gives as JSON (fileName, contentType, data in base64), and says in
// `status` that it did, or why not.
function pdfButton(id, buttonText, path, status) {
  const button = el("button", { type: "button", class: "button secondary", id }, buttonText);
  button.addEventListener("click", async () => {
    status.textContent = "";
    try {
      const file = await api(path);
      saveFile(file);
      status.textContent = `${file.fileName} är nedladdad.`;
    } catch (error) {
      if (error.status === 401) return;
      status.textContent = error.message || "Filen kunde inte skapas. Försök igen.";
    }
  });
  return button;
}

function feedbackSection(report, ctx) {
  const feedback = report.feedback;
  if (!feedback) return null;
  const base = `/api/staff/reports/${encodeURIComponent(reportId)}/feedback`;
  const mayAct = can(me, "send_feedback");
  const letterStatus = el("p", { class: "hint", id: "feedback-letter-status", role: "status" });
  const parts = [];
  if (feedback.status === "prepared") {
    parts.push(el("p", {}, "Anmälaren är yrkesverksam och har bett om återkoppling. Det här får anmälaren veta:"), feedbackOutcomes(feedback, ctx));
    if (mayAct) {
      parts.push(el("p", { class: "hint", id: "feedback-notice-hint" }, noticeText(report)));
      const send = actionPanel("feedback-send-form", "Skicka återkopplingen", [], [["Skicka återkopplingen", "primary"]], 4);
      onSubmit(send, () => [`${base}/send`, { version: feedback.version }], (choice, answer) => sentText(answer));
      const withhold = actionPanel(
        "feedback-withhold-form",
        "Återkoppling är olämplig",
        [textField("feedback-reason", "Varför är återkoppling olämplig?", `Skälet sparas med anmälan och vem som skrev det, minst ${FEEDBACK_REASON_MIN_LENGTH} tecken. Anmälaren får då inget besked.`)],
        [["Skicka ingen återkoppling", "secondary"]],
        4
      );
      onSubmit(
        withhold,
        () => [`${base}/withhold`, { version: feedback.version, reason: writtenText(withhold, "#feedback-reason", "Skriv varför återkoppling är olämplig.", FEEDBACK_REASON_MIN_LENGTH) }],
        "Återkopplingen skickas inte. Skälet är sparat."
      );
      parts.push(send, withhold);
    }
  } else if (feedback.status === "sent") {
    parts.push(el("p", {}, "Återkopplingen skickades ", timeElement(feedback.sentAt), ". Anmälaren fick veta:"), feedbackOutcomes(feedback, ctx));
  } else if (feedback.status === "withheld") {
    parts.push(
      el("p", {}, "Ingen återkoppling skickades: den bedömdes som olämplig ", timeElement(feedback.withheldAt), "."),
      el("p", {}, "Skäl: ", text(feedback.reason))
    );
  }
  if (mayAct && feedback.status !== "withheld") {
    const letter = el(
      "div",
      { class: "panel feedback-letter" },
      el("h4", {}, "Brev till en anmälare som inte har loggat in"),
      el("p", { class: "hint" }, "Brevet skapas från kommunens mall och har samma besked. Skriv ut det och skicka det med post."),
      pdfButton("feedback-letter", "Ladda ned brevet (PDF)", `${base}/letter`, letterStatus),
      letterStatus
    );
    parts.push(letter);
    if (feedback.status === "sent" && !feedback.letterSentAt) {
      const marked = actionPanel("feedback-letter-sent-form", "Har brevet skickats?", [], [["Markera brevet som skickat", "secondary"]], 4);
      onSubmit(marked, () => [`${base}/letter-sent`, {}], "Brevet är markerat som skickat.");
      parts.push(marked);
    }
  }
  if (feedback.letterSentAt) parts.push(el("p", {}, "Brevet markerades som skickat ", timeElement(feedback.letterSentAt), "."));
  return el(
    "section",
    { class: "feedback", id: "feedback", "data-status": feedback.status, "aria-labelledby": "feedback-heading" },
    el("h3", { id: "feedback-heading", tabindex: "-1" }, "Återkoppling till anmälaren"),
    parts
  );
}

/* ---------- Anmälan som dokument ---------- */

// The report as a PDF for the case system or to print: the whole report, and with several persons each one's
// own (the report as written, and only that person's assessment, decision and clocks). Every download is in
// the timeline.
function documentSection(ctx) {
  const base = `/api/staff/reports/${encodeURIComponent(reportId)}`;
  const status = el("p", { class: "hint", id: "document-status", role: "status" });
  const buttons = [pdfButton("document-whole", "Ladda ned anmälan (PDF)", `${base}/document`, status)];
  if (ctx.multi) {
    for (const person of ctx.persons) {
      buttons.push(
        pdfButton(`document-person-${person.number}`, `Person ${person.number} (PDF)`, `${base}/persons/${person.number}/document`, status)
      );
    }
  }
  return el(
    "section",
    { class: "panel report-document", id: "report-document", "aria-labelledby": "report-document-heading" },
    el("h3", { id: "report-document-heading" }, "Anmälan som dokument"),
    el("p", { class: "hint" }, "För ärendesystemet eller för att skriva ut: det som anmäldes, skyddsbedömningar, beslut och tidsgränser. Nedladdningen loggas."),
    el("div", { class: "document-buttons" }, buttons),
    status
  );
}

/* ---------- Brev till familjen ---------- */

// A child's family is told by letter: the kallelse (a report came in; an invitation to talk) and, after a decision
// not to investigate, that notice. The case worker types what only they know, previews the municipality's template
// filled in, edits the text and makes the PDF, which is recorded on the person; then marks it sent once posted.
function saveFile(file) {
  const bytes = Uint8Array.from(atob(file.data), (character) => character.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: file.contentType }));
  const link = el("a", { href: url, download: file.fileName, hidden: true });
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

function typedField(id, labelText, value = "") {
  return el(
    "div",
    { class: "field" },
    el("label", { for: id }, labelText),
    el("input", { id, type: "text", maxlength: "500", autocomplete: "off", value, "data-placeholder": id.split("--").pop() })
  );
}

function letterForm(person, ctx, path, kind, level) {
  const id = idFor(`letter-${kind.kind}`, person, ctx);
  const fields = el("div", { class: "letter-fields" }, kind.fields.map((field) => typedField(`${id}--${field.placeholder}`, field.label)));
  const preview = el("button", { type: "submit", class: "button secondary" }, "Förhandsgranska");
  const form = el(
    "form",
    { class: "panel letter", id, novalidate: true, "aria-labelledby": `${id}-heading` },
    el(`h${level + 1}`, { id: `${id}-heading` }, kind.title),
    fields,
    el("div", { "data-form-message": "", hidden: true }),
    preview
  );
  const textId = `${id}-text`;
  let made = null;

  function typed() {
    const values = {};
    for (const input of fields.querySelectorAll("input")) values[input.dataset.placeholder] = input.value.trim();
    return values;
  }

  function showText(text) {
    if (made) made.remove();
    made = el(
      "div",
      { class: "letter-text" },
      el("label", { for: textId }, "Brevet (du kan ändra texten innan du skapar det)"),
      el("textarea", { id: textId, rows: "16", maxlength: "10000" }, text),
      el("button", { type: "button", class: "button primary" }, "Skapa brevet (PDF)")
    );
    made.querySelector("button").addEventListener("click", async (event) => {
      const button = event.currentTarget;
      if (button.getAttribute("aria-busy") === "true") return; // one letter per press, however quick the clicks
      button.setAttribute("aria-busy", "true");
      hideMessage(messageNear(form));
      try {
        const file = await api(path, { method: "POST", body: { kind: kind.kind, text: made.querySelector("textarea").value } });
        saveFile(file);
        await load();
        showMessage(message, "success", `Brevet ”${kind.title}”${forPerson(person, ctx, "om")} är skapat: ${file.fileName}. Markera det som skickat när du har postat det.`);
      } catch (error) {
        if (error.status === 401) return;
        showMessage(messageNear(form), "error", error.message, errorDetails(error));
      } finally {
        button.removeAttribute("aria-busy");
      }
    });
    form.appendChild(made);
    made.querySelector("textarea").focus();
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    hideMessage(messageNear(form));
    try {
      const answer = await api(`${path}/${kind.kind}/preview`, { method: "POST", body: { values: typed() } });
      showText(answer.text);
    } catch (error) {
      if (error.status === 401) return;
      // A value the report lacks (an address, a name) gets a field of its own, to type and preview again.
      let added = null;
      for (const problem of error.errors || []) {
        const placeholder = String(problem.field || "").replace(/^values\./, "");
        if (!placeholder || fields.querySelector(`[data-placeholder="${placeholder}"]`)) continue;
        const field = typedField(`${id}--${placeholder}`, (kind.labels || {})[placeholder] || placeholder);
        fields.appendChild(field);
        added = added || field.querySelector("input");
      }
      showMessage(messageNear(form), "error", error.message, errorDetails(error));
      if (added) added.focus();
    }
  });
  return form;
}

function madeLetters(person, ctx, path) {
  const rows = (person.letters || []).map((letter) => {
    const item = el("li", { "data-letter": letter.id }, `${letter.title}: skapades `, timeElement(letter.madeAt), ` av ${letter.madeBy}`);
    if (letter.sentAt) {
      append(item, ["; skickades ", timeElement(letter.sentAt), "."]);
    } else {
      const button = el("button", { type: "button", class: "button secondary" }, "Markera som skickat");
      button.addEventListener("click", async () => {
        try {
          await api(`${path}/${encodeURIComponent(letter.id)}/sent`, { method: "POST", body: {} });
          await load();
          showMessage(message, "success", `Brevet ”${letter.title}”${forPerson(person, ctx, "om")} är markerat som skickat.`);
        } catch (error) {
          if (error.status === 401) return;
          showMessage(message, "error", error.message, errorDetails(error));
        }
      });
      append(item, [". ", button]);
    }
    return item;
  });
  return rows.length ? el("ul", { class: "letters-made" }, rows) : null;
}

function lettersPanel(person, ctx, path, level) {
  if (!can(me, "write_letters")) return null;
  const kinds = person.letterKinds || [];
  if (!kinds.length && !(person.letters || []).length) return null;
  const id = idFor("letters", person, ctx);
  return el(
    "section",
    { class: "panel letters", id, "aria-labelledby": `${id}-heading` },
    el(`h${level}`, { id: `${id}-heading` }, `Brev till familjen${forPerson(person, ctx, "om")}`),
    el("p", { class: "hint" }, "Brevet fylls i från kommunens mall och anmälan. Läs det och ändra det om det behövs innan du skapar det. Det sparas med anmälan."),
    madeLetters(person, ctx, path),
    kinds.map((kind) => letterForm(person, ctx, path, kind, level))
  );
}

/* ---------- Överlämning till verksamhetssystemet ---------- */

// Each approved decision is handed to the municipality's case system: prepared, delivered, fetched and
// acknowledged with the case system's own case id. Not acknowledged in time, the page says so and offers what to
// do: print the person's document, register it in the case system by hand and record that here.
const HANDOFF_STEPS = [
  ["preparedAt", "Förberedd"],
  ["deliveredAt", "Levererad"],
  ["fetchedAt", "Hämtad av verksamhetssystemet"],
  ["acknowledgedAt", "Kvitterad av verksamhetssystemet"],
];

function handoffSteps(handoff) {
  const steps = HANDOFF_STEPS.filter(([key]) => !(handoff.registeredAt && key === "acknowledgedAt")).map(([key, words]) =>
    el("li", { "data-step": key }, `${words}: `, handoff[key] ? timeElement(handoff[key]) : "inte än")
  );
  if (handoff.registeredAt) {
    steps.push(el("li", { "data-step": "registeredAt" }, "Registrerad manuellt av ", text(handoff.registeredBy), ": ", timeElement(handoff.registeredAt)));
  }
  return el("ol", { class: "handoff-steps" }, steps);
}

function manualRegistration(person, ctx, status) {
  const id = idFor("handoff-manual", person, ctx);
  const base = `/api/staff/reports/${encodeURIComponent(reportId)}/persons/${person.number}`;
  const caseField = `${id}-case`;
  const form = actionPanel(
    id,
    "Skriv ut och registrera manuellt",
    [
      el("p", {}, "Ladda ned dokumentet, registrera det i verksamhetssystemet och skriv in ärendenumret du fick där. Då slutar Oro påminna mottagningen."),
      pdfButton(`${id}-pdf`, "Ladda ned dokumentet (PDF)", `${base}/document`, status),
      el(
        "div",
        { class: "field" },
        el("label", { for: caseField }, "Ärendenummer i verksamhetssystemet"),
        el("input", { id: caseField, type: "text", maxlength: "64", autocomplete: "off", required: true })
      ),
    ],
    [["Spara manuell registrering", "primary"]],
    ctx.multi ? 5 : 4
  );
  onSubmit(
    form,
    () => {
      const caseId = form.querySelector(`#${caseField}`).value.trim();
      if (!caseId) throw new Error("Skriv ärendenumret från verksamhetssystemet.");
      return [`${base}/handoff/manual-registration`, { caseId }];
    },
    `Överlämningen${forPerson(person, ctx, "om")} är registrerad manuellt.`
  );
  return form;
}

function handoffSection(ctx) {
  const persons = ctx.persons.filter((person) => person.handoff);
  if (!persons.length) return null;
  const system = persons[0].handoff.caseSystem;
  const status = el("p", { class: "hint", id: "handoff-status", role: "status" });
  const parts = persons.map((person) => {
    const handoff = person.handoff;
    const waiting = ["prepared", "delivered", "fetched"].includes(handoff.status);
    const items = [
      ctx.multi ? el("h4", {}, personTitle(person.number, ctx.contentOf(person))) : null,
      el("p", { class: "handoff-status-text" }, `Status: ${handoff.statusText}`, handoff.caseId ? `, ärendenummer ${handoff.caseId}` : "", "."),
      handoffSteps(handoff),
    ];
    if (waiting && handoff.overdue) {
      items.push(
        el(
          "p",
          { class: "handoff-overdue" },
          `${system} har inte kvitterat överlämningen; den skulle ha kvitterats senast `,
          timeElement(handoff.acknowledgeBy),
          "."
        )
      );
      if (can(me, "register_handoff_manually")) items.push(manualRegistration(person, ctx, status));
    } else if (waiting) {
      items.push(el("p", { class: "hint" }, `${system} ska kvittera senast `, timeElement(handoff.acknowledgeBy), "."));
    }
    return el("div", { class: "handoff-person", "data-person": person.number, "data-status": handoff.status }, items);
  });
  return el(
    "section",
    { class: "panel handoff", id: "handoff", "aria-labelledby": "handoff-heading" },
    el("h3", { id: "handoff-heading" }, `Överlämning till ${system}`),
    el("p", { class: "hint" }, "Varje godkänt beslut lämnas över till verksamhetssystemet, som kvitterar med sitt ärendenummer."),
    parts,
    status
  );
}

/* ---------- Frågor till anmälaren ---------- */

// More information needed: a question to a reporter who signed in when they reported; they read it and answer
// in Mina anmälningar after signing in. The clocks keep running. Anonymous reporters, and named ones who did
// not sign in, cannot be asked in Oro: the page says why (the API's words, reporterQuestions.reason).
const QUESTION_MIN_LENGTH = 10;
const QUESTION_MAX_LENGTH = 2000;

function questionAskedText(answer) {
  const notice = answer && answer.notice;
  if (notice && notice.delivered) {
    return `Frågan är skickad. Anmälaren har fått ${notice.channel === "sms" ? "ett sms" : "ett e-postmeddelande"} om att det finns en fråga att läsa, utan personuppgifter.`;
  }
  return "Frågan är sparad och anmälaren ser den efter inloggning, men ingen avisering kunde skickas. Ring anmälaren om det är bråttom.";
}

function conversationItem(question, answer) {
  return el(
    "li",
    { class: "reporter-question", "data-question": question.questionId, "data-answered": answer ? "true" : "false" },
    el("p", { class: "hint" }, "Fråga från ", describeActor(question.askedBy), ", ", timeElement(question.askedAt), ":"),
    el("p", { class: "question-text" }, text(question.text)),
    answer
      ? [el("p", { class: "hint" }, "Anmälarens svar, ", timeElement(answer.answeredAt), ":"), el("p", { class: "answer-text" }, text(answer.text))]
      : el("p", { class: "hint unanswered" }, "Inget svar ännu.")
  );
}

function questionsSection(report) {
  const messages = report.reporterMessages || [];
  const questions = messages.filter((entry) => entry.kind === "fraga");
  const answers = new Map(messages.filter((entry) => entry.kind === "svar").map((entry) => [entry.questionId, entry]));
  const state = report.reporterQuestions || { askable: false, reason: null };
  const mayAsk = can(me, "ask_reporter");
  if (!questions.length && !mayAsk) return null;
  const parts = [];
  if (questions.length) parts.push(el("ol", { class: "reporter-questions" }, questions.map((question) => conversationItem(question, answers.get(question.questionId)))));
  if (state.askable && mayAsk) {
    const form = actionPanel(
      "reporter-question-form",
      "Ställ en fråga",
      [
        textField(
          "reporter-question",
          "Vad behöver du veta?",
          `Anmälaren får ett meddelande utan personuppgifter om att det finns en fråga, och läser och svarar efter inloggning. Skriv så att anmälaren förstår utan att se anmälan. ${QUESTION_MIN_LENGTH}–${QUESTION_MAX_LENGTH} tecken. Tidsgränserna löper på medan ni väntar på svar.`,
          "4",
          String(QUESTION_MAX_LENGTH)
        ),
      ],
      [["Skicka frågan", "primary"]],
      4
    );
    onSubmit(
      form,
      () => [
        `/api/staff/reports/${encodeURIComponent(reportId)}/reporter-questions`,
        { question: writtenText(form, "#reporter-question", "Skriv frågan till anmälaren.", QUESTION_MIN_LENGTH) },
      ],
      (choice, answer) => questionAskedText(answer)
    );
    parts.push(form);
  } else if (state.reason) {
    parts.push(el("p", { class: "hint", id: "reporter-question-unavailable" }, state.reason));
  }
  return el(
    "section",
    { class: "reporter-conversation", id: "reporter-conversation", "aria-labelledby": "reporter-conversation-heading" },
    el("h3", { id: "reporter-conversation-heading", tabindex: "-1" }, "Frågor till anmälaren"),
    parts
  );
}

/* ---------- Page ---------- */

async function load() {
  const [report] = await Promise.all([
    api(`/api/staff/reports/${encodeURIComponent(reportId)}`),
    loadFormLanguages(),
  ]);
  const ctx = context(report);
  const heading = $("#report-heading");
  clear(heading);
  append(heading, ["Anmälan ", el("span", { class: "reference-number" }, report.referenceNumber)]);
  document.title = `Anmälan ${report.referenceNumber} – Orosanmälningar`;
  clear(root);
  root.removeAttribute("aria-busy");
  // In this order at every width: what is urgent, the actions, then what was reported (dashboard.css puts the
  // actions beside the summary on a wide screen).
  append(root, [
    reportAlerts(report, ctx),
    el(
      "div",
      { class: "report-columns" },
      summarySection(report, ctx),
      actionsSection(report, ctx),
      contentSection(report.content || {}, report.reporterIdentity),
      attachmentsSection(report.attachments),
      routingSection(report.routingHistory)
    ),
    timelineSection(report.timeline),
  ]);
  root.setAttribute("data-phase", report.phase || "");
  root.setAttribute("data-persons", String(ctx.persons.length));
  return report;
}

async function start() {
  ({ me } = await startPage((who) => can(who, "read_report")));
  if (!reportId) {
    clear(root);
    root.appendChild(el("p", {}, "Ingen anmälan är vald. Gå till inkorgen och välj en anmälan."));
    return;
  }
  try {
    await load();
  } catch (error) {
    if (error.status === 401) return;
    clear(root);
    root.removeAttribute("aria-busy");
    showMessage(message, "error", error.message);
    return;
  }
  startCountdowns();
  document.body.setAttribute("data-ready", "true");
}

start().catch(pageFailed);
