// The municipality's settings (config.json, written beside the form when it is deployed): its name, phone
// numbers and hours into the page's [data-config…] places, and whether anonymous reports are allowed. Without
// them the form still works, and says so.

import { $, $$, phoneHref } from "./dom.js";
import { updateReporter } from "./questions.js";
import { updateTitle } from "./steps.js";
import { state } from "./state.js";

function getPath(object, path) {
  return path.split(".").reduce((value, key) => (value !== null && typeof value === "object" ? value[key] : undefined), object);
}

function configText(config, element, attribute) {
  const value = config ? getPath(config, element.getAttribute(attribute)) : undefined;
  return typeof value === "string" && value ? value : "";
}

function applyConfig(config) {
  state.config = config;
  state.anonymousAllowed = !!config && config.anonymousWebReportsAllowed === true;
  // A value from the settings is the municipality's own, not the form's words: no language changes it.
  $$("[data-config]").forEach((element) => {
    const value = configText(config, element, "data-config");
    if (value) {
      element.removeAttribute("data-i18n");
      element.textContent = value;
      // Written in the municipality file in Swedish: read as Swedish, set apart from an Arabic sentence.
      element.lang = "sv";
    }
  });
  $$("[data-config-phone]").forEach((link) => {
    const value = configText(config, link, "data-config-phone");
    if (value) {
      link.removeAttribute("data-i18n");
      link.textContent = value;
      link.setAttribute("href", phoneHref(value));
    }
  });
  $$("[data-config-block]").forEach((element) => {
    element.hidden = !configText(config, element, "data-config-block");
  });
  // Internal-first launch (issue 12, item 7): the notice while the e-service is open only inside the
  // municipality's networks.
  $("#internal-only").hidden = !(config && config.eService && config.eService.mode === "internal");
  updateReporter();
  updateTitle();
}

export function loadConfig() {
  return fetch("config.json", { cache: "no-store", credentials: "same-origin", headers: { Accept: "application/json" } })
    .then((response) => {
      if (!response.ok) throw new Error("config " + response.status);
      return response.json();
    })
    .then((config) => {
      if (!config || typeof config !== "object") throw new Error("config");
      applyConfig(config);
    })
    .catch(() => {
      applyConfig(null);
      $("#config-problem").hidden = false;
    });
}
