// Whether the intake unit reads reports right now, and when it next opens (GET /api/office-hours, computed
// from the same calendar as the routing of reports), in the reader's language and the municipality's time; and
// whom to call when someone needs protection: the intake unit while it is open (or opens again later today),
// socialjouren when it is closed. Without an answer the status line stays hidden and the socialjour line says
// what it always said: the rest of the urgent box still says what to do.

import { $ } from "./dom.js";
import { locale, t, translateElement } from "./i18n.js";

// Closed from this hour until the next morning: "tonight"; closed earlier in the day (a weekend, a holiday):
// "today". Before MORNING_FROM a closed office that opens later the same day still sends the reader to
// socialjouren.
const EVENING_FROM = 15;
const MORNING_FROM = 6;

let status = null;

function localDay(instant, timeZone) {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(instant);
}

function dayWords(instant, timeZone, now) {
  const day = localDay(instant, timeZone);
  if (day === localDay(now, timeZone)) return t("form.urgent.today");
  if (day === localDay(new Date(now.getTime() + 24 * 3600 * 1000), timeZone)) return t("form.urgent.tomorrow");
  const withinAWeek = instant.getTime() - now.getTime() < 6 * 24 * 3600 * 1000;
  const options = withinAWeek ? { weekday: "long", timeZone } : { day: "numeric", month: "long", timeZone };
  return new Intl.DateTimeFormat(locale(), options).format(instant);
}

function clock(instant, timeZone) {
  return new Intl.DateTimeFormat(locale(), { hour: "2-digit", minute: "2-digit", timeZone }).format(instant);
}

function hourIn(instant, timeZone) {
  return Number(new Intl.DateTimeFormat("en-GB", { hour: "2-digit", hourCycle: "h23", timeZone }).format(instant));
}

function say(element, key, values) {
  element.setAttribute("data-i18n", key);
  element.setAttribute(
    "data-i18n-values",
    Object.entries(values || {})
      .map(([name, value]) => name + "=" + value)
      .join(";")
  );
  translateElement(element);
}

// The line that says whom to call when someone needs protection, by whether the intake unit is open.
function showWhomToCall(now) {
  const intake = $("#urgent-intake");
  const socialjour = $("#urgent-socialjour");
  let intakeKey = null;
  let socialjourKey = "form.urgent.socialjour";
  let values = {};
  if (status) {
    const zone = status.timezone;
    const hour = hourIn(now, zone);
    const opens = status.nextOpensAt ? new Date(status.nextOpensAt) : null;
    if (status.openNow) {
      intakeKey = "form.urgent.protectionOpen";
    } else if (opens && localDay(opens, zone) === localDay(now, zone) && hour >= MORNING_FROM) {
      intakeKey = "form.urgent.protectionLater"; // lunch, or the morning before it opens
      values = { time: clock(opens, zone) };
    } else if (hour >= EVENING_FROM || hour < MORNING_FROM) {
      socialjourKey = "form.urgent.socialjourTonight";
    } else {
      socialjourKey = "form.urgent.socialjourToday";
    }
  }
  if (intakeKey) say(intake, intakeKey, values);
  else say(socialjour, socialjourKey);
  intake.hidden = !intakeKey;
  socialjour.hidden = !!intakeKey;
}

export function showOfficeHours() {
  const line = $("#office-status");
  const now = new Date();
  showWhomToCall(now);
  if (!status) {
    line.hidden = true;
    return;
  }
  const zone = status.timezone;
  if (status.openNow && status.closesAt) {
    line.textContent = t("form.urgent.openNow", { time: clock(new Date(status.closesAt), zone) });
  } else if (status.nextOpensAt) {
    const opens = new Date(status.nextOpensAt);
    line.textContent = t("form.urgent.closedNow", { day: dayWords(opens, zone, now), time: clock(opens, zone) });
  } else {
    line.hidden = true;
    return;
  }
  line.classList.toggle("office-closed", !status.openNow);
  line.hidden = false;
}

export function loadOfficeHours() {
  return fetch("/api/office-hours", { cache: "no-store", credentials: "same-origin", headers: { Accept: "application/json" } })
    .then((response) => (response.ok ? response.json() : null))
    .then((answer) => {
      status = answer && typeof answer.openNow === "boolean" ? answer : null;
      showOfficeHours();
    })
    .catch(() => {
      status = null;
      showOfficeHours();
    });
}
