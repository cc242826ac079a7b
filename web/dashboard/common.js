// Shared by every dashboard page: words, times, configuration, the signed-in session, the staff API, and the
// page (page.js: safe rendering and the frame every page shares, drawn when this module is loaded).
// Data from reports is only ever put into the page as text (createTextNode/textContent), never as markup.

import { $, append, clear, drawSignedInHeader, el } from "./page.js";

export { $, announce, append, clear, el } from "./page.js";

const TOKEN_KEY = "oro.idToken";
const SIGNED_OUT_KEY = "oro.signedOutReason";
export const TIME_ZONE = "Europe/Stockholm";

/* ---------- Words ---------- */

export const PHASES = {
  protection_assessment: "Skyddsbedömning",
  decision: "Beslut om utredning",
  investigation: "Utredning",
  closed: "Avslutad",
};
export const ROUTES = {
  intake_team: "Mottagningsgruppen",
  first_social_secretary: "Förste socialsekreterare",
  socialjour: "Socialjouren",
};
// How a report came in: the words are the report's own (web/shared/report-fields.js, also the form's).
export { CHANNELS } from "../shared/report-fields.js";
export const OUTCOMES = {
  investigation: "Utredning inleds",
  no_investigation: "Utredning inleds inte",
};
export const ROLES = {
  mottagning: "Mottagning",
  forste_socialsekreterare: "Förste socialsekreterare",
  socialjour: "Socialjour",
  admin: "Administratör",
  granskare: "Granskare",
  anmalare: "Anmälare (inloggad)",
  case_system_integration: "Verksamhetssystemets integration",
};
export const ACTIONS = {
  view_queue: "Visade inkorgen",
  read_report: "Läste anmälan",
  download_attachment: "Laddade ned en bifogad fil",
  record_protection_assessment: "Registrerade skyddsbedömning",
  acknowledge_escalation: "Kvitterade eskalering",
  propose_decision: "Föreslog beslut",
  approve_decision: "Godkände beslut",
  return_decision_proposal: "Skickade tillbaka förslag",
  register_report: "Registrerade anmälan",
  extend_decision_deadline: "Förlängde tidsgränsen för beslut",
  extend_decision_deadline_reason: "Förlängde tidsgränsen för beslut",
  close_investigation: "Avslutade utredningen",
  extend_investigation: "Förlängde utredningen",
  record_protection_measures: "Antecknade vad som gjorts för att skydda en person",
  record_violence_assessment: "Bedömde om våldet i anmälan gäller barnet",
  record_feedback_consent: "Registrerade samtycke till återkoppling (lämnat eller återkallat)",
  message_sent: "Oro skickade ett meddelande",
  feedback_prepared: "Oro förberedde återkoppling till anmälaren",
  send_feedback: "Skickade återkoppling till anmälaren",
  withhold_feedback: "Skickade ingen återkoppling: olämplig (skälet finns vid anmälan)",
  download_feedback_letter: "Laddade ned brevet med återkoppling",
  download_report_document: "Laddade ned anmälan som PDF",
  handoff_prepared: "Oro förberedde överlämningen till verksamhetssystemet",
  handoff_delivered: "Oro levererade överlämningen till verksamhetssystemet",
  handoff_fetched: "Verksamhetssystemet hämtade överlämningen",
  handoff_acknowledged: "Verksamhetssystemet kvitterade överlämningen",
  register_handoff_manually: "Registrerade överlämningen manuellt i verksamhetssystemet",
  record_follow_up: "Registrerade uppföljning av insatser",
  preview_letter: "Förhandsgranskade ett brev",
  make_letter: "Skapade ett brev",
  mark_letter_sent: "Markerade ett brev som skickat",
  mark_feedback_letter_sent: "Markerade brevet med återkoppling som skickat",
  ask_reporter: "Ställde en fråga till anmälaren",
  reporter_answered_question: "Anmälaren svarade på en fråga",
  reporter_read_report: "Anmälaren läste anmälan i Mina anmälningar",
  reporter_list_reports: "Anmälaren visade sina anmälningar",
  search_by_personnummer: "Sökte på personnummer",
  found_by_personnummer_search: "Hittades vid sökning på personnummer",
  export_audit: "Tog ut loggutdrag",
  preview_gallring: "Förhandsvisade gallring",
  view_purge_log: "Läste gallringsloggen",
  place_legal_hold: "Lade gallringsstopp",
  lift_legal_hold: "Hävde gallringsstopp",
  purged_no_investigation: "Gallrades (ingen utredning inleddes)",
  purged_handed_over: "Gallrades (överlämnad till utredning)",
};

