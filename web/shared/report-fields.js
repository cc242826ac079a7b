/*
 * The report of concern's fields, once, for the two pages that write a report: the citizen form (web/form)
 * and the staff's Registrera anmälan (web/dashboard/register.*). The answers a question can have and their
 * Swedish words, the limits and patterns a value must keep, and the JSON body the API accepts, after the
 * server's model (functions/domain/report.py and functions/domain/text.py). The server decides; these only let
 * a page say so before sending, in the same words. The citizen form takes the answers' words from its
 * catalogues instead (locales/<language>.json, form.answers.<list>.<value>), which say the same in Swedish
 * (tests/browser/test_form_languages.py); staff pages stay Swedish and read them here.
 *
 * Served at /shared/report-fields.js, one origin with the form (/) and the dashboard (/dashboard/), under the
 * form's security headers (script-src 'self'). Both import it as "../shared/report-fields.js", which is the
 * repository's layout too (web/form/.. and web/dashboard/.. are web/).
 *
 * Why a module here and not the Python enums served as JSON: the values are the API's and are checked against
 * the enums and limits by a browser test (tests/browser/test_form.py), so they cannot drift unnoticed; the
 * Swedish words are the pages' own and exist nowhere in Python. Serving the enums would need either a build step,
 * which the web pages do not have, or a fetch before the form can draw its choices: one more request that can
 * fail while a person in distress is reporting, for values that change only when the model does. The simpler,
 * robust choice is this file, loaded like any other script.
 *
 * Nothing here touches the page: no DOM, no storage, no network.
 */

export const MAX_PERSONS = 10;
export const MAX_GUARDIANS = 4;
export const ADULT_AGE = 18; // a child (barn) is under 18
export const MAX_AGE = 130;
// An unborn child's expected date of birth: at most this many days back and ahead of today (the server's
// EXPECTED_BIRTH_DAYS_BACK and EXPECTED_BIRTH_DAYS_AHEAD, functions/domain/report.py, which say why).
export const EXPECTED_BIRTH_DAYS_BACK = 42;
export const EXPECTED_BIRTH_DAYS_AHEAD = 300;

export const PRIVATE_REPORTER = "privatperson";
export const PROFESSIONAL_REPORTER = "yrkesverksam";

// Who reports. `label` and `hint` are the form's answer to "Hur gör du anmälan?"; `staffLabel` is how staff
// pages name the reporter.
export const REPORTER_TYPES = [
  {
    value: PRIVATE_REPORTER,
    label: "Som privatperson",
    hint: "Till exempel som släkting, granne, vän eller förälder.",
    staffLabel: "Privatperson",
  },
  {
    value: PROFESSIONAL_REPORTER,
    label: "I mitt arbete (yrkesverksam)",
    hint: "Till exempel i skola, förskola, hälso- och sjukvård eller polis.",
    staffLabel: "Yrkesverksam",
  },
];

export const CHILD = "barn";
export const ONESELF = "mig_sjalv";
// The adults someone else reports about: only for them is consent to återkoppling asked (the server's ADULT_KINDS).
export const ADULT_KINDS = ["vuxen", "aldre", "missbruk"];

// Whom the concern is about. `label` and `hint` are the form's answer to "Vem gäller oron?"; `staffLabel` is how
// staff pages name the person ("Mig själv" is, to staff, the reporter), `staffWord` the same in a few words
// within a sentence ("Person 2: Alva, barn, 8 år").
export const PERSON_KINDS = [
  {
    value: CHILD,
    label: "Ett barn eller en ungdom",
    hint: "Under 18 år.",
    staffLabel: "Barn eller ungdom",
    staffWord: "barn",
  },
  { value: "vuxen", label: "En vuxen", staffLabel: "Vuxen", staffWord: "vuxen" },
  { value: "aldre", label: "En äldre person", staffLabel: "Äldre person", staffWord: "äldre" },
  {
    value: "missbruk",
    label: "En person med missbruk eller beroende",
    staffLabel: "Vuxen med missbruk",
    staffWord: "vuxen med missbruk",
  },
  { value: ONESELF, label: "Mig själv", staffLabel: "Anmälaren själv", staffWord: "anmälaren själv" },
];

