// For roles without casework (admin): a kind word on what the role is for, and where to go instead.

import { $, ROLES, append, can, clear, el, label, landingPage, pageFailed, startPage } from "./common.js";

async function start() {
  const { me } = await startPage();
  const landing = landingPage(me);
  if (landing !== "welcome.html") {
    window.location.replace(landing);
    return;
  }
  const roles = (me.roles || []).map((role) => label(ROLES, role)).join(", ") || "ingen roll";
  const root = clear($("#welcome"));
  append(root, [
    el("p", {}, `Du är inloggad med rollen ${roles}.`),
    el(
      "p",
      { class: "notice", id: "no-report-access" },
      "Din roll ger inte tillgång till anmälningar. Det är med avsikt: bara de som arbetar med anmälningarna " +
        "får läsa dem. Behöver du arbeta med anmälningar? Be din chef om rätt roll."
    ),
    can(me, "manage_gallring")
      ? el(
          "p",
          { id: "gallring-link" },
          "Under ",
          el("a", { href: "gallring.html" }, "Gallring"),
          " ser du vad som gallras enligt arkivbeslutet, kan stoppa gallringen av en anmälan och läsa gallringsloggen."
        )
      : null,
  ]);
  document.body.setAttribute("data-ready", "true");
}

start().catch(pageFailed);
