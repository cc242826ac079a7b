// The municipality's settings (config.json) into a page's places for them: [data-config] takes the text,
// [data-config-phone] becomes a phone link, [data-config-block] is shown only when its setting is there.
// A value from the settings is the municipality's own, not the page's words: no language changes it.
import { $$, phoneHref } from "./dom.js";

function getPath(object, path) {
  return path.split(".").reduce((value, key) => (value !== null && typeof value === "object" ? value[key] : undefined), object);
}

function configText(config, element, attribute) {
  const value = config ? getPath(config, element.getAttribute(attribute)) : undefined;
  return typeof value === "string" && value ? value : "";
}

export function fillConfigFields(config) {
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
}