// What the concern is about, in the order the form lists it.
export const CATEGORIES = [
  { value: "vald", label: "Våld" },
  { value: "bevittnat_vald", label: "Har sett eller hört våld hemma" },
  { value: "sexuella_overgrepp", label: "Sexuella övergrepp" },
  { value: "hedersrelaterat", label: "Hedersrelaterat våld eller förtryck" },
  { value: "omsorgsbrist", label: "Brister i omsorgen", hint: "Till exempel mat, kläder, hygien, tillsyn eller vård." },
  { value: "missbruk_hos_vardnadshavare", label: "Missbruk hos förälder eller vårdnadshavare" },
  { value: "eget_missbruk", label: "Eget missbruk", hint: "Alkohol, narkotika, läkemedel eller spel." },
  { value: "psykisk_ohalsa", label: "Psykisk ohälsa" },
  {
    value: "eget_beteende",
    label: "Eget beteende",
    hint: "Till exempel brott, hög frånvaro från skolan eller att rymma hemifrån.",
  },
  { value: "annat", label: "Annat" },
];

// Whether a person knows about the report: Ja before Nej, Vet inte last (and the default).
export const UNKNOWN = "vet_inte";
export const KNOWLEDGE = [
  { value: "ja", label: "Ja" },
  { value: "nej", label: "Nej" },
  { value: UNKNOWN, label: "Vet inte" },
];

// Whether an adult knows about the report and agrees that the professional reporter gets återkoppling (the server's
// feedbackConsent): Vet inte is the default. `staffLabel` is how staff pages say it.
export const CONSENT = [
  { value: "ja", label: "Ja, personen samtycker", staffLabel: "Ja, samtycker" },
  { value: "nej", label: "Nej", staffLabel: "Nej, samtycker inte" },
  { value: UNKNOWN, label: "Vet inte", staffLabel: "Anmälaren visste inte" },
];

// How a report came in: the web form, or registered by staff.
export const WEB_CHANNEL = "webb";
export const CHANNELS = {
  [WEB_CHANNEL]: "Webbformulär",
  telefon: "Telefon",
  brev: "Brev",
  fax: "Fax",
  "e-post": "E-post",
  besok: "Besök",
};

// {value: word} of a list of answers: labels(CATEGORIES), labels(PERSON_KINDS, "staffLabel").
export function labels(answers, key = "label") {
  const words = {};
  answers.forEach((answer) => {
    words[answer.value] = answer[key];
  });
  return words;
}

/* ---------- Patterns and limits (functions/domain/text.py) ---------- */

export const PHONE_PATTERN = /^\+?[0-9][0-9 ()-]{4,24}$/;
export const PHONE_MAX = 26; // the longest PHONE_PATTERN lets through
export const EMAIL_PATTERN = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
export const EMAIL_MAX = 254;
// The age field's HTML pattern (the whole value); a child's allows 0–17 only.
export const AGE_PATTERN = "[0-9]{1,3}";
export const CHILD_AGE_PATTERN = "1[0-7]|[0-9]";

const NAME = 200;
const SHORT_TEXT = 200;
const ADDRESS = 300;

// The most characters a field may have, by its path in the report ("persons.*" for every person).
const MAX_LENGTHS = {
  "reporter.name": NAME,
  "reporter.phone": PHONE_MAX,
  "reporter.email": EMAIL_MAX,
  "reporter.relation": SHORT_TEXT,
  "reporter.role": SHORT_TEXT,
  "reporter.organisation": SHORT_TEXT,
  "reporter.workPhone": PHONE_MAX,
  "reporter.workEmail": EMAIL_MAX,
  "persons.*.name": NAME,
  "persons.*.personalIdentityNumber": 20,
  "persons.*.age": 3, // digits: 0 to MAX_AGE
  "persons.*.address": ADDRESS,
  "persons.*.schoolOrPreschool": SHORT_TEXT,
  "persons.*.guardians.*.name": NAME,
  "persons.*.guardians.*.phone": PHONE_MAX,
  "persons.*.guardians.*.address": ADDRESS,
  "concern.description": 10000,
  "concern.since": SHORT_TEXT,
  "interpreter.language": SHORT_TEXT,
  otherAgencies: 2000,
};

// maxLength("persons.2.guardians.0.name") === 200; 0 for a path without a length limit.
export function maxLength(path) {
  return MAX_LENGTHS[String(path || "").replace(/\.\d+(?=\.|$)/g, ".*")] || 0;
}