export function label(words, value) {
  if (value === null || value === undefined || value === "") return "–";
  return words[value] || String(value);
}

// Who the lifecycle writes to and what about, in the words a timeline uses ("till socialjouren").
const MESSAGE_RECIPIENTS = {
  intake_team: "mottagningen",
  first_social_secretary: "förste socialsekreteraren",
  socialjour: "socialjouren",
  socialjour_backup: "bakjouren",
  reporter: "anmälaren",
};
const UNIT_RECIPIENTS = { vuxen: "vuxenenheten", aldre: "äldreomsorgens biståndshandläggare" };
const MESSAGE_KINDS = {
  new_report: "ny anmälan",
  new_report_urgent: "ny brådskande anmälan",
  reminder: "påminnelse",
  escalation: "larm",
  protection_needed: "omedelbart skydd behövs",
  review_requested: "förslag till beslut att granska",
  target_passed: "kommunens mål har passerats",
  aterkoppling_notice: "nytt besked att läsa (återkoppling)",
  fraga_notice: "en fråga att läsa och svara på",
  handoff_not_acknowledged: "överlämningen till verksamhetssystemet är inte kvitterad",
  follow_up_due: "uppföljning av insatser snart",
  follow_up_overdue: "uppföljning av insatser försenad",
};
// The letters to a child's family (functions/domain/letters.py), as a timeline names them.
const LETTER_KINDS = { kallelse: "kallelse till samtal", ingen_utredning: "beslut att inte inleda utredning" };
// What a refused attempt in the audit trail was (log review: who tried what).
const REFUSALS = { denied: "nekades, rollen ger inte behörighet", not_found: "det som efterfrågades fanns inte" };
const MESSAGE_CHANNELS = { sms: "sms", email: "e-post" };

// "a, b och c"
export function joinWords(words) {
  if (words.length < 2) return words.join("");
  return `${words.slice(0, -1).join(", ")} och ${words[words.length - 1]}`;
}

function capitalise(text) {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}

// A message the lifecycle sent (a timeline entry "message_sent" by "oro"), in plain Swedish:
// "Sms och e-post till socialjouren: ny brådskande anmälan", "Larm till bakjouren: sms och e-post".
// A channel that failed is named: "…; sms kunde inte skickas".
export function describeMessage(detail) {
  const message = detail && typeof detail === "object" ? detail : {};
  const recipient = message.recipient ? String(message.recipient) : "";
  const to = recipient.startsWith("unit:")
    ? UNIT_RECIPIENTS[recipient.slice(5)] || "kommunens enhet för vuxna"
    : MESSAGE_RECIPIENTS[recipient] || recipient || "okänd mottagare";
  const channels = (list) => joinWords((Array.isArray(list) ? list : []).map((channel) => MESSAGE_CHANNELS[channel] || String(channel)));
  const how = channels(message.channels);
  const failed = channels(message.failedChannels);
  const failure = failed ? `; ${failed} kunde inte skickas` : "";
  if (message.messageKind === "escalation") return how ? `Larm till ${to}: ${how}${failure}` : `Larm till ${to} kunde inte skickas`;
  const what = MESSAGE_KINDS[message.messageKind] || (message.messageKind ? String(message.messageKind) : "meddelande");
  return how ? `${capitalise(how)} till ${to}: ${what}${failure}` : `${capitalise(what)} till ${to} kunde inte skickas`;
}

