// One report: what was reported (as text), deadlines, routing, the timeline, and the actions the role allows.

import {
  $,
  CHANNELS,
  OUTCOMES,
  PHASES,
  ROLES,
  ROUTES,
  SOON,
  api,
  append,
  can,
  clear,
  countdown,
  describeAction,
  describeActor,
  el,
  errorDetails,
  formatDate,
  formatDateTime,
  formatTime,
  label,
  pageFailed,
  showMessage,
  startCountdowns,
  startPage,
  swedishDay,
  timeElement,
} from "./common.js";

const reportId = new URLSearchParams(window.location.search).get("id") || "";
const root = $("#report");
const message = $("#report-message");
let me = null;

/* ---------- What was reported ---------- */

const KINDS = {
  barn: "Barn eller ungdom",
  vuxen: "Vuxen",
  aldre: "Äldre person",
  missbruk: "Vuxen med missbruk",
  mig_sjalv: "Anmälaren själv",
};
const KNOWS = { ja: "Ja", nej: "Nej", vet_inte: "Vet inte" };
const CATEGORIES = {
  vald: "Våld",
  bevittnat_vald: "Har sett eller hört våld hemma",
  sexuella_overgrepp: "Sexuella övergrepp",
  hedersrelaterat: "Hedersrelaterat våld eller förtryck",
  omsorgsbrist: "Brister i omsorgen",
  missbruk_hos_vardnadshavare: "Missbruk hos förälder eller vårdnadshavare",
  eget_missbruk: "Eget missbruk",
  psykisk_ohalsa: "Psykisk ohälsa",
  eget_beteende: "Eget beteende",
  annat: "Annat",
};
const REPORTER_TYPES = { privatperson: "Privatperson", yrkesverksam: "Yrkesverksam" };

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
  const rows = [["Anmäler som", label(REPORTER_TYPES, reporter.type)]];
  if (reporter.type === "yrkesverksam") {
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
  const known = ["kind", "name", "personalIdentityNumber", "birthDate", "age", "unborn", "address", "schoolOrPreschool", "guardians", "knowsAboutReport"];
  const rows = [
    ["Gäller", label(KINDS, person.kind)],
    ["Namn", person.name],
    ["Personnummer", person.personalIdentityNumber],
    ["Födelsedatum", person.birthDate],
    ["Ålder", person.age],
    person.unborn ? ["Ofött barn", "Ja"] : null,
    ["Adress", person.address],
    ["Skola eller förskola", person.schoolOrPreschool],
    person.unborn ? null : ["Vet om anmälan", label(KNOWS, person.knowsAboutReport)],  // an unborn child knows nothing
  ];
  (person.guardians || []).forEach((guardian, guardianIndex) => {
    const details = [guardian.name, guardian.phone, guardian.address].filter(Boolean);
    details.push(`Vet om anmälan: ${label(KNOWS, guardian.knowsAboutReport)}`);
    details.push(...otherFields(guardian, ["name", "phone", "address", "knowsAboutReport"]).map(([k, v]) => `${k}: ${text(v)}`));
    rows.push([`Vårdnadshavare ${guardianIndex + 1}`, details.join("\n")]);
  });
  return [el("h3", {}, `Person ${index + 1}`), list(rows.concat(otherFields(person, known)))];
}

function contentSection(content) {
  const concern = content.concern || {};
  const interpreter = content.interpreter || {};
  const section = el("section", { class: "report-content", "aria-labelledby": "content-heading" }, el("h2", { id: "content-heading" }, "Det här anmäldes"));
  append(section, [
    el("h3", {}, "Oron"),
    list(
      [
        ["Beskrivning", concern.description],
        ["Oron gäller", (concern.categories || []).map((category) => label(CATEGORIES, category)).join("\n")],
        ["Främst", label(CATEGORIES, concern.mainCategory)],
        ["Hur länge", concern.since],
        ["Akut fara enligt anmälaren", yesNo(concern.acuteDanger)],
      ].concat(otherFields(concern, ["description", "categories", "mainCategory", "since", "acuteDanger"]))
    ),
    (content.persons || []).map(personSection),
    el("h3", {}, "Anmälaren"),
    list(reporterRows(content.reporter || {})),
    el("h3", {}, "Övrigt"),
    list(
      [
        ["Behöver tolk", yesNo(interpreter.needed)],
        interpreter.needed ? ["Språk", interpreter.language] : null,
        ["Andra som vet eller hjälper till", content.otherAgencies],
      ].concat(otherFields(content, ["submissionId", "persons", "concern", "interpreter", "reporter", "otherAgencies"]))
    ),
  ]);
  return section;
}

