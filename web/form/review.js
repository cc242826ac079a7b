// Step 5: everything written, as it will be sent, with an "Ändra" button per step (data-change-step: the
// form's click handler goes there).

import {
  CATEGORIES,
  CHILD,
  KNOWLEDGE,
  ONESELF,
  PERSON_KINDS,
  PROFESSIONAL_REPORTER,
  REPORTER_TYPES,
  labels,
} from "../shared/report-fields.js";
import { buildReport } from "./answers.js";
import { $, checkedValue, make, stepTitle } from "./dom.js";
import { state } from "./state.js";

const KIND_LABELS = labels(PERSON_KINDS);
const KNOWS_LABELS = labels(KNOWLEDGE);
const CATEGORY_LABELS = labels(CATEGORIES);
const REPORTER_LABELS = labels(REPORTER_TYPES);

function row(list, term, value) {
  const wrapper = make("div");
  wrapper.appendChild(make("dt", null, term));
  const shown = value === undefined || value === null || value === "" ? "Inte ifyllt" : value;
  wrapper.appendChild(make("dd", null, shown));
  list.appendChild(wrapper);
}

function reviewSection(root, step) {
  const title = stepTitle(step);
  const section = make("section", "review-section");
  const header = make("div", "review-section-header");
  const heading = make("h3", null, title);
  heading.id = "review-step-" + step;
  header.appendChild(heading);
  const change = make("button", "link-button", "Ändra");
  change.type = "button";
  change.setAttribute("data-change-step", String(step));
  change.appendChild(make("span", "visually-hidden", " " + title.toLowerCase()));
  header.appendChild(change);
  section.appendChild(header);
  root.appendChild(section);
  return section;
}

function yesNo(value) {
  return value ? "Ja" : "Nej";
}

function reviewReporter(root, reporter) {
  const list = make("dl", "review-list");
  if (reporter.type === PROFESSIONAL_REPORTER) {
    row(list, "Anmäler", REPORTER_LABELS[reporter.type]);
    row(list, "Namn", reporter.name);
    row(list, "Yrkesroll", reporter.role);
    row(list, "Arbetsplats eller organisation", reporter.organisation);
    row(list, "Telefonnummer i arbetet", reporter.workPhone);
    row(list, "E-postadress i arbetet", reporter.workEmail);
    row(list, "Vill ha återkoppling", yesNo(reporter.wantsFeedback));
  } else {
    row(list, "Anmäler", REPORTER_LABELS[reporter.type] || "");
    if (state.anonymousAllowed) row(list, "Anonym", yesNo(reporter.anonymous));
    if (!reporter.anonymous) {
      row(list, "Namn", reporter.name);
      row(list, "Telefonnummer", reporter.phone);
      row(list, "E-postadress", reporter.email);
    }
    row(list, "Relation", reporter.relation);
  }
  reviewSection(root, 1).appendChild(list);
}

function reviewPersons(root, persons) {
  const section = reviewSection(root, 2);
  persons.forEach((person, index) => {
    section.appendChild(make("h4", null, "Person " + (index + 1)));
    const list = make("dl", "review-list");
    row(list, "Gäller", KIND_LABELS[person.kind] || "");
    row(list, "Namn", person.name);
    if (person.unborn) {
      row(list, "Ofött barn", "Ja");
    } else {
      row(list, "Personnummer", person.personalIdentityNumber);
      row(list, "Födelsedatum", person.birthDate);
      row(list, "Ålder", person.age);
    }
    row(list, "Adress", person.address);
    if (person.kind === CHILD && !person.unborn) row(list, "Skola eller förskola", person.schoolOrPreschool);
    if (person.kind !== ONESELF && !person.unborn) row(list, "Vet om anmälan", KNOWS_LABELS[person.knowsAboutReport]);
    (person.guardians || []).forEach((guardian, guardianIndex) => {
      const details = [guardian.name, guardian.phone, guardian.address].filter(Boolean);
      details.push("Vet om anmälan: " + KNOWS_LABELS[guardian.knowsAboutReport]);
      row(list, "Vårdnadshavare " + (guardianIndex + 1), details.join("\n"));
    });
    section.appendChild(list);
  });
}

function reviewConcern(root, concern) {
  const list = make("dl", "review-list");
  row(list, "Beskrivning", concern.description);
  row(list, "Oron gäller", concern.categories.map((category) => CATEGORY_LABELS[category] || category).join("\n"));
  row(list, "Främst", CATEGORY_LABELS[concern.mainCategory] || "");
  row(list, "Hur länge", concern.since);
  row(list, "Akut fara nu", checkedValue("acuteDanger") ? yesNo(concern.acuteDanger) : "");
  reviewSection(root, 3).appendChild(list);
}

function reviewOther(root, report) {
  const list = make("dl", "review-list");
  row(list, "Behöver tolk", checkedValue("interpreterNeeded") ? yesNo(report.interpreter.needed) : "");
  if (report.interpreter.needed) row(list, "Språk", report.interpreter.language);
  row(list, "Andra som vet eller hjälper till", report.otherAgencies);
  reviewSection(root, 4).appendChild(list);
}

export function renderReview() {
  const root = $("#review");
  root.replaceChildren();
  const report = buildReport();
  reviewReporter(root, report.reporter || {});
  reviewPersons(root, report.persons);
  reviewConcern(root, report.concern);
  reviewOther(root, report);
}

export function clearReview() {
  $("#review").replaceChildren();
}
