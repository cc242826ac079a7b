// Each person a report concerns has their own clocks, skyddsbedömning, decision and investigation. A child
// comes under the law's time limits; an adult under the adult unit's own targets (the municipality's, not the
// law's). Words and helpers the report, the queue and the search share; common.js is left as it is.

import { PERSON_KINDS, labels } from "../shared/report-fields.js";
import { ROUTES, describeAction, joinWords, todayInSweden } from "./common.js";

export const CHILDREN_RULE = "barn";

// Who the person is, in a few words: "barn", "vuxen", … (the report's own words, web/shared/report-fields.js).
export const KIND_WORDS = labels(PERSON_KINDS, "staffWord");

// The holder, with the adult unit the API now routes to.
export const ROUTE_NAMES = { ...ROUTES, adult_unit: "Enheten för vuxna eller äldre" };

// A decision as the confirmation question puts it: "Godkänn beslut: inleda utredning för person 2?"
export const OUTCOME_VERBS = {
  investigation: "inleda utredning",
  no_investigation: "inte inleda utredning",
};

export function isChildRule(rule) {
  return !rule || rule === CHILDREN_RULE;
}

// "vuxen – kommunens mål", "äldre – kommunens mål": the queue's tag for an adult.
export function adultTag(kind) {
  return `${KIND_WORDS[kind] || "vuxen"} – kommunens mål`;
}

function ageFromDate(year, month, day) {
  const [nowYear, nowMonth, nowDay] = todayInSweden().split("-").map(Number);
  if (!year || !month || !day || !nowYear) return null;
  let age = nowYear - year;
  if (nowMonth < month || (nowMonth === month && nowDay < day)) age -= 1;
  return age >= 0 && age < 140 ? age : null;
}

// The person's age in years from what the reporter gave: the age, the birth date or the personnummer
// (a samordningsnummer's day is the birth day + 60). null when nothing says.
export function personAge(person) {
  if (!person) return null;
  if (Number.isInteger(person.age)) return person.age;
  const birth = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(person.birthDate || ""));
  if (birth) return ageFromDate(+birth[1], +birth[2], +birth[3]);
  const digits = String(person.personalIdentityNumber || "").replace(/\D/g, "");
  if (digits.length === 12) {
    const day = +digits.slice(6, 8);
    return ageFromDate(+digits.slice(0, 4), +digits.slice(4, 6), day > 60 ? day - 60 : day);
  }
  return null;
}

// "Alva, barn, 8 år", "barn, ofött", "barn, ofött, väntas 2027-03-01", "vuxen": the name if given, the kind,
// the age if known (an unborn child's expected date of birth).
export function describePerson(person) {
  const content = person || {};
  const parts = [];
  if (content.name) parts.push(String(content.name));
  parts.push(KIND_WORDS[content.kind] || "person");
  if (content.unborn) {
    parts.push("ofött");
    if (content.expectedBirthDate) parts.push(`väntas ${content.expectedBirthDate}`);
  } else {
    const age = personAge(content);
    if (age !== null) parts.push(`${age} år`);
  }
  return parts.join(", ");
}

// "Person 2: Alva, barn, 8 år"
export function personTitle(number, contentPerson) {
  return `Person ${number}: ${describePerson(contentPerson)}`;
}

// "3 barn", "1 vuxen", "2 barn och 1 vuxen": the queue's short count of whom a report concerns.
const COUNTED = { barn: ["barn", "barn"], vuxen: ["vuxen", "vuxna"], aldre: ["äldre", "äldre"] };

export function countPersons(persons) {
  const counts = new Map();
  for (const person of persons || []) {
    const word = isChildRule(person.rule) ? "barn" : person.kind === "aldre" ? "aldre" : "vuxen";
    counts.set(word, (counts.get(word) || 0) + 1);
  }
  return joinWords([...counts].map(([word, count]) => `${count} ${COUNTED[word][count === 1 ? 0 : 1]}`));
}

// Each phase with the persons in it, the least advanced first: [["protection_assessment", [3]], …].
export function personsByPhase(persons) {
  const order = ["protection_assessment", "decision", "investigation", "closed"];
  const groups = new Map();
  for (const person of persons || []) {
    const phase = person.phase || "protection_assessment";
    if (!groups.has(phase)) groups.set(phase, []);
    groups.get(phase).push(person.number);
  }
  return [...groups].sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]));
}

// "person 1", "person 1 och 3"
export function numbersText(numbers) {
  return `person ${joinWords(numbers.map(String))}`;
}

// "N förslag väntar på granskning"
export function awaitingReview(count) {
  return `${count} förslag väntar på granskning`;
}

// The timeline's and the audit export's words for an entry (common.js knows every action and message).
export { describeAction as describeEntry };