/* ---------- Deadlines, routing and timeline ---------- */

// The summary comes first on the page, at every width: the running limits and whom the report lies with, then
// the rest. On a phone they are on the first screen, below the acute flag (reportAlerts).
function summarySection(report) {
  const proposal = report.decisionProposal;
  const investigation = investigationRows(report);
  const rows = [
    [
      "Skyddsbedömning (24 timmar)",
      report.protectionAssessment
        ? `Gjord ${formatDateTime(report.protectionAssessment.recordedAt)} av ${text(report.protectionAssessment.recordedBy)}: ${
            report.protectionAssessment.immediateProtectionNeeded ? "omedelbart skydd behövs" : "inget omedelbart skyddsbehov"
          }`
        : report.protectionDueAt
          ? countdown(report.protectionDueAt, SOON.protection)
          : "–",
    ],
    [
      "Beslut om utredning (14 dagar)",
      report.decision
        ? `${label(OUTCOMES, report.decision.outcome)}, beslutat ${formatDateTime(report.decision.decidedAt)} av ${text(report.decision.decidedBy)}`
        : report.decisionDueAt
          ? countdown(report.decisionDueAt, SOON.decision)
          : "–",
    ],
    ...investigation.slice(0, 1),
    ["Ligger hos", label(ROUTES, report.route)],
    ["Varför", report.routingReason],
  ];
  if (report.escalation) {
    const escalation = report.escalation;
    rows.push([
      "Eskalering",
      escalation.acknowledgedAt
        ? `Kvitterad ${formatDateTime(escalation.acknowledgedAt)}`
        : `Larm skickat ${formatDateTime(escalation.notifiedAt)}, inte kvitterat`,
    ]);
  }
  if (proposal) {
    const status = { proposed: "väntar på granskning", approved: "godkänt", returned: "skickat tillbaka" }[proposal.status] || proposal.status;
    const version = proposal.version > 1 ? ` (version ${proposal.version})` : "";
    let line = `${label(OUTCOMES, proposal.outcome)}${version} – föreslaget av ${text(proposal.proposedBy)} ${formatDateTime(proposal.proposedAt)}, ${status}`;
    if (proposal.reviewedBy) line += ` (${text(proposal.reviewedBy)} ${formatDateTime(proposal.reviewedAt)})`;
    if (proposal.comment) line += `\nKommentar: ${text(proposal.comment)}`;
    rows.push(["Förslag till beslut", line]);
  }
  rows.push(
    ["Akut fara enligt anmälaren", yesNo(report.acuteDanger)],
    ["Skede", label(PHASES, report.phase)],
    ["Inkom", timeElement(report.receivedAt)],
    ["Kom in via", label(CHANNELS, report.channel)]
  );
  if (report.decisionDueExtendedTo) rows.push(["Tidsgränsen förlängd till", formatDate(report.decisionDueExtendedTo)]);
  if ((report.decisionDeadlineExtensions || []).length) {
    rows.push(["Förlängningar av tidsgränsen för beslut", extensionList(report.decisionDeadlineExtensions, "decision-extensions")]);
  }
  rows.push(...investigation.slice(1));
  if (report.purgeOn) rows.push(["Gallras", formatDate(report.purgeOn)]);
  return el(
    "section",
    { class: "report-summary", "aria-labelledby": "summary-heading" },
    el("h2", { id: "summary-heading" }, "Läge och tidsgränser"),
    list(rows, "summary")
  );
}