export function isPhoneNumber(value) {
  return PHONE_PATTERN.test(value);
}

export function isEmail(value) {
  return value.length <= EMAIL_MAX && EMAIL_PATTERN.test(value);
}

// Whole years, 0 to MAX_AGE, as digits.
export function isAge(value) {
  return /^\d{1,3}$/.test(value) && Number(value) <= MAX_AGE;
}

/* ---------- Dates and personnummer ---------- */

function pad(number) {
  return (number < 10 ? "0" : "") + number;
}

export function isRealDate(year, month, day) {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

// Today by the browser's calendar, ÅÅÅÅ-MM-DD.
export function todayIso() {
  const now = new Date();
  return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
}

// The day `days` from today by the browser's calendar (negative: back), ÅÅÅÅ-MM-DD.
export function isoDaysFromToday(days) {
  const now = new Date();
  const then = new Date(now.getFullYear(), now.getMonth(), now.getDate() + days);
  return then.getFullYear() + "-" + pad(then.getMonth() + 1) + "-" + pad(then.getDate());
}

// ÅÅÅÅMMDD → ÅÅÅÅ-MM-DD; anything else as it is.
export function normaliseDate(value) {
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  return compact ? compact[1] + "-" + compact[2] + "-" + compact[3] : value;
}

// A real day written ÅÅÅÅ-MM-DD or ÅÅÅÅMMDD, as ÅÅÅÅ-MM-DD; "" otherwise.
export function isoDate(value) {
  const date = normaliseDate(value);
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return match && isRealDate(Number(match[1]), Number(match[2]), Number(match[3])) ? date : "";
}

function luhn(digits) {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let digit = Number(digits.charAt(digits.length - 1 - i));
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

// The birth date (ÅÅÅÅ-MM-DD) of a personnummer or samordningsnummer (day + 60), 10 or 12 digits, with or
// without '-' or '+'; "" if the number is not valid or its birth date lies in the future. With 10 digits
// the century is the latest that is not in the future, one earlier with '+' (100 years or older).
export function personnummerBirthDate(value) {
  const match = /^(\d{2})?(\d{2})(\d{2})(\d{2})([-+]?)(\d{4})$/.exec(value.replace(/[\s:]/g, ""));
  if (!match) return "";
  const month = Number(match[3]);
  let day = Number(match[4]);
  if (day > 60) day -= 60;
  let year;
  if (match[1]) {
    year = Number(match[1] + match[2]);
  } else {
    const thisYear = new Date().getFullYear();
    let century = Math.floor(thisYear / 100);
    if (Number(match[2]) > thisYear % 100) century -= 1;
    if (match[5] === "+") century -= 1;
    year = century * 100 + Number(match[2]);
  }
  if (!isRealDate(year, month, day) || !luhn(match[2] + match[3] + match[4] + match[6])) return "";
  const born = year + "-" + pad(month) + "-" + pad(day);
  return born > todayIso() ? "" : born;
}

// Whether someone born on this day (ÅÅÅÅ-MM-DD) has turned 18 (born 29 February: on 1 March).
export function hasTurned18(born) {
  return todayIso() >= Number(born.slice(0, 4)) + ADULT_AGE + born.slice(4);
}

/* ---------- The JSON the API accepts ----------
 * A page reads its fields into answers, leaving out what it did not ask (a question not shown), and these make
 * the body: text trimmed with line breaks as \n, empty answers left out, an age in digits as a number.
 *
 * answers = {
 *   reporter: {type, anonymous, name, phone, email, relation, role, organisation, workPhone, workEmail,
 *              wantsFeedback},
 *   persons: [{kind, name, unborn, expectedBirthDate, personalIdentityNumber, birthDate, age, address,
 *              schoolOrPreschool, knowsAboutReport, feedbackConsent,
 *              guardians: [{name, phone, address, knowsAboutReport}]}],
 *   concern: {description, categories, mainCategory, since, acuteDanger},
 *   interpreter: {needed, language},
 *   otherAgencies,
 * }
 */

// The reporter's answers, from the fields both pages name alike (private-name, professional-role, …): `read(id)`
// answers a field's value, or for a checkbox whether it is ticked. `anonymous` is each page's own question.
export function reporterAnswers(type, anonymous, read) {
  if (type === PROFESSIONAL_REPORTER) {
    return {
      type,
      name: read("professional-name"),
      role: read("professional-role"),
      organisation: read("professional-organisation"),
      workPhone: read("professional-phone"),
      workEmail: read("professional-email"),
      wantsFeedback: read("professional-feedback"),
    };
  }
  return {
    type,
    anonymous,
    name: read("private-name"),
    phone: read("private-phone"),
    email: read("private-email"),
    relation: read("private-relation"),
  };
}

export function text(value) {
  return value === undefined || value === null ? "" : String(value).replace(/\r\n/g, "\n").trim();
}

function setText(target, key, value) {
  const written = text(value);
  if (written) target[key] = written;
}

function reporterBody(answers) {
  if (answers.type === PROFESSIONAL_REPORTER) {
    const reporter = {
      type: answers.type,
      name: text(answers.name),
      role: text(answers.role),
      organisation: text(answers.organisation),
      wantsFeedback: answers.wantsFeedback === true,
    };
    setText(reporter, "workPhone", answers.workPhone);
    setText(reporter, "workEmail", answers.workEmail);
    return reporter;
  }
  if (answers.type === PRIVATE_REPORTER) {
    const reporter = { type: answers.type, anonymous: answers.anonymous === true };
    if (!reporter.anonymous) {
      setText(reporter, "name", answers.name);
      setText(reporter, "phone", answers.phone);
      setText(reporter, "email", answers.email);
    }
    setText(reporter, "relation", answers.relation);
    return reporter;
  }
  return null;
}

// A guardian of whom nothing is known is left out.
function guardianBody(answers) {
  const guardian = {};
  setText(guardian, "name", answers.name);
  setText(guardian, "phone", answers.phone);
  setText(guardian, "address", answers.address);
  const knows = answers.knowsAboutReport || UNKNOWN;
  if (Object.keys(guardian).length === 0 && knows === UNKNOWN) return null;
  guardian.knowsAboutReport = knows;
  return guardian;
}

// An unborn child has no identity yet (an expected date of birth, perhaps), goes to no school and cannot know
// about the report.
function personBody(answers) {
  const person = { kind: answers.kind || null };
  setText(person, "name", answers.name);
  const unborn = answers.unborn === true;
  if (unborn) {
    person.unborn = true;
    setText(person, "expectedBirthDate", normaliseDate(text(answers.expectedBirthDate)));
  } else {
    setText(person, "personalIdentityNumber", answers.personalIdentityNumber);
    setText(person, "birthDate", normaliseDate(text(answers.birthDate)));
    const age = text(answers.age);
    if (/^\d{1,3}$/.test(age)) person.age = Number(age);
    else setText(person, "age", age);
  }
  setText(person, "address", answers.address);
  if (!unborn) setText(person, "schoolOrPreschool", answers.schoolOrPreschool);
  const guardians = (answers.guardians || []).map(guardianBody).filter((guardian) => guardian !== null);
  if (guardians.length) person.guardians = guardians;
  if (!unborn) person.knowsAboutReport = answers.kind === ONESELF ? "ja" : answers.knowsAboutReport || UNKNOWN;
  // Asked only about an adult, and only where the page asked it (a professional who wants återkoppling).
  if (ADULT_KINDS.includes(answers.kind) && answers.feedbackConsent) person.feedbackConsent = answers.feedbackConsent;
  return person;
}

// The report as the API reads it.
export function reportBody(answers) {
  const concern = answers.concern || {};
  const report = {
    persons: (answers.persons || []).map(personBody),
    concern: {
      description: text(concern.description),
      categories: concern.categories || [],
      mainCategory: concern.mainCategory || null,
      acuteDanger: concern.acuteDanger === true,
    },
    interpreter: { needed: !!(answers.interpreter && answers.interpreter.needed) },
    reporter: reporterBody(answers.reporter || {}),
  };
  setText(report.concern, "since", concern.since);
  if (report.interpreter.needed) setText(report.interpreter, "language", answers.interpreter.language);
  setText(report, "otherAgencies", answers.otherAgencies);
  return report;
}

// The report with the id the client keeps for every retry of the same report (a UUID).
export function submissionBody(answers, submissionId) {
  return { submissionId, ...reportBody(answers) };
}
