// What the form keeps while it is open, and the municipality's settings (config.json). Nothing of it is stored
// in the browser: no localStorage, sessionStorage or cookies (computers are shared).

export const STEP_COUNT = 5; // the steps a report is written in; 6 is the receipt
export const REVIEW_STEP = 5;
export const RECEIPT_STEP = 6;

export const state = {
  config: null,
  session: null, // the signed-in reporter (sign-in.js), or null
  anonymousAllowed: false,
  step: 1,
  submissionId: null, // the same for every attempt to send the same report
  sending: false,
  reachedReview: false,
  dirty: false,
  idCounter: 0,
  errorStep: 0,
  goingBack: false,
};

export function nextId(prefix) {
  state.idCounter += 1;
  return prefix + state.idCounter;
}

export function municipalityName() {
  const name = state.config && state.config.municipality;
  return typeof name === "string" && name ? name : "";
}

export function socialjour() {
  const value = state.config && state.config.socialjour;
  return value && typeof value.phone === "string" ? value : null;
}

export function emergencyNumber() {
  return (state.config && state.config.emergencyNumber) || "112";
}
