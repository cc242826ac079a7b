// Step 5: everything written, as it will be sent, with an "Ändra" button per step (data-change-step: the
// form's click handler goes there). The receipt's copy of what was sent (copy.js) is the same rendering of the
// answers kept at sending time, without the buttons.

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

// Where the answers are shown: the review (h3 under the step's h2, "Ändra" buttons) or the receipt's copy.
const ON_REVIEW = { level: 3, idPrefix: "review-step-", changeButtons: true };

function reviewSection(root, step, view) {
  const title = stepTitle(step);
  const section = make("section", "review-section");
  const header = make("div", "review-section-header");
  const heading = make("h" + view.level, null, title);
  heading.id = view.idPrefix + step;
  header.appendChild(heading);
  if (view.changeButtons) {
    const change = make("button", "link-button", t("form.review.change"));
    change.type = "button";
    change.setAttribute("data-change-step", String(step));
    change.appendChild(make("span", "visually-hidden", " " + title.toLowerCase()));
    header.appendChild(change);
  }
  section.appendChild(header);
  root.appendChild(section);
  return section;
}

function yesNo(value) {
  return t(value ? "form.yes" : "form.no");
}

function reviewReporter(root, reporter, answers, view) {
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
    if (answers.anonymousAsked) row(list, "form.review.anonymous", yesNo(reporter.anonymous));
    if (!reporter.anonymous) {
      row(list, "form.review.name", reporter.name);
      row(list, "form.review.phone", reporter.phone);
      row(list, "form.review.email", reporter.email);
    }
    row(list, "form.review.relation", reporter.relation);
  }
  reviewSection(root, 1, view).appendChild(list);
}

function reviewPersons(root, persons, reporter, view) {
  const section = reviewSection(root, 2, view);
  // An anonymous report about oneself cannot be answered: said again before it is sent.
  if (reporter.anonymous && persons.some((person) => person.kind === ONESELF)) {
    section.appendChild(make("p", "notice", t("form.person.anonymousSelf")));
  }
  persons.forEach((person, index) => {
    section.appendChild(make("h" + (view.level + 1), null, t("form.person.heading", { number: index + 1 })));
    const list = make("dl", "review-list");
    row(list, "form.review.kind", answer("kind", person.kind));
    row(list, "form.review.name", person.name);
    if (person.unborn) {
      row(list, "form.review.unborn", t("form.yes"));
      row(list, "form.review.expectedBirthDate", person.expectedBirthDate);
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
    if (person.feedbackConsent) row(list, "form.review.feedbackConsent", answer("consent", person.feedbackConsent));
    (person.guardians || []).forEach((guardian, guardianIndex) => {
      const details = [guardian.name, guardian.phone, guardian.address].filter(Boolean);
      details.push(t("form.review.knowsValue", { answer: answer("knows", guardian.knowsAboutReport) }));
      row(list, "form.guardian.numbered", details.join("\n"), { number: guardianIndex + 1 });
    });
    section.appendChild(list);
  });
}

function reviewConcern(root, concern, answers, view) {
  const list = make("dl", "review-list");
  row(list, "form.review.description", concern.description);
  row(list, "form.review.categories", concern.categories.map((category) => answer("category", category)).join("\n"));
  row(list, "form.review.mainCategory", answer("category", concern.mainCategory));
  row(list, "form.review.since", concern.since);
  row(list, "form.review.acuteDanger", answers.acuteDangerAnswered ? yesNo(concern.acuteDanger) : "");
  reviewSection(root, 3, view).appendChild(list);
}

function reviewOther(root, report, answers, view) {
  const list = make("dl", "review-list");
  row(list, "form.review.interpreter", answers.interpreterAnswered ? yesNo(report.interpreter.needed) : "");
  if (report.interpreter.needed) row(list, "form.review.language", report.interpreter.language);
  row(list, "form.review.otherAgencies", report.otherAgencies);
  if (answers.files) row(list, "form.review.attachments", answers.files.join("\n"));
  reviewSection(root, 4, view).appendChild(list);
}

// What the review shows, read from the page: the report as it will be sent, and which questions were answered
// at all (an unanswered one shows as not filled in, not as "Nej").
export function reviewedAnswers() {
  return {
    report: buildReport(),
    anonymousAsked: state.anonymousAllowed,
    acuteDangerAnswered: checkedValue("acuteDanger") !== "",
    interpreterAnswered: checkedValue("interpreterNeeded") !== "",
    files: chosenFileNames(), // null where the municipality takes no files
  };
}

// `answers` (reviewedAnswers) into `root`, in the form's language. `view`: the headings' level, their ids'
// prefix and whether each step has its "Ändra" button.
export function renderAnswers(root, answers, view) {
  root.replaceChildren();
  const report = answers.report;
  reviewReporter(root, report.reporter || {}, answers, view);
  reviewPersons(root, report.persons, report.reporter || {}, view);
  reviewConcern(root, report.concern, answers, view);
  reviewOther(root, report, answers, view);
}

export function renderReview() {
  renderAnswers($("#review"), reviewedAnswers(), ON_REVIEW);
}

export function clearReview() {
  $("#review").replaceChildren();
}
