// Who is signed in (functions/reporter/): the session cookie is HttpOnly, so a page learns it only from
// GET /api/reporter/session. Shared by the form's first screen (sign-in.js) and Mina anmälningar.

import { make } from "./dom.js";
import { currentLanguage, t } from "./i18n.js";

// The municipality's sign-in settings from config.json: {identification, providers}, or null where reporters do
// not sign in (or the settings could not be had).
export function signInSettings(config) {
  const signIn = config && config.signIn;
  if (!signIn || signIn.identification === "off" || !Array.isArray(signIn.providers) || !signIn.providers.length) {
    return null;
  }
  return signIn;
}

// The session ({name, kind, provider, providerLabel, organisation?, title?, email?}), or null when nobody is
// signed in or it cannot be told now.
export function fetchSession() {
  return fetch("/api/reporter/session", {
    cache: "no-store",
    credentials: "same-origin",
    headers: { Accept: "application/json" },
  })
    .then((response) => (response.ok ? response.json() : null))
    .then((session) => (session && typeof session.name === "string" ? session : null))
    .catch(() => null);
}

export function signOut() {
  return fetch("/api/reporter/sign-out", { method: "POST", credentials: "same-origin" }).catch(() => null);
}

// One link per provider, "Logga in med <label>", back to `returnPage` ("formular" or "mina") afterwards, in the
// language the page is in when the link is followed.
export function signInLinks(providers, returnPage) {
  const list = make("ul", "sign-in-providers");
  providers.forEach((provider) => {
    const item = make("li");
    const link = make("a", "button primary sign-in-link", t("form.signIn.with", { provider: provider.label }));
    const address = () =>
      "/api/reporter/sign-in?provider=" +
      encodeURIComponent(provider.id) +
      "&return=" +
      encodeURIComponent(returnPage) +
      "&lang=" +
      encodeURIComponent(currentLanguage());
    link.href = address();
    link.addEventListener("click", () => {
      link.href = address();
    });
    link.setAttribute("data-provider", provider.id);
    item.appendChild(link);
    list.appendChild(item);
  });
  return list;
}

// "Inloggad som <name> med <provider>" and the sign-out button, which reloads the page once signed out.
export function signedInLine(session) {
  const line = make("p", "signed-in-as", t("form.signIn.signedInAs", { name: session.name, provider: session.providerLabel }));
  const button = make("button", "button secondary", t("form.signIn.signOut"));
  button.type = "button";
  button.id = "sign-out";
  button.addEventListener("click", () => {
    button.disabled = true;
    signOut().then(() => window.location.reload());
  });
  return [line, button];
}
