// Step 5: everything written, as it will be sent, with an "Ändra" button per step (data-change-step: the
// form's click handler goes there).

import { CHILD, ONESELF, PROFESSIONAL_REPORTER } from "../shared/report-fields.js";
import { buildReport } from "./answers.js";
import { chosenFileNames } from "./attachments.js";
import { $, checkedValue, make, stepTitle } from "./dom.js";
import { t } from "./i18n.js";
import { state } from "./state.js";

// An answer's words in the form's language ("" for none).
function answer(group, value) {
  return value ? t("form.answers." + group + "." + value + ".label") : "";
}

function row(list, termKey, value, values) {
  const wrapper = make("div");
  wrapper.appendChild(make("dt", null, t(termKey, values)));
  const shown = value === undefined || value === null || value === "" ? t("form.review.empty") : value;
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
  const change = make("button", "link-button", t("form.review.change"));
  change.type = "button";
  change.setAttribute("data-change-step", String(step));
  change.appendChild(make("span", "visually-hidden", " " + title.toLowerCase()));
  header.appendChild(change);
  section.appendChild(header);
  root.appendChild(section);
  return section;
}

function yesNo(value) {
  return t(value ? "form.yes" : "form.no");
}

function reviewReporter(root, reporter) {
  const list = make("dl", "review-list");
  if (reporter.type === PROFESSIONAL_REPORTER) {
    row(list, "form.review.reporting", answer("reporterType", reporter.type));
    row(list, "form.review.name", reporter.name);
    row(list, "form.review.role", reporter.role);
    row(list, "form.review.organisation", reporter.organisation);
    row(list, "form.review.workPhone", reporter.workPhone);
    row(list, "form.review.workEmail", reporter.workEmail);
    row(list, "form.review.feedback", yesNo(reporter.wantsFeedback));
  } else {
    row(list, "form.review.reporting", answer("reporterType", reporter.type));
    if (state.anonymousAllowed) row(list, "form.review.anonymous", yesNo(reporter.anonymous));
    if (!reporter.anonymous) {
      row(list, "form.review.name", reporter.name);
      row(list, "form.review.phone", reporter.phone);
      row(list, "form.review.email", reporter.email);
    }
    row(list, "form.review.relation", reporter.relation);
  }
  reviewSection(root, 1).appendChild(list);
}

function reviewPersons(root, persons) {
  const section = reviewSection(root, 2);
  persons.forEach((person, index) => {
    section.appendChild(make("h4", null, t("form.person.heading", { number: index + 1 })));
    const list = make("dl", "review-list");
    row(list, "form.review.kind", answer("kind", person.kind));
    row(list, "form.review.name", person.name);
    if (person.unborn) {
      row(list, "form.review.unborn", t("form.yes"));
    } else {
      row(list, "form.review.identityNumber", person.personalIdentityNumber);
      row(list, "form.review.birthDate", person.birthDate);
      row(list, "form.review.age", person.age);
    }
    row(list, "form.review.address", person.address);
    if (person.kind === CHILD && !person.unborn) row(list, "form.review.school", person.schoolOrPreschool);
    if (person.kind !== ONESELF && !person.unborn) {
      row(list, "form.review.knows", answer("knows", person.knowsAboutReport));
    }
    (person.guardians || []).forEach((guardian, guardianIndex) => {
      const details = [guardian.name, guardian.phone, guardian.address].filter(Boolean);
      details.push(t("form.review.knowsValue", { answer: answer("knows", guardian.knowsAboutReport) }));
      row(list, "form.guardian.numbered", details.join("\n"), { number: guardianIndex + 1 });
    });
    section.appendChild(list);
  });
}

function reviewConcern(root, concern) {
  const list = make("dl", "review-list");
  row(list, "form.review.description", concern.description);
  row(list, "form.review.categories", concern.categories.map((category) => answer("category", category)).join("\n"));
  row(list, "form.review.mainCategory", answer("category", concern.mainCategory));
  row(list, "form.review.since", concern.since);
  row(list, "form.review.acuteDanger", checkedValue("acuteDanger") ? yesNo(concern.acuteDanger) : "");
  reviewSection(root, 3).appendChild(list);
}

function reviewOther(root, report) {
  const list = make("dl", "review-list");
  row(list, "form.review.interpreter", checkedValue("interpreterNeeded") ? yesNo(report.interpreter.needed) : "");
  if (report.interpreter.needed) row(list, "form.review.language", report.interpreter.language);
  row(list, "form.review.otherAgencies", report.otherAgencies);
  const files = chosenFileNames(); // null where the municipality takes no files
  if (files) row(list, "form.review.attachments", files.join("\n"));
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
