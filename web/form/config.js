// The municipality's settings (config.json, written beside the form when it is deployed): its name, phone
// numbers and hours into the page's [data-config…] places, and whether anonymous reports are allowed. Without
// them the form still works, and says so.

import { showAttachmentField } from "./attachments.js";
import { fillConfigFields } from "./config-fields.js";
import { $ } from "./dom.js";
import { updateReporter } from "./questions.js";
import { updateTitle } from "./steps.js";
import { state } from "./state.js";

function applyConfig(config) {
  state.config = config;
  state.anonymousAllowed = !!config && config.anonymousWebReportsAllowed === true;
  fillConfigFields(config);
  // Internal-first launch (issue 12, item 7): the notice while the e-service is open only inside the
  // municipality's networks.
  $("#internal-only").hidden = !(config && config.eService && config.eService.mode === "internal");
  showAttachmentField();
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