// A timeline or audit entry's event in words: messages are described, refused attempts said to be so,
// everything else is looked up.
export function describeAction(entry) {
  if (entry && entry.action === "message_sent") return describeMessage(entry.detail);
  const detail = (entry && entry.detail) || {};
  const outcome = REFUSALS[detail.outcome];
  // An action about one person of the report names the person's number (never more of them).
  const person = detail.person !== undefined && detail.person !== null ? ` (person ${detail.person})` : "";
  const letter = LETTER_KINDS[detail.letter] ? `: ${LETTER_KINDS[detail.letter]}` : "";
  const what = `${label(ACTIONS, entry && entry.action)}${letter}${person}`;
  return outcome ? `${what} – ${outcome}` : what;
}

// Who did it: the lifecycle itself writes as "oro".
export function describeActor(staffId) {
  if (staffId === "oro") return "Oro (automatiskt)";
  // A signed-in reporter is named in the audit trail by a key, never their name (functions/reporter/own_reports.py).
  if (typeof staffId === "string" && staffId.startsWith("anmalare:")) return "Anmälaren";
  return staffId === null || staffId === undefined || staffId === "" ? "–" : String(staffId);
}

/* ---------- Times ---------- */

const dateTimeFormat = new Intl.DateTimeFormat("sv-SE", {
  timeZone: TIME_ZONE,
  weekday: "short",
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});
const dateFormat = new Intl.DateTimeFormat("sv-SE", {
  timeZone: TIME_ZONE,
  day: "numeric",
  month: "long",
  year: "numeric",
});

