// The form's words in the chosen language: locales/<language>.json, fetched from /locales/ (the page's <head>
// preloads Swedish, the default, and the list of languages, locales/languages.json, so neither waits on the
// modules). The page's own HTML is Swedish, so the first paint waits for nothing; its elements name their text by
// key (data-i18n; data-i18n-attr, "attribute:key;…"), with {placeholders} filled by child elements (data-slot) or
// values (data-i18n-values, "name=value;…"). The language is in the address (?lang=en), so that it survives a
// reload and Back; nothing is stored in the browser.

const LOCALES = "/locales/";

let registry = { default: "sv", languages: { sv: { name: "Svenska", dir: "ltr" } } };
let language = "sv";
let texts = {};

function fetchJson(url) {
  return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then((response) => {
    if (!response.ok) throw new Error(url + " " + response.status);
    return response.json();
  });
}

function flatten(tree, prefix, into) {
  Object.entries(tree).forEach(([key, value]) => {
    if (value !== null && typeof value === "object") flatten(value, prefix + key + ".", into);
    else into[prefix + key] = String(value);
  });
  return into;
}

export function currentLanguage() {
  return language;
}

// The language's locale for dates and numbers (locales/languages.json), e.g. "sv-SE".
export function locale() {
  return registry.languages[language].locale || language;
}

// The text of `key`, its {placeholders} filled from `values`.
export function t(key, values) {
  const template = Object.prototype.hasOwnProperty.call(texts, key) ? texts[key] : key;
  return template.replace(/\{(\w+)\}/g, (whole, name) =>
    values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole
  );
}

// `element`'s content: the text of `key`, each {placeholder} that names a node in `nodes` replaced by that node
// (a link, a number in bold), the others by `values`.
export function fill(element, key, nodes, values) {
  // Split on placeholders: the odd parts are their names.
  const parts = t(key, values).split(/\{(\w+)\}/);
  element.replaceChildren(
    ...parts.map((part, index) => {
      if (index % 2 === 0) return document.createTextNode(part);
      return nodes && nodes[part] ? nodes[part] : document.createTextNode("{" + part + "}");
    })
  );
}

function valuesOf(element) {
  const values = {};
  (element.getAttribute("data-i18n-values") || "").split(";").forEach((pair) => {
    const [name, value] = pair.split("=");
    if (name) values[name] = value;
  });
  return values;
}

// One element's text by its key (data-i18n) and values (data-i18n-values), its slots kept.
export function translateElement(element) {
  const slots = {};
  Array.from(element.children).forEach((child) => {
    if (child.hasAttribute("data-slot")) slots[child.getAttribute("data-slot")] = child;
  });
  fill(element, element.getAttribute("data-i18n"), slots, valuesOf(element));
}

// Every element under `root` with a key gets its text in the language; a slot keeps its node (and what the
// page put in it: a phone number, a reference number).
export function translate(root) {
  root.querySelectorAll("[data-i18n]").forEach(translateElement);
  root.querySelectorAll("[data-i18n-attr]").forEach((element) => {
    element.getAttribute("data-i18n-attr").split(";").forEach((pair) => {
      const [attribute, key] = pair.split(":");
      if (attribute && key) element.setAttribute(attribute, t(key));
    });
  });
}

function known(code) {
  return Object.prototype.hasOwnProperty.call(registry.languages, code);
}

// The language the address asks for; an unknown or missing one is Swedish.
function requested() {
  const code = new URLSearchParams(window.location.search).get("lang");
  return code && known(code) ? code : registry.default;
}

// The address with ?lang= for the language (none for Swedish), the rest of it as it is.
export function addressFor(code) {
  const url = new URL(window.location.href);
  if (code === registry.default) url.searchParams.delete("lang");
  else url.searchParams.set("lang", code);
  return url.pathname + url.search + url.hash;
}

function markPage() {
  document.documentElement.lang = language;
  document.documentElement.dir = registry.languages[language].dir === "rtl" ? "rtl" : "ltr";
}

function drawSwitch(onChoose) {
  const nav = document.getElementById("languages");
  if (!nav) return;
  const list = nav.querySelector("ul");
  list.replaceChildren(
    ...Object.entries(registry.languages).map(([code, entry]) => {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = addressFor(code);
      link.lang = code;
      link.hreflang = code;
      link.dir = entry.dir === "rtl" ? "rtl" : "ltr";
      link.textContent = entry.name;
      if (code === language) link.setAttribute("aria-current", "true");
      link.addEventListener("click", (event) => {
        event.preventDefault();
        onChoose(code);
      });
      item.appendChild(link);
      return item;
    })
  );
  nav.hidden = false;
}

async function loadTexts(code) {
  return flatten(await fetchJson(LOCALES + code + ".json"), "", {});
}

// At start: the list of languages and the language the address asks for (Swedish if it cannot be had).
export async function startLanguage() {
  try {
    registry = await fetchJson(LOCALES + "languages.json");
  } catch (error) {
    // Without the list the page stays in Swedish, as its HTML is.
  }
  const code = requested();
  try {
    texts = await loadTexts(code);
    language = code;
  } catch (error) {
    texts = await loadTexts(registry.default).catch(() => ({}));
    language = registry.default;
  }
  markPage();
  if (language !== registry.default) translatePage();
}

function translatePage() {
  translate(document);
  document.querySelectorAll("template").forEach((template) => translate(template.content));
}

// Another language, chosen on the page: the words change, nothing written is lost, and the address says it.
export async function switchLanguage(code, onChanged) {
  if (!known(code) || code === language) return;
  let loaded;
  try {
    loaded = await loadTexts(code);
  } catch (error) {
    return; // not reachable now: the page stays in the language it is in, and can be asked again
  }
  texts = loaded;
  language = code;
  markPage();
  translatePage();
  window.history.replaceState(window.history.state, "", addressFor(code));
  showSwitch(onChanged);
  if (onChanged) onChanged();
}

export function showSwitch(onChanged) {
  drawSwitch((code) => switchLanguage(code, onChanged));
}

// Back to an entry made before the language changed: the address keeps the language shown.
export function keepLanguageInAddress() {
  if (requested() !== language) window.history.replaceState(window.history.state, "", addressFor(language));
}
