// The accessibility statement's municipality name and phone numbers, from the same config.json as the form.
import { fillConfigFields } from "./config-fields.js";

fetch("config.json", { cache: "no-store", credentials: "same-origin", headers: { Accept: "application/json" } })
  .then((response) => (response.ok ? response.json() : null))
  .then((config) => fillConfigFields(config))
  .catch(() => fillConfigFields(null));
