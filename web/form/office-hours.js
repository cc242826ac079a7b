// Whether the intake unit reads reports right now, and when it next opens (GET /api/office-hours, computed
// from the same calendar as the routing of reports), in the reader's language and the municipality's time.
// Without an answer the line stays hidden: the rest of the urgent box still says what to do.

import { $ } from "./dom.js";
import { locale, t } from "./i18n.js";

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

export function showOfficeHours() {
  const line = $("#office-status");
  if (!status) {
    line.hidden = true;
    return;
  }
  const now = new Date();
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