// Above everything else: the acute flag and an unacknowledged escalation, and a link to the actions.
function reportAlerts(report) {
  const flags = [];
  if (report.acuteDanger) flags.push(el("span", { class: "marker acute", id: "acute-flag" }, "Akut fara enligt anmälaren"));
  if (report.escalation && !report.escalation.acknowledgedAt) {
    flags.push(el("span", { class: "marker escalated" }, "Eskalerad, ej kvitterad"));
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

function investigationOpen(report) {
  const investigation = report.investigation || {};
  return report.phase === "investigation" && !investigation.closedAt;
}

// The 4-month limit while an investigation runs; when it was closed, by whom; its extensions.
function investigationRows(report) {
  const investigation = report.investigation || {};
  const runs = investigationOpen(report) || Boolean(report.investigationDueAt);
  if (!runs && !investigation.closedAt && !investigation.extendedTo) return [];
  const rows = [
    [
      "Utredning (4 månader)",
      investigation.closedAt
        ? `Avslutad ${formatDateTime(investigation.closedAt)} av ${text(investigation.closedBy)}`
        : report.investigationDueAt
          ? countdown(report.investigationDueAt, SOON.investigation)
          : "–",
    ],
  ];
  if (investigation.extendedTo) rows.push(["Utredningen förlängd till", formatDate(investigation.extendedTo)]);
  if ((investigation.extensions || []).length) {
    rows.push(["Förlängningar av utredningen", extensionList(investigation.extensions, "investigation-extensions")]);
  }
  return rows;
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
        el("li", {}, timeElement(entry.decidedAt), `: ${label(ROUTES, entry.route)}. `, text(entry.reason))
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
  if (group.count === 1) return describeAction(group.entry);
  const sameDay = swedishDay(group.entry.at) === swedishDay(group.last);
  return [
    `${describeAction(group.entry)} (${group.count} gånger, senast `,
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

function radios(legend, name, options) {
  return el(
    "fieldset",
    { class: "field" },
    el("legend", {}, legend),
    options.map(([value, text]) => {
      formCount += 1;
      const id = `${name}-${formCount}`;
      return el("div", { class: "choice" }, el("input", { type: "radio", id, name, value, required: true }), el("label", { for: id }, text));
    })
  );
}

// A panel with a form; `submit` answers [path, body] or throws an Error with a Swedish message.
function actionPanel(id, title, fields, buttons) {
  const headingId = `${id}-heading`;
  const form = el(
    "form",
    { class: "panel", id, novalidate: true, "aria-labelledby": headingId },
    el("h3", { id: headingId }, title),
    fields,
    buttons.map(([text, kind, name]) => el("button", { type: "submit", class: `button ${kind}`, name: name || null, value: name || null }, text))
  );
  return form;
}

function onSubmit(form, buildRequest, success) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const submitter = event.submitter;
    if (form.getAttribute("aria-busy") === "true") return;
    let request;
    try {
      request = buildRequest(submitter && submitter.name);
    } catch (error) {
      showMessage(message, "error", error.message);
      return;
    }
    form.setAttribute("aria-busy", "true");
    try {
      await api(request[0], { method: "POST", body: request[1] });
      await load();
      showMessage(message, "success", typeof success === "function" ? success(submitter && submitter.name) : success);
    } catch (error) {
      if (error.status === 401) return;
      // 409: the report changed meanwhile (another proposal, a decision, someone else was first). Show it as it
      // is now, with the API's explanation.
      // What the person typed (a reviewer's comment, a reason) stays in the field after the reload, in memory only.
      if (error.status === 409) {
        const typed = [...form.querySelectorAll("textarea[id]")].map((field) => [field.id, field.value]);
        await load().catch(() => null);
        for (const [id, value] of typed) {
          const field = document.getElementById(id);
          if (field && field.tagName === "TEXTAREA" && !field.value) field.value = value;
        }
      }
      showMessage(message, "error", error.message, errorDetails(error));
    } finally {
      form.removeAttribute("aria-busy");
    }
  });
}

// A limit moved to a later day with a written reason (the 14-day decision, the 4-month investigation): a date,
// the reason (at least 10 characters) and who and when are kept by the API.
const REASON_MIN_LENGTH = 10;

function extensionPanel({ id, prefix, title, hint, reasonLabel, missingReason, button, path, success }) {
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
    [[button, "secondary"]]
  );
  onSubmit(
    form,
    () => {
      const extendedTo = form.querySelector(`#${prefix}-date`).value;
      const reason = form.querySelector(`#${prefix}-reason`).value.trim();
      if (!/^\d{4}-\d{2}-\d{2}$/.test(extendedTo)) throw new Error("Välj ett datum för den nya tidsgränsen.");
      if (!reason) throw new Error(missingReason);
      if (reason.length < REASON_MIN_LENGTH) throw new Error(`Skriv skälen med minst ${REASON_MIN_LENGTH} tecken.`);
      return [path, { extendedTo, reason }];
    },
    success
  );
  return form;
}

