// Signing in on the form's first screen (config.json's signIn; functions/reporter/). Where the municipality
// offers it ("optional") the reporter may sign in, to follow the report in Mina anmälningar; where it requires
// it ("required") the questions wait for a session, and anonymous reports go by phone or letter. Signed in, the
// reporter step is filled in from the session and anonymity is not offered (the API refuses it); someone
// signed in with the municipality's staff provider reports as a professional only.

import { $, make, phoneHref } from "./dom.js";
import { fill, t, translateElement } from "./i18n.js";
import { updateReporter } from "./questions.js";
import { fetchSession, signInLinks, signInSettings, signedInLine } from "./reporter-session.js";
import { municipalityName, state } from "./state.js";

const MINA_PAGE = "/mina-anmalningar/";

function intakePhone() {
  const phone = state.config && state.config.intakeTeam && state.config.intakeTeam.phone;
  return typeof phone === "string" && phone ? phone : "";
}

// On a phone the first question stays on the first screen: where signing in is optional, its box folds under
// a summary there (as the urgent box folds the office hours); on a wider screen it is open, its summary hidden.
const phoneWidth = window.matchMedia("(max-width: 40rem)");

function optionalBox(settings) {
  const more = make("details", "sign-in-more");
  more.id = "sign-in-more";
  more.open = !phoneWidth.matches;
  more.append(
    make("summary", null, t("form.signIn.heading")),
    make("h2", "sign-in-heading", t("form.signIn.heading")),
    make("p", null, t("form.signIn.why")),
    make("p", null, t("form.signIn.withoutSigningIn")),
    signInLinks(settings.providers, "formular")
  );
  return [more];
}

function signedOutBox(settings) {
  if (settings.identification !== "required") return optionalBox(settings);
  const parts = [
    make("h2", null, t("form.signIn.requiredHeading")),
    make("p", null, t("form.signIn.requiredText", { municipality: municipalityName() || t("form.site.municipalityInText") })),
    signInLinks(settings.providers, "formular"),
  ];
  const anonymous = make("p", "sign-in-anonymous");
  const phone = intakePhone();
  if (phone) {
    const link = make("a", "phone", phone);
    link.href = phoneHref(phone);
    fill(anonymous, "form.signIn.anonymousByPhone", { phone: link });
  } else {
    anonymous.textContent = t("form.signIn.anonymousOtherwise");
  }
  parts.push(anonymous);
  return parts;
}

function signedInBox(session) {
  const mina = make("a", "mina-link", t("form.signIn.mina"));
  mina.href = MINA_PAGE;
  const [line, button] = signedInLine(session);
  const actions = make("p", "signed-in-actions");
  actions.append(mina, " ", button);
  return [line, actions];
}

// The reporter step from the session: who they are is what the provider vouched for. Someone signed in with the
// municipality's staff provider reports in their role: the private choice is not offered.
function prefill(session) {
  const set = (selector, value) => {
    const input = $(selector);
    if (input && value && !input.value) input.value = value;
  };
  const privateChoice = $("#reporter-type-private");
  if (session.kind === "staff") {
    privateChoice.checked = false;
    privateChoice.closest(".choice").hidden = true;
    $("#reporter-type-professional").checked = true;
    set("#professional-role", session.title);
    set("#professional-organisation", session.organisation);
    set("#professional-email", session.email);
  } else {
    set("#private-name", session.name);
  }
  set("#professional-name", session.name);
  updateReporter();
}

// The footer says the e-service uses no cookies; where reporters sign in it says the one it uses then.
function sayTheSignInCookie() {
  const controller = $('footer [data-i18n="form.footer.controller"]');
  if (!controller) return;
  controller.setAttribute("data-i18n", "form.footer.controllerSignIn");
  translateElement(controller);
}

function render() {
  const box = $("#sign-in");
  const settings = signInSettings(state.config);
  if (!settings) {
    box.hidden = true;
    return;
  }
  sayTheSignInCookie();
  box.replaceChildren(...(state.session ? signedInBox(state.session) : signedOutBox(settings)));
  box.hidden = false;
  // Required: without a session the questions are not shown, only the ways to report.
  const waiting = settings.identification === "required" && !state.session;
  $("#report-form").hidden = waiting;
  $("#step-list").closest("nav").hidden = waiting;
}

// After config.json, and again for a new report after the receipt (the session may have ended meanwhile): ask
// who is signed in (only where reporters sign in), fill in the reporter step, show the box.
export async function startSignIn() {
  if (!signInSettings(state.config)) {
    render();
    return;
  }
  state.session = await fetchSession();
  // The API refuses an anonymous report from someone signed in.
  state.anonymousAllowed = !state.session && !!state.config && state.config.anonymousWebReportsAllowed === true;
  $("#reporter-type-private").closest(".choice").hidden = false;
  if (state.session) prefill(state.session);
  else updateReporter();
  render();
}

phoneWidth.addEventListener("change", () => {
  const more = document.getElementById("sign-in-more");
  if (more) more.open = !phoneWidth.matches;
});

// Another language: the box in the new words.
export function showSignIn() {
  render();
}
