// The page every dashboard page is: building elements safely, and the frame drawn from here, once, for all of
// them — the skip link, the site header (the banner landmark, with the main navigation once signed in) and the
// live region. A page's HTML holds only what must be there before any script runs (charset, viewport, robots,
// its title, the stylesheet and its module), an empty <header id="site-header" class="site-header"> and its
// <main id="content">. common.js re-exports what is built here, so the pages import from one module.
// Data from reports is only ever put into the page as text (createTextNode/textContent), never as markup.

const SITE_UNIT = "Socialtjänsten, orosanmälningar";

/* ---------- Rendering ---------- */

// el("p", {class: "hint"}, "text", child): attributes are set one by one; event handler attributes are refused.
export function el(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (/^on/i.test(name)) throw new Error("event handler attributes are not allowed: " + name);
    if (name === "text") element.textContent = String(value);
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  append(element, children);
  return element;
}

export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

export function $(selector, root) {
  return (root || document).querySelector(selector);
}

export function clear(element) {
  element.replaceChildren();
  return element;
}

/* ---------- The frame ---------- */

// "Provkommun · Socialtjänsten, orosanmälningar"; until the municipality is known, "Kommunen" (the sign-in
// page fills in [data-config="municipality"] from config.json).
function siteName(municipality) {
  return el(
    "p",
    { class: "site-name" },
    el("span", { "data-config": "municipality" }, municipality || "Kommunen"),
    el("span", { class: "site-unit" }, ` · ${SITE_UNIT}`)
  );
}

// The header before anyone is known: the site's name only.
function drawFrame() {
  // The Referrer-Policy header (CloudFront, and the local adapter) says the same from the first byte; this
  // holds for what the page does once its scripts run, however it was served.
  if (!$('meta[name="referrer"]')) document.head.append(el("meta", { name: "referrer", content: "no-referrer" }));
  document.body.prepend(el("a", { class: "skip-link", href: "#content" }, "Hoppa till innehållet"));
  const header = $("#site-header");
  append(clear(header), [el("div", { class: "wrap header-row" }, siteName(null))]);
  header.after(el("div", { id: "live", class: "visually-hidden", role: "status", "aria-live": "polite" }));
}

// The header of a signed-in page: who is signed in, "Logga ut", and the main navigation (links: [{href, text}],
// the page shown marked aria-current="page").
export function drawSignedInHeader({ municipality, staffId, roles, links, onSignOut }) {
  const current = window.location.pathname.split("/").pop();
  const signOutButton = el("button", { type: "button", class: "button secondary sign-out" }, "Logga ut");
  signOutButton.addEventListener("click", onSignOut);
  const items = links.map((link) =>
    el("li", {}, el("a", { href: link.href, "aria-current": link.href === current ? "page" : null }, link.text))
  );
  append(clear($("#site-header")), [
    el(
      "div",
      { class: "wrap header-row" },
      siteName(municipality),
      el("p", { class: "signed-in" }, "Inloggad som ", el("strong", {}, staffId), roles ? ` (${roles})` : "", " ", signOutButton)
    ),
    items.length ? el("nav", { class: "wrap site-nav", "aria-label": "Huvudmeny" }, el("ul", {}, items)) : null,
  ]);
}

// Said by screen readers without moving focus.
export function announce(text) {
  const live = $("#live");
  if (!live) return;
  live.textContent = "";
  window.setTimeout(() => {
    live.textContent = text;
  }, 50);
}

drawFrame();