// Swedish time, whatever the browser's own zone is: "14:05", "2026-05-05" and "2026-05-05 14:05:09".
const timeFormat = new Intl.DateTimeFormat("sv-SE", { timeZone: TIME_ZONE, hour: "2-digit", minute: "2-digit" });
const dayFormat = new Intl.DateTimeFormat("sv-SE", { timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" });
const stampFormat = new Intl.DateTimeFormat("sv-SE", {
  timeZone: TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

function validDate(value) {
  const date = new Date(value);
  return isNaN(date.getTime()) ? null : date;
}

export function formatTime(value) {
  const date = validDate(value);
  return date ? timeFormat.format(date) : String(value || "–");
}

// The calendar day in Sweden (YYYY-MM-DD) of an instant.
export function swedishDay(value) {
  const date = validDate(value);
  return date ? dayFormat.format(date) : "";
}

// "2026-05-05 14:05:09" in Swedish time, for files that a spreadsheet reads.
export function formatStamp(value) {
  const date = validDate(value);
  return date ? stampFormat.format(date) : "";
}

export function todayInSweden() {
  return swedishDay(Date.now());
}

// The municipality's wall clock (TIME_ZONE) at an instant, read with Intl: {day: "2026-01-15", time: "10:00"}.
const wallClockFormat = new Intl.DateTimeFormat("sv-SE", {
  timeZone: TIME_ZONE,
  numberingSystem: "latn",
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
});

export function wallClock(instant) {
  const parts = {};
  wallClockFormat.formatToParts(new Date(instant)).forEach((part) => {
    parts[part.type] = part.value;
  });
  return { day: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

// A wall-clock day and time read as if it were UTC, in milliseconds; NaN if there is no such day or time.
function wallAsUtc(day, time) {
  const dayMatch = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const timeMatch = /^(\d{2}):(\d{2})$/.exec(time);
  if (!dayMatch || !timeMatch) return NaN;
  const value = Date.UTC(+dayMatch[1], +dayMatch[2] - 1, +dayMatch[3], +timeMatch[1], +timeMatch[2]);
  return new Date(value).toISOString().slice(0, 16) === `${day}T${time}` ? value : NaN;
}

// Minutes ahead of UTC in TIME_ZONE at an instant (60 in winter, 120 in summer in Sweden).
function offsetAt(instant) {
  const clock = wallClock(instant);
  return Math.round((wallAsUtc(clock.day, clock.time) - Math.floor(instant / 60000) * 60000) / 60000);
}

function offsetText(minutes) {
  const absolute = Math.abs(minutes);
  const pad = (number) => String(number).padStart(2, "0");
  return `${minutes < 0 ? "-" : "+"}${pad(Math.floor(absolute / 60))}:${pad(absolute % 60)}`;
}

// A Swedish wall-clock day and time as an instant, whatever the browser's zone: {iso: "2026-01-15T10:00:00+01:00", note}, null if not valid.
// When the clocks go forward (the last Sunday of March) 02:00–02:59 does not exist: it counts as the same time
// by the clock before the change, an hour later by the new one (02:30 is 03:30). When they go back (the last
// Sunday of October) 02:00–02:59 happens twice: the first, the earlier, counts, so no deadline is set too late.
export function swedishInstant(day, time = "00:00") {
  const wall = wallAsUtc(day, time);
  if (isNaN(wall)) return null;
  const offsets = [...new Set([offsetAt(wall - 86400000), offsetAt(wall), offsetAt(wall + 86400000)])];
  const matches = offsets
    .map((offset) => wall - offset * 60000)
    .filter((instant) => {
      const clock = wallClock(instant);
      return clock.day === day && clock.time === time;
    })
    .sort((a, b) => a - b);
  let instant = matches[0];
  let note = "";
  if (matches.length > 1) {
    note = `Klockan ställdes tillbaka en timme den natten, så klockslaget ${time} fanns två gånger. Tiden räknas som den första gången, i sommartid.`;
  } else if (!matches.length) {
    instant = wall - offsetAt(wall - 86400000) * 60000;
    note = `Klockan ställdes fram en timme den natten, så klockslaget ${time} fanns inte. Tiden räknas som ${wallClock(instant).time}.`;
  }
  const clock = wallClock(instant);
  return { iso: `${clock.day}T${clock.time}:00${offsetText(offsetAt(instant))}`, note };
}

export function formatDateTime(value) {
  const date = new Date(value);
  return isNaN(date.getTime()) ? String(value || "–") : dateTimeFormat.format(date);
}

export function formatDate(value) {
  // A plain date (YYYY-MM-DD) is a calendar day, not an instant.
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(value || ""));
  if (!match) return formatDateTime(value);
  return dateFormat.format(new Date(Date.UTC(+match[1], +match[2] - 1, +match[3], 12)));
}

export function timeElement(value, text) {
  return el("time", { datetime: value }, text || formatDateTime(value));
}

function duration(milliseconds) {
  const minutes = Math.floor(milliseconds / 60000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days > 0) return `${days} d ${hours} tim`;
  if (hours > 0) return `${hours} tim ${rest} min`;
  const seconds = Math.floor(milliseconds / 1000) % 60;
  return `${rest} min ${seconds} s`;
}

// How close a deadline is: "ok", "soon" (within `soonMs`) or "overdue", with text that says the same.
export function deadlineState(dueAt, soonMs, now = Date.now()) {
  const left = new Date(dueAt).getTime() - now;
  if (isNaN(left)) return { state: "none", badge: "", text: "–" };
  if (left < 0) return { state: "overdue", badge: "Försenad", text: `${duration(-left)} sedan` };
  if (left < soonMs) return { state: "soon", badge: "Snart", text: `${duration(left)} kvar` };
  return { state: "ok", badge: "I tid", text: `${duration(left)} kvar` };
}

export const HOUR = 3600 * 1000;
export const SOON = { protection: 4 * HOUR, decision: 3 * 24 * HOUR, investigation: 14 * 24 * HOUR, other: 7 * 24 * HOUR };

// A live countdown: a badge (word and colour), the time left and the due time. Updated by tickCountdowns().
export function countdown(dueAt, soonMs) {
  const wrapper = el("span", { class: "countdown", "data-due": dueAt, "data-soon": soonMs });
  append(wrapper, [
    el("span", { class: "badge" }),
    " ",
    el("span", { class: "countdown-left" }),
    el("span", { class: "countdown-due" }, "senast ", timeElement(dueAt)),
  ]);
  updateCountdown(wrapper);
  return wrapper;
}

function updateCountdown(wrapper, now) {
  const current = deadlineState(wrapper.getAttribute("data-due"), Number(wrapper.getAttribute("data-soon")), now);
  wrapper.setAttribute("data-state", current.state);
  wrapper.querySelector(".badge").textContent = current.badge;
  wrapper.querySelector(".countdown-left").textContent = current.text;
}

export function tickCountdowns() {
  const now = Date.now();
  document.querySelectorAll(".countdown[data-due]").forEach((wrapper) => updateCountdown(wrapper, now));
}

export function startCountdowns() {
  tickCountdowns();
  return window.setInterval(tickCountdowns, 1000);
}

/* ---------- Configuration and session ---------- */

let configPromise = null;

export function loadConfig() {
  if (!configPromise) {
    configPromise = fetch("config.json", { cache: "no-store", headers: { Accept: "application/json" } }).then(
      (response) => {
        if (!response.ok) throw new Error("config.json: " + response.status);
        return response.json();
      }
    );
  }
  return configPromise;
}

// Where to go after signing in.
export const RETURN_PARAMETER = "till";
// The dashboard's pages one may come back to; the sign-in page itself is not one of them.
const RETURN_PAGES = ["queue.html", "report.html", "register.html", "search.html", "audit.html", "gallring.html", "welcome.html"];

// The sign-in page's return target, if it is safe: a path to one of the dashboard's own pages on this origin,
// with its query string ("/dashboard/report.html?id=…"). Anything else (another origin, "//host", "/\host",
// "javascript:", a path outside the dashboard, an unknown page, a fragment) answers null.
export function returnTarget(value) {
  if (typeof value !== "string" || value.length > 2000) return null;
  if (/[\\\s\u0000-\u001f\u007f#]/.test(value)) return null;
  const directory = window.location.pathname.replace(/[^/]*$/, "");
  const match = /^([^?]*)(\?.*)?$/.exec(value);
  if (!match || !directory.startsWith("/") || !match[1].startsWith(directory)) return null;
  if (!RETURN_PAGES.includes(match[1].slice(directory.length))) return null;
  const url = new URL(value, window.location.origin);
  if (url.origin !== window.location.origin || url.pathname !== match[1]) return null;
  return url.pathname + url.search;
}

export function idToken() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function storeSession(token) {
  sessionStorage.setItem(TOKEN_KEY, token);
  sessionStorage.removeItem(SIGNED_OUT_KEY);
}

function tokenClaims(token) {
  try {
    const payload = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    const bytes = Uint8Array.from(atob(payload), (character) => character.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    return null;
  }
}

// `comeBack`: after signing in again, the person lands on this page (a link in an SMS or e-mail, an expired
// session), not on the start page. Only for a signed-out visit or an expiry, never after "Logga ut".
export function signOut(reason, comeBack = false) {
  sessionStorage.removeItem(TOKEN_KEY);
  if (reason) sessionStorage.setItem(SIGNED_OUT_KEY, reason);
  // On the sign-in page itself, the page it would have returned to.
  const here = window.location.pathname + window.location.search;
  const stayed = new URLSearchParams(window.location.search).get(RETURN_PARAMETER);
  const back = comeBack ? returnTarget(here) || returnTarget(stayed) : null;
  window.location.assign(back ? `index.html?${new URLSearchParams({ [RETURN_PARAMETER]: back })}` : "index.html");
}

export function takeSignedOutReason() {
  const reason = sessionStorage.getItem(SIGNED_OUT_KEY);
  sessionStorage.removeItem(SIGNED_OUT_KEY);
  return reason;
}

export function sessionIsValid() {
  const token = idToken();
  const claims = token && tokenClaims(token);
  return Boolean(claims && typeof claims.exp === "number" && claims.exp * 1000 > Date.now() + 5000);
}

/* ---------- The staff API ---------- */

export class ApiError extends Error {
  constructor(status, message, errors) {
    super(message);
    this.status = status;
    this.errors = errors || [];
  }
}

const EXPIRED = "Du har loggats ut eftersom inloggningen har gått ut. Logga in igen.";

export async function api(path, options = {}) {
  const token = idToken();
  if (!token || !sessionIsValid()) {
    signOut(token ? EXPIRED : "", true);
    throw new ApiError(401, "Logga in för att fortsätta.");
  }
  let response;
  try {
    response = await fetch(path, {
      method: options.method || "GET",
      headers: {
        Accept: "application/json",
        Authorization: "Bearer " + token,
        ...(options.body !== undefined ? { "Content-Type": "application/json" } : {}),
      },
      body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
      cache: "no-store",
      credentials: "omit",
    });
  } catch (error) {
    throw new ApiError(0, "Vi fick ingen kontakt med servern. Kontrollera anslutningen och försök igen.");
  }
  const data = await response.json().catch(() => null);
  if (response.status === 401) {
    signOut(EXPIRED, true);
    throw new ApiError(401, "Logga in för att fortsätta.");
  }
  if (!response.ok) {
    const message =
      data && typeof data.message === "string" && data.message && data.message !== "Unauthorized"
        ? data.message
        : "Något gick fel. Försök igen om en stund.";
    throw new ApiError(response.status, message, data && Array.isArray(data.errors) ? data.errors : []);
  }
  return data;
}

/* ---------- Signed-in pages: permissions, the header's navigation, messages ---------- */

export function can(me, permission) {
  return Boolean(me && Array.isArray(me.permissions) && me.permissions.includes(permission));
}

export function canSearchPeople(me) {
  return can(me, "search_by_person") && me.personSearch === true;
}

// The page a role starts on: the queue for casework, the audit export for granskare, else a kind message.
export function landingPage(me) {
  if (can(me, "view_queue")) return "queue.html";
  if (can(me, "export_audit")) return "audit.html";
  return "welcome.html";
}

const NAVIGATION = [
  { href: "queue.html", text: "Inkorg", allowed: (me) => can(me, "view_queue") },
  { href: "register.html", text: "Registrera anmälan", allowed: (me) => can(me, "register_report") },
  { href: "search.html", text: "Sök på personnummer", allowed: canSearchPeople },
  { href: "audit.html", text: "Loggutdrag", allowed: (me) => can(me, "export_audit") },
  { href: "gallring.html", text: "Gallring", allowed: (me) => can(me, "manage_gallring") },
];

function renderHeader(me, config) {
  drawSignedInHeader({
    municipality: me.municipality || (config && config.municipality),
    staffId: me.staffId,
    roles: (me.roles || []).map((role) => label(ROLES, role)).join(", "),
    links: NAVIGATION.filter((item) => item.allowed(me)),
    onSignOut: () => signOut("Du är utloggad."),
  });
}

// Starts a signed-in page: checks the session, reads /me, draws the header. Resolves to {me, config}.
export async function startPage(requiredCheck) {
  if (!sessionIsValid()) {
    signOut(idToken() ? EXPIRED : "", true);
    return new Promise(() => {});
  }
  const [me, config] = await Promise.all([api("/api/staff/me"), loadConfig().catch(() => null)]);
  renderHeader(me, config);
  if (config && config.municipality) document.title = `${document.title} – ${config.municipality}`;
  if (requiredCheck && !requiredCheck(me)) {
    const main = $("#content");
    clear(main);
    append(main, [
      el("h1", { tabindex: "-1" }, "Den här sidan ingår inte i din roll"),
      el("p", {}, "Din roll ger inte behörighet till den här sidan. Använd menyn för det du kan arbeta med."),
      el("p", {}, el("a", { href: landingPage(me) }, "Till din startsida")),
    ]);
    return new Promise(() => {});
  }
  return { me, config };
}

// A message box: kind "success" (role=status) or "error" (role=alert). Focused so that it is read at once.
export function showMessage(container, kind, text, details) {
  clear(container);
  container.hidden = false;
  container.className = `message message-${kind}`;
  container.setAttribute("role", kind === "error" ? "alert" : "status");
  container.setAttribute("tabindex", "-1");
  append(container, [el("p", {}, text)]);
  if (details && details.length) {
    append(container, [el("ul", {}, details.map((detail) => el("li", {}, detail)))]);
  }
  container.focus();
}

export function hideMessage(container) {
  clear(container);
  container.hidden = true;
}

export function errorDetails(error) {
  return (error.errors || [])
    .filter((problem) => problem && typeof problem.message === "string")
    .map((problem) => problem.message);
}

export function pageFailed(error) {
  if (error && error.status === 401) return;
  const main = $("#content");
  clear(main);
  append(main, [
    el("h1", {}, "Sidan kunde inte visas"),
    el("p", { role: "alert" }, (error && error.message) || "Något gick fel. Ladda om sidan om en stund."),
  ]);
}