// Closing asks first: the button shows a question, and only "Ja, avsluta utredningen" sends.
function closeInvestigationPanel(report, path) {
  const question = el(
    "div",
    { class: "confirm", id: "close-investigation-confirm", hidden: true, tabindex: "-1" },
    el("p", {}, el("strong", {}, `Vill du avsluta utredningen för anmälan ${report.referenceNumber}?`)),
    el("p", {}, "Oro slutar då bevaka tidsgränsen för utredningen.")
  );
  const ask = el("button", { type: "button", class: "button secondary", "aria-expanded": "false", "aria-controls": "close-investigation-confirm" }, "Avsluta utredningen");
  const confirm = el("button", { type: "submit", class: "button danger" }, "Ja, avsluta utredningen");
  const cancel = el("button", { type: "button", class: "button secondary" }, "Avbryt");
  append(question, [confirm, " ", cancel]);
  const form = actionPanel(
    "close-investigation-form",
    "Avsluta utredningen",
    [el("p", { class: "hint" }, "När utredningen är klar avslutar du den här."), ask, question],
    []
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
  onSubmit(form, () => [path, {}], "Utredningen är avslutad.");
  return form;
}

function checked(form, name, missing) {
  const input = form.querySelector(`input[name="${name}"]:checked`);
  if (!input) throw new Error(missing);
  return input.value;
}

function actionsSection(report) {
  const base = `/api/staff/reports/${encodeURIComponent(reportId)}`;
  const panels = [];
  const open = report.phase !== "closed" && !report.purgeOn;

  // An unacknowledged alarm first: acknowledging it stops the escalation to the next person.
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

  if (open && !report.protectionAssessment && can(me, "record_protection_assessment")) {
    const form = actionPanel(
      "protection-form",
      "Skyddsbedömning",
      [
        el("p", { class: "hint" }, "Bedöm om barnet eller personen behöver skydd omedelbart. Görs senast 24 timmar efter att anmälan kom in."),
        radios("Behövs omedelbart skydd?", "immediateProtectionNeeded", [
          ["true", "Ja, omedelbart skydd behövs"],
          ["false", "Nej, inget omedelbart skyddsbehov"],
        ]),
      ],
      [["Registrera skyddsbedömning", "primary"]]
    );
    onSubmit(
      form,
      () => [`${base}/protection-assessment`, { immediateProtectionNeeded: checked(form, "immediateProtectionNeeded", "Välj om omedelbart skydd behövs.") === "true" }],
      "Skyddsbedömningen är registrerad."
    );
    panels.push(form);
  }

  const proposal = report.decisionProposal;
  const waitingForReview = proposal && proposal.status === "proposed";
  // A decision is proposed only once the skyddsbedömning is recorded (the API refuses it before, 409).
  if (open && report.protectionAssessment && !report.decision && !waitingForReview && can(me, "propose_decision")) {
    const form = actionPanel(
      "proposal-form",
      "Förslag till beslut",
      [
        el("p", { class: "hint" }, "Förslaget granskas och beslutas av en annan person (förste socialsekreterare)."),
        radios("Ska en utredning inledas?", "outcome", [
          ["investigation", "Ja, inled utredning"],
          ["no_investigation", "Nej, inled inte utredning"],
        ]),
      ],
      [["Lämna förslag", "primary"]]
    );
    onSubmit(form, () => [`${base}/decision-proposal`, { outcome: checked(form, "outcome", "Välj om en utredning ska inledas.") }], "Förslaget till beslut är lämnat för granskning.");
    panels.push(form);
  }

  if (open && waitingForReview && can(me, "approve_decision")) {
    if (proposal.proposedBy === me.staffId) {
      panels.push(
        el("div", { class: "panel", id: "review-own" }, el("h3", {}, "Granska förslag"), el("p", {}, "Du lämnade förslaget. En annan person med granskande roll måste godkänna eller skicka tillbaka det."))
      );
    } else {
      const commentId = "review-comment";
      const form = actionPanel(
        "review-form",
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
          el("div", { class: "field" }, el("label", { for: commentId }, "Kommentar (frivillig)"), el("textarea", { id: commentId, rows: "3", maxlength: "2000" })),
        ],
        [
          ["Godkänn beslut", "primary", "approve"],
          ["Skicka tillbaka", "secondary", "return"],
        ]
      );
      onSubmit(
        form,
        (choice) => {
          const comment = form.querySelector("textarea").value.trim();
          // Exactly the version shown: if the proposal was changed meanwhile the API refuses (409) and the page
          // shows the current one.
          const body = { ...(Number.isInteger(proposal.version) ? { version: proposal.version } : {}), ...(comment ? { comment } : {}) };
          return [`${base}/decision-proposal/${choice === "return" ? "return" : "approve"}`, body];
        },
        (choice) => (choice === "return" ? "Förslaget är skickat tillbaka." : "Beslutet är fattat.")
      );
      panels.push(form);
    }
  }

  if (open && !report.decision && can(me, "extend_decision_deadline")) {
    panels.push(
      extensionPanel({
        id: "extension-form",
        prefix: "extension",
        title: "Förläng tidsgränsen för beslut",
        hint: "Beslutet ska fattas inom 14 dagar. Tiden får bara förlängas om det finns synnerliga skäl, till exempel ett polisförhör som inte kan hållas tidigare; hög arbetsbelastning är aldrig ett sådant skäl. Skälet registreras.",
        reasonLabel: "Synnerliga skäl",
        missingReason: "Skriv de synnerliga skälen för förlängningen.",
        button: "Förläng tidsgränsen",
        path: `${base}/decision-deadline-extension`,
        success: "Tidsgränsen för beslutet är förlängd.",
      })
    );
  }

  if (open && investigationOpen(report) && can(me, "manage_investigation")) {
    panels.push(
      extensionPanel({
        id: "investigation-extension-form",
        prefix: "investigation-extension",
        title: "Förläng utredningen",
        hint: "Utredningen ska vara klar inom 4 månader från beslutet. Den får förlängas för en viss tid om det finns särskilda skäl. Skälet registreras.",
        reasonLabel: "Särskilda skäl",
        missingReason: "Skriv de särskilda skälen för förlängningen.",
        button: "Förläng utredningen",
        path: `${base}/investigation-extension`,
        success: "Utredningen är förlängd.",
      }),
      closeInvestigationPanel(report, `${base}/investigation-closure`)
    );
  }

  if (!panels.length) {
    panels.push(el("p", { id: "no-actions" }, open ? "Det finns inget för din roll att göra med anmälan just nu." : "Anmälan är avslutad."));
  }
  return el(
    "section",
    { class: "actions", "aria-labelledby": "actions-heading" },
    el("h2", { id: "actions-heading", tabindex: "-1" }, "Åtgärder"),
    panels
  );
}

/* ---------- Page ---------- */

async function load() {
  const report = await api(`/api/staff/reports/${encodeURIComponent(reportId)}`);
  $("#report-heading").textContent = `Anmälan ${report.referenceNumber}`;
  document.title = `Anmälan ${report.referenceNumber} – Orosanmälningar`;
  clear(root);
  root.removeAttribute("aria-busy");
  // In this order at every width: what is urgent, the actions, then what was reported (dashboard.css puts the
  // actions beside the summary on a wide screen).
  append(root, [
    reportAlerts(report),
    el(
      "div",
      { class: "report-columns" },
      summarySection(report),
      actionsSection(report),
      contentSection(report.content || {}),
      routingSection(report.routingHistory)
    ),
    timelineSection(report.timeline),
  ]);
  root.setAttribute("data-phase", report.phase || "");
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
