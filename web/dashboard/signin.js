// Sign-in through Cognito's API (USER_PASSWORD_AUTH), with the challenges a staff account can meet:
// a new password on first sign-in, TOTP set-up, and the TOTP code. Only the ID token is kept (sessionStorage).

import {
  $,
  RETURN_PARAMETER,
  api,
  hideMessage,
  landingPage,
  loadConfig,
  returnTarget,
  sessionIsValid,
  showMessage,
  storeSession,
  takeSignedOutReason,
} from "./common.js";

const COGNITO_ERRORS = {
  NotAuthorizedException: "Fel användarnamn eller lösenord.",
  UserNotFoundException: "Fel användarnamn eller lösenord.",
  PasswordResetRequiredException: "Ditt lösenord måste återställas. Kontakta administratören.",
  UserNotConfirmedException: "Kontot är inte aktiverat ännu. Kontakta administratören.",
  CodeMismatchException: "Koden stämmer inte. Kontrollera koden i appen och försök igen.",
  EnableSoftwareTokenMFAException: "Koden stämmer inte. Kontrollera koden i appen och försök igen.",
  ExpiredCodeException: "Koden har gått ut. Vänta på nästa kod och försök igen.",
  InvalidPasswordException:
    "Lösenordet uppfyller inte kraven: minst 14 tecken med stora och små bokstäver, siffror och specialtecken.",
  TooManyRequestsException: "För många försök. Vänta en stund och försök igen.",
  LimitExceededException: "För många försök. Vänta en stund och försök igen.",
  TooManyFailedAttemptsException: "För många misslyckade försök. Vänta en stund och försök igen.",
};
const SESSION_ENDED = "Inloggningen tog för lång tid. Börja om med användarnamn och lösenord.";

const state = { username: "", session: "", config: null, busy: false };
// A page of the dashboard that sent the person here (a link in an SMS or e-mail opened signed out); only the
// dashboard's own pages are accepted, anything else lands on the role's start page.
const comeBackTo = returnTarget(new URLSearchParams(window.location.search).get(RETURN_PARAMETER));
const message = $("#sign-in-message");
const steps = ["#password-step", "#new-password-step", "#mfa-setup-step", "#mfa-step"];

class SignInError extends Error {}

async function cognito(action, body) {
  let response;
  try {
    response = await fetch(state.config.cognito.endpoint, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-amz-json-1.1",
        "X-Amz-Target": `AWSCognitoIdentityProviderService.${action}`,
      },
      body: JSON.stringify(body),
      cache: "no-store",
      credentials: "omit",
      referrerPolicy: "no-referrer",
    });
  } catch (error) {
    throw new SignInError("Vi fick ingen kontakt med inloggningstjänsten. Kontrollera anslutningen och försök igen.");
  }
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    const type = String(data.__type || response.headers.get("x-amzn-ErrorType") || "").split(/[#:]/).filter(Boolean);
    const name = type.length ? type[type.length - 1] : "";
    if (name === "NotAuthorizedException" && /session/i.test(String(data.message || ""))) {
      throw new SignInError(SESSION_ENDED);
    }
    throw new SignInError(COGNITO_ERRORS[name] || "Inloggningen misslyckades. Försök igen om en stund.");
  }
  return data;
}

function showStep(selector) {
  steps.forEach((step) => {
    $(step).hidden = step !== selector;
  });
  const heading = $(`${selector} h2`);
  if (heading) heading.focus();
}

function startOver(text) {
  state.session = "";
  $("#password").value = "";
  showStep("#password-step");
  if (text) showMessage(message, "error", text);
  $("#username").focus();
}

async function signedIn(result) {
  storeSession(result.IdToken);
  const me = await api("/api/staff/me");
  window.location.assign(comeBackTo || landingPage(me));
}

// Cognito answers either tokens or the next challenge.
async function next(answer) {
  if (answer.AuthenticationResult) return signedIn(answer.AuthenticationResult);
  state.session = answer.Session || "";
  hideMessage(message);
  switch (answer.ChallengeName) {
    case "NEW_PASSWORD_REQUIRED":
      showStep("#new-password-step");
      return undefined;
    case "SOFTWARE_TOKEN_MFA":
      $("#mfa-code").value = "";
      showStep("#mfa-step");
      return undefined;
    case "MFA_SETUP":
      return setUpMfa();
    default:
      throw new SignInError("Inloggningen kräver ett steg som Oro inte stöder. Kontakta administratören.");
  }
}

async function setUpMfa() {
  const association = await cognito("AssociateSoftwareToken", { Session: state.session });
  state.session = association.Session || state.session;
  $("#mfa-secret").textContent = association.SecretCode.replace(/(.{4})/g, "$1 ").trim();
  $("#mfa-account").textContent = `Oro – ${state.username}`;
  $("#mfa-setup-code").value = "";
  showStep("#mfa-setup-step");
}

function respond(challenge, responses) {
  return cognito("RespondToAuthChallenge", {
    ChallengeName: challenge,
    ClientId: state.config.cognito.clientId,
    Session: state.session,
    ChallengeResponses: { USERNAME: state.username, ...responses },
  });
}

function code(input) {
  const value = input.value.replace(/\s/g, "");
  if (!/^\d{6}$/.test(value)) throw new SignInError("Skriv de sex siffrorna från autentiseringsappen.");
  return value;
}

const handlers = {
  "#password-step": async () => {
    const username = $("#username").value.trim();
    const password = $("#password").value;
    if (!username || !password) throw new SignInError("Skriv ditt användarnamn och ditt lösenord.");
    state.username = username;
    const answer = await cognito("InitiateAuth", {
      AuthFlow: "USER_PASSWORD_AUTH",
      ClientId: state.config.cognito.clientId,
      AuthParameters: { USERNAME: username, PASSWORD: password },
    });
    $("#password").value = "";
    return next(answer);
  },
  "#new-password-step": async () => {
    const password = $("#new-password").value;
    if (password !== $("#new-password-again").value) throw new SignInError("Lösenorden är inte likadana.");
    const answer = await respond("NEW_PASSWORD_REQUIRED", { NEW_PASSWORD: password });
    $("#new-password").value = "";
    $("#new-password-again").value = "";
    return next(answer);
  },
  "#mfa-setup-step": async () => {
    const verified = await cognito("VerifySoftwareToken", {
      Session: state.session,
      UserCode: code($("#mfa-setup-code")),
      FriendlyDeviceName: "Oro",
    });
    if (verified.Status !== "SUCCESS") throw new SignInError(COGNITO_ERRORS.CodeMismatchException);
    state.session = verified.Session || state.session;
    return next(await respond("MFA_SETUP", {}));
  },
  "#mfa-step": async () =>
    next(await respond("SOFTWARE_TOKEN_MFA", { SOFTWARE_TOKEN_MFA_CODE: code($("#mfa-code")) })),
};

Object.entries(handlers).forEach(([selector, handle]) => {
  $(selector).addEventListener("submit", async (event) => {
    event.preventDefault();
    if (state.busy) return;
    state.busy = true;
    const button = $(`${selector} button[type=submit]`);
    button.setAttribute("aria-disabled", "true");
    try {
      await handle();
    } catch (error) {
      if (error instanceof SignInError && error.message === SESSION_ENDED) startOver(error.message);
      else showMessage(message, "error", error.message || "Inloggningen misslyckades. Försök igen.");
    } finally {
      state.busy = false;
      button.removeAttribute("aria-disabled");
    }
  });
});

async function start() {
  try {
    state.config = await loadConfig();
  } catch (error) {
    showMessage(message, "error", "Inloggningen kunde inte startas. Ladda om sidan om en stund.");
    return;
  }
  document.querySelectorAll('[data-config="municipality"]').forEach((element) => {
    element.textContent = state.config.municipality;
  });
  document.title = `Logga in – Orosanmälningar – ${state.config.municipality}`;
  if (sessionIsValid()) {
    try {
      const me = await api("/api/staff/me");
      window.location.replace(comeBackTo || landingPage(me));
      return;
    } catch (error) {
      // fall through to the sign-in form
    }
  }
  const reason = takeSignedOutReason();
  if (reason) showMessage(message, "success", reason);
  document.body.setAttribute("data-ready", "true");
}

start();
