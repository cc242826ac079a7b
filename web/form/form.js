/*
 * Orosanmälan – e-tjänstens formulär.
 *
 * Ren JavaScript utan ramverk. Regler som gäller hela filen:
 *  - Det som någon skriver visas bara med textContent, aldrig som HTML.
 *  - Inget sparas i localStorage, sessionStorage eller kakor (datorer delas).
 *  - Samma submissionId används för varje nytt försök att skicka samma anmälan.
 */
(function () {
  "use strict";

  var MAX_PERSONS = 10;
  var MAX_GUARDIANS = 4;
  var STEP_COUNT = 5;
  var STEP_TITLES = {
    1: "Om dig som anmäler",
    2: "Vem gäller anmälan",
    3: "Din oro",
    4: "Övrigt",
    5: "Kontrollera och skicka",
    6: "Kvittens",
  };
  var KIND_LABELS = {
    barn: "Ett barn eller en ungdom",
    vuxen: "En vuxen",
    aldre: "En äldre person",
    missbruk: "En person med missbruk eller beroende",
    mig_sjalv: "Mig själv",
  };
  var KNOWS_LABELS = { ja: "Ja", nej: "Nej", vet_inte: "Vet inte" };
  var CATEGORY_LABELS = {
    vald: "Våld",
    bevittnat_vald: "Har sett eller hört våld hemma",
    sexuella_overgrepp: "Sexuella övergrepp",
    hedersrelaterat: "Hedersrelaterat våld eller förtryck",
    omsorgsbrist: "Brister i omsorgen",
    missbruk_hos_vardnadshavare: "Missbruk hos förälder eller vårdnadshavare",
    eget_missbruk: "Eget missbruk",
    psykisk_ohalsa: "Psykisk ohälsa",
    eget_beteende: "Eget beteende",
    annat: "Annat",
  };
  // Same rules as the server (functions/domain/text.py).
  var PHONE_PATTERN = /^\+?[0-9][0-9 ()-]{4,24}$/;
  // The age field's HTML pattern (whole value): a child (barn) is under 18.
  var AGE_PATTERN = "[0-9]{1,3}";
  var CHILD_AGE_PATTERN = "1[0-7]|[0-9]";
  var ADULT_AGE = 18;
  var EMAIL_PATTERN = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
  // Server paths that name a whole object: point them at its first question.
  var PATH_ALIASES = {
    reporter: "reporter.type",
    concern: "concern.description",
    interpreter: "interpreter.needed",
  };
  var DEFAULT_NEXT_STEPS = [
    "Socialtjänsten läser anmälan och bedömer först om någon behöver skydd direkt.",
    "Inom 14 dagar beslutar socialtjänsten om en utredning ska inledas.",
  ];

  var state = {
    config: null,
    anonymousAllowed: false,
    step: 1,
    submissionId: null,
    sending: false,
    reachedReview: false,
    dirty: false,
    idCounter: 0,
    errorStep: 0,
    goingBack: false,
  };

  var form = document.getElementById("report-form");

  /* ---------- Små hjälpfunktioner ---------- */

  function $(selector, root) {
    return (root || document).querySelector(selector);
  }

  function $$(selector, root) {
    return Array.prototype.slice.call((root || document).querySelectorAll(selector));
  }

  function make(tag, className, text) {
    var element = document.createElement(tag);
    if (className) element.className = className;
    if (text !== undefined && text !== null) element.textContent = String(text);
    return element;
  }

  function getPath(object, path) {
    return path.split(".").reduce(function (value, key) {
      return value !== null && typeof value === "object" ? value[key] : undefined;
    }, object);
  }

  function trimmed(element) {
    return element ? element.value.trim() : "";
  }

  function checkedValue(name, root) {
    var checked = $$('input[type="radio"]', root || form).filter(function (input) {
      return input.name === name && input.checked;
    });
    return checked.length ? checked[0].value : "";
  }

  function setOptional(object, key, value) {
    if (value !== "" && value !== null && value !== undefined) object[key] = value;
  }

  function announce(message) {
    var live = document.getElementById("live");
    live.textContent = "";
    window.setTimeout(function () {
      live.textContent = message;
    }, 50);
  }

  function stepOf(element) {
    var section = element.closest(".step");
    return section ? Number(section.getAttribute("data-step")) : 0;
  }

  // Shown and in use: no hidden ancestor inside its step (the step itself may be hidden).
  function isActive(element) {
    if (element.hidden) return false;
    var node = element.parentElement;
    while (node && !node.classList.contains("step")) {
      if (node.hidden) return false;
      node = node.parentElement;
    }
    return true;
  }

  function newSubmissionId() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") return window.crypto.randomUUID();
    var bytes = window.crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map
      .call(bytes, function (byte) {
        return (byte + 0x100).toString(16).slice(1);
      })
      .join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  function phoneHref(number) {
    return "tel:" + String(number).replace(/[^0-9+]/g, "");
  }

  /* ---------- Kommunens inställningar (config.json) ---------- */

  function loadConfig() {
    return fetch("config.json", { cache: "no-store", credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error("config " + response.status);
        return response.json();
      })
      .then(function (config) {
        if (!config || typeof config !== "object") throw new Error("config");
        applyConfig(config);
      })
      .catch(function () {
        applyConfig(null);
        $("#config-problem").hidden = false;
      });
  }

  function applyConfig(config) {
    state.config = config;
    state.anonymousAllowed = !!config && config.anonymousWebReportsAllowed === true;
    $$("[data-config]").forEach(function (element) {
      var value = config ? getPath(config, element.getAttribute("data-config")) : undefined;
      if (typeof value === "string" && value) element.textContent = value;
    });
    $$("[data-config-phone]").forEach(function (link) {
      var value = config ? getPath(config, link.getAttribute("data-config-phone")) : undefined;
      if (typeof value === "string" && value) {
        link.textContent = value;
        link.setAttribute("href", phoneHref(value));
      }
    });
    $$("[data-config-block]").forEach(function (element) {
      var value = config ? getPath(config, element.getAttribute("data-config-block")) : undefined;
      element.hidden = !(typeof value === "string" && value);
    });
    updateReporter();
    updateTitle();
  }

  function municipalityName() {
    var name = state.config && state.config.municipality;
    return typeof name === "string" && name ? name : "";
  }

  function socialjour() {
    var value = state.config && state.config.socialjour;
    return value && typeof value.phone === "string" ? value : null;
  }

  /* ---------- Steg ---------- */

  function stepSection(step) {
    return document.getElementById("step-" + step);
  }

  function updateTitle() {
    var title = STEP_TITLES[state.step];
    var prefix = state.errorStep === state.step ? "Fel: " : "";
    var stepText = state.step <= STEP_COUNT ? "Steg " + state.step + " av " + STEP_COUNT + ": " : "";
    var name = municipalityName();
    document.title = prefix + stepText + title + " – Orosanmälan" + (name ? " – " + name : "");
  }

  function goToStep(step, options) {
    var focus = !options || options.focus !== false;
    var from = state.step;
    state.step = step;
    if (state.errorStep !== step) state.errorStep = 0;
    $$(".step").forEach(function (section) {
      section.hidden = Number(section.getAttribute("data-step")) !== step;
    });
    $$("#step-list li").forEach(function (item) {
      var itemStep = Number(item.getAttribute("data-step"));
      if (itemStep === step) item.setAttribute("aria-current", "step");
      else item.removeAttribute("aria-current");
      item.classList.toggle("done", itemStep < step);
    });
    if (step === 5) {
      state.reachedReview = true;
      renderReview();
    }
    $$("#report-form .step[data-step] .step-buttons .primary").forEach(function (button) {
      if (button.id === "send-button") return;
      button.textContent = state.reachedReview ? "Klar – tillbaka till Kontrollera och skicka" : "Fortsätt";
    });
    updateTitle();
    if (!options || options.history !== false) recordStep(step, from);
    if (focus) $(".step-heading", stepSection(step)).focus();
  }

  /* ---------- Webbläsarens Bakåt och Framåt ----------
   * Each step is an entry in the browser's history, so that Back goes to the step before; Back on the
   * first step leaves the page as usual. An entry holds the step's number only ({oroStep, oroFrom}, URL
   * #steg-N): nothing anyone wrote goes into the history or the address. What is written stays in the page.
   */

  function stepUrl(step) {
    return "#steg-" + step;
  }

  function historyStep() {
    var entry = window.history.state;
    return entry && typeof entry.oroStep === "number" ? entry.oroStep : 0;
  }

  function recordStep(step, from) {
    if (historyStep() === step) return;
    window.history.pushState({ oroStep: step, oroFrom: from }, "", stepUrl(step));
  }

  function replaceStep(step, url) {
    window.history.replaceState({ oroStep: step }, "", url === undefined ? stepUrl(step) : url);
  }

  // The page's first entry is step 1; a #steg-N left from before a reload is dropped (nothing was kept).
  function startHistory() {
    var hash = /^#steg-\d+$/.test(window.location.hash) ? "" : window.location.hash;
    replaceStep(1, window.location.pathname + window.location.search + hash);
  }

  // An in-page link (the skip link) made a new entry without a step: it belongs to the step shown.
  function stampEntry() {
    if (!historyStep()) replaceStep(state.step, window.location.href);
  }

  function showStepFromHistory(target) {
    if (state.step === 6) {
      // The report is sent and nothing of it is left in the page: a new, empty form.
      newReport({ history: false });
      replaceStep(1);
      return;
    }
    if (target < 1 || target > STEP_COUNT) {
      replaceStep(state.step);
      return;
    }
    // Forward again: only over steps that are still filled in as they need to be. If one is not, it is
    // shown with its errors, and the history goes back to that step's entry (Forward may be tried again).
    var entry = window.history.state;
    for (var step = state.step; step < target; step += 1) {
      var errors = validateStep(step);
      if (errors.length) {
        goToStep(step, { focus: false, history: false });
        if (entry.oroFrom === step) window.history.back();
        else replaceStep(step);
        showErrors(step, errors);
        return;
      }
    }
    goToStep(target, { history: false });
  }

  window.addEventListener("popstate", function () {
    state.goingBack = false;
    if (!historyStep()) {
      stampEntry();
      return;
    }
    if (historyStep() === state.step) return;
    showStepFromHistory(historyStep());
    // Back to an entry an in-page link made (#main): the browser then moves focus to the link's target.
    // The step shown starts at its heading, as after any other step change.
    var section = stepSection(state.step);
    window.setTimeout(function () {
      if (!section.hidden && !section.contains(document.activeElement)) $(".step-heading", section).focus();
    }, 0);
  });

  window.addEventListener("hashchange", stampEntry);

  function next() {
    var errors = validateStep(state.step);
    if (errors.length) {
      showErrors(state.step, errors);
      return;
    }
    clearErrors(state.step);
    goToStep(state.reachedReview ? 5 : state.step + 1);
  }

  // "Tillbaka" is the browser's Back when the entry before is the step before, so that the two agree.
  function back() {
    if (state.step <= 1 || state.goingBack) return;
    var entry = window.history.state;
    if (entry && entry.oroStep === state.step && entry.oroFrom === state.step - 1) {
      state.goingBack = true; // until the browser has gone back: a second click must not leave the page
      window.history.back();
    } else {
      goToStep(state.step - 1);
    }
  }

  /* ---------- Steg 1: om dig som anmäler ---------- */

  function updateReporter() {
    var type = checkedValue("reporterType");
    var isPrivate = type === "privatperson";
    $("#private-fields").hidden = !isPrivate;
    $("#professional-fields").hidden = type !== "yrkesverksam";
    $("#anonymity").hidden = !state.anonymousAllowed;
    $("#anonymity-not-allowed").hidden = state.anonymousAllowed;
    var anonymous = state.anonymousAllowed && checkedValue("anonymous") === "ja";
    var named = !state.anonymousAllowed || checkedValue("anonymous") === "nej";
    $("#private-contact").hidden = !named || anonymous;
    persons().forEach(updatePerson);
  }

  /* ---------- Steg 2: personer och vårdnadshavare ---------- */

  function nextId(prefix) {
    state.idCounter += 1;
    return prefix + state.idCounter;
  }

  // Gives a cloned template's fields unique ids, names and label/hint links.
  function wireTemplate(root, prefix) {
    $$("input[data-key], textarea[data-key]", root).forEach(function (input) {
      input.id = prefix + "-" + input.getAttribute("data-key");
    });
    $$("label[data-for]", root).forEach(function (label) {
      label.htmlFor = prefix + "-" + label.getAttribute("data-for");
    });
    $$("[data-hint-for]", root).forEach(function (hint) {
      var key = hint.getAttribute("data-hint-for");
      hint.id = prefix + "-" + key + "-hint";
      var input = $('input[data-key="' + key + '"]', root);
      if (input) input.setAttribute("aria-describedby", hint.id);
    });
    var identity = $("[data-identity]", root);
    if (identity) {
      identity.id = prefix + "-identity";
      identity.setAttribute("aria-describedby", prefix + "-identity-hint");
    }
    $$("fieldset[data-key]", root).forEach(function (fieldset) {
      fieldset.id = prefix + "-" + fieldset.getAttribute("data-key");
    });
    $$('input[type="radio"][data-name]', root).forEach(function (radio) {
      radio.name = prefix + "-" + radio.getAttribute("data-name");
      radio.id = radio.name + "-" + radio.value;
      var label = radio.nextElementSibling;
      if (label && label.tagName === "LABEL") label.htmlFor = radio.id;
    });
  }

  function persons() {
    return $$("#persons > [data-person]");
  }

  function addPerson(focus) {
    if (persons().length >= MAX_PERSONS) return null;
    var fragment = $("#person-template").content.cloneNode(true);
    var section = $("[data-person]", fragment);
    var prefix = nextId("p");
    section.setAttribute("data-pid", prefix);
    wireTemplate(section, prefix);
    var heading = $("[data-person-heading]", section);
    heading.id = prefix + "-heading";
    $("#persons").appendChild(section);
    updatePerson(section);
    renumber();
    if (focus) {
      heading.focus();
      announce(heading.textContent + " har lagts till.");
    }
    return section;
  }

  function addGuardian(section, focus) {
    var list = $("[data-guardians]", section);
    if (list.children.length >= MAX_GUARDIANS) return null;
    var fragment = $("#guardian-template").content.cloneNode(true);
    var guardian = $("[data-guardian]", fragment);
    var prefix = nextId(section.getAttribute("data-pid") + "-g");
    wireTemplate(guardian, prefix);
    var heading = $("[data-guardian-heading]", guardian);
    heading.id = prefix + "-heading";
    list.appendChild(guardian);
    renumber();
    if (focus) {
      heading.focus();
      announce(heading.textContent + " har lagts till.");
    }
    return guardian;
  }

  function setPaths(root, base) {
    $$("[data-key]", root).forEach(function (element) {
      if (element.closest("[data-guardian]") && !root.matches("[data-guardian]")) return;
      element.setAttribute("data-path", base + "." + element.getAttribute("data-key"));
    });
    root.setAttribute("data-path", base);
  }

  function renumber() {
    var all = persons();
    all.forEach(function (section, index) {
      var number = index + 1;
      var base = "persons." + index;
      $("[data-person-heading]", section).textContent = "Person " + number;
      var remove = $("[data-remove-person]", section);
      remove.textContent = "Ta bort person " + number;
      remove.hidden = all.length === 1;
      setPaths(section, base);
      var guardians = $$("[data-guardian]", section);
      guardians.forEach(function (guardian, guardianIndex) {
        var guardianNumber = guardianIndex + 1;
        var suffix = all.length > 1 ? " för person " + number : "";
        $("[data-guardian-heading]", guardian).textContent = "Vårdnadshavare " + guardianNumber + suffix;
        $("[data-remove-guardian]", guardian).textContent = "Ta bort vårdnadshavare " + guardianNumber + suffix;
        setPaths(guardian, base + ".guardians." + guardianIndex);
      });
      $("[data-add-guardian]", section).hidden = guardians.length >= MAX_GUARDIANS;
      $("[data-guardians-max]", section).hidden = guardians.length < MAX_GUARDIANS;
      // Each person's questions name the person, for those who hear the form rather than see it.
      $$("legend", section).forEach(function (legend) {
        var tag = $("[data-person-prefix]", legend);
        if (!tag) {
          tag = make("span", "visually-hidden");
          tag.setAttribute("data-person-prefix", "");
          legend.insertBefore(tag, legend.firstChild);
        }
        tag.textContent = "Person " + number + ": ";
      });
    });
    $("#add-person").hidden = all.length >= MAX_PERSONS;
    $("#add-person-hint").hidden = all.length >= MAX_PERSONS;
    $("#persons-max").hidden = all.length < MAX_PERSONS;
  }

  function personKind(section) {
    return checkedValue(section.getAttribute("data-pid") + "-kind", section);
  }

  function updatePerson(section) {
    // A professional reports about someone else, never about themself: "Mig själv" is not offered.
    var professional = checkedValue("reporterType") === "yrkesverksam";
    var oneself = $("[data-oneself-choice]", section);
    oneself.hidden = professional;
    if (professional) $("input", oneself).checked = false;
    var kind = personKind(section);
    var isChild = kind === "barn";
    var unborn = isChild && field(section, "unborn").checked;
    // An unborn child has no school and cannot know about the report: those questions are not asked.
    $$("[data-child-only], [data-not-self], [data-born-only]", section).forEach(function (element) {
      element.hidden =
        (element.hasAttribute("data-child-only") && !isChild) ||
        (element.hasAttribute("data-not-self") && kind === "mig_sjalv") ||
        (element.hasAttribute("data-born-only") && unborn);
    });
    $("[data-identity]", section).hidden = unborn;
    // A child is under 18: the age field says so, and its pattern allows 0–17 only.
    field(section, "age").setAttribute("pattern", isChild ? CHILD_AGE_PATTERN : AGE_PATTERN);
    $('[data-hint-for="age"]', section).textContent = isChild
      ? "I år. Ett barn är under 18 år. Det går bra att gissa."
      : "I år. Det går bra att gissa.";
  }

  function removePerson(section) {
    var all = persons();
    var index = all.indexOf(section);
    var number = index + 1;
    section.remove();
    renumber();
    var remaining = persons();
    var target = remaining[Math.min(index, remaining.length - 1)];
    $("[data-person-heading]", target).focus();
    announce("Person " + number + " är borttagen.");
  }

  function removeGuardian(guardian) {
    var section = guardian.closest("[data-person]");
    var heading = $("[data-guardian-heading]", guardian).textContent;
    guardian.remove();
    renumber();
    var addButton = $("[data-add-guardian]", section);
    addButton.focus();
    announce(heading + " är borttagen.");
  }

  /* ---------- Steg 3 och 4 ---------- */

  function updateMainCategory() {
    var chosen = $$('input[name="category"]').filter(function (input) {
      return input.checked;
    });
    var previous = checkedValue("mainCategory");
    var box = $("#main-category-options");
    box.replaceChildren();
    $("#main-category-empty").hidden = chosen.length > 0;
    chosen.forEach(function (checkbox) {
      var wrapper = make("div", "choice");
      var radio = document.createElement("input");
      radio.type = "radio";
      radio.name = "mainCategory";
      radio.value = checkbox.value;
      radio.id = "main-" + checkbox.value;
      radio.checked = checkbox.value === previous || chosen.length === 1;
      var label = make("label", null, CATEGORY_LABELS[checkbox.value] || checkbox.value);
      label.htmlFor = radio.id;
      wrapper.appendChild(radio);
      wrapper.appendChild(label);
      box.appendChild(wrapper);
    });
  }

  function updateAcuteAdvice() {
    var advice = $("#acute-danger-advice");
    advice.replaceChildren();
    if (checkedValue("acuteDanger") !== "ja") return;
    var emergency = (state.config && state.config.emergencyNumber) || "112";
    var first = make("p");
    first.appendChild(make("strong", null, "Ring " + emergency + " nu"));
    first.appendChild(document.createTextNode(" om någons liv är i fara eller om ett brott pågår."));
    advice.appendChild(first);
    var jour = socialjour();
    var second = make("p");
    if (jour) {
      second.appendChild(document.createTextNode("Behöver någon skydd i dag, utanför kontorstid? Ring socialjouren på "));
      var link = make("a", "phone", jour.phone);
      link.setAttribute("href", phoneHref(jour.phone));
      second.appendChild(link);
      second.appendChild(document.createTextNode("."));
    } else {
      second.textContent = "Behöver någon skydd i dag, utanför kontorstid? Ring socialjouren.";
    }
    advice.appendChild(second);
    advice.appendChild(
      make("p", null, "Skicka gärna anmälan också, men vänta inte på svar här. E-tjänsten läses bara på kontorstid.")
    );
  }

  function updateInterpreter() {
    $("#interpreter-language-field").hidden = checkedValue("interpreterNeeded") !== "ja";
  }

  /* ---------- Det som skickas ---------- */

  function normaliseDate(value) {
    var compact = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
    return compact ? compact[1] + "-" + compact[2] + "-" + compact[3] : value;
  }

  function buildReporter() {
    var type = checkedValue("reporterType");
    if (type === "yrkesverksam") {
      var professional = {
        type: type,
        name: trimmed($("#professional-name")),
        role: trimmed($("#professional-role")),
        organisation: trimmed($("#professional-organisation")),
        wantsFeedback: $("#professional-feedback").checked,
      };
      setOptional(professional, "workPhone", trimmed($("#professional-phone")));
      setOptional(professional, "workEmail", trimmed($("#professional-email")));
      return professional;
    }
    if (type === "privatperson") {
      var anonymous = state.anonymousAllowed && checkedValue("anonymous") === "ja";
      var reporter = { type: type, anonymous: anonymous };
      if (!anonymous) {
        setOptional(reporter, "name", trimmed($("#private-name")));
        setOptional(reporter, "phone", trimmed($("#private-phone")));
        setOptional(reporter, "email", trimmed($("#private-email")));
      }
      setOptional(reporter, "relation", trimmed($("#private-relation")));
      return reporter;
    }
    return null;
  }

  // A person's own field, not one of its guardians' fields of the same name.
  function field(root, key) {
    var inGuardian = !root.matches("[data-guardian]");
    return $$('[data-key="' + key + '"]', root).filter(function (element) {
      return !(inGuardian && element.closest("[data-guardian]"));
    })[0];
  }

  function buildGuardian(guardian) {
    var result = {};
    setOptional(result, "name", trimmed(field(guardian, "name")));
    setOptional(result, "phone", trimmed(field(guardian, "phone")));
    setOptional(result, "address", trimmed(field(guardian, "address")));
    var knows = checkedValue(guardian.querySelector('input[type="radio"]').name, guardian) || "vet_inte";
    if (Object.keys(result).length === 0 && knows === "vet_inte") return null;
    result.knowsAboutReport = knows;
    return result;
  }

  function buildPerson(section) {
    var kind = personKind(section);
    var isChild = kind === "barn";
    var person = { kind: kind || null };
    setOptional(person, "name", trimmed(field(section, "name")));
    var unborn = isChild && field(section, "unborn").checked;
    if (unborn) {
      person.unborn = true;
    } else {
      setOptional(person, "personalIdentityNumber", trimmed(field(section, "personalIdentityNumber")));
      setOptional(person, "birthDate", normaliseDate(trimmed(field(section, "birthDate"))));
      var age = trimmed(field(section, "age"));
      if (/^\d{1,3}$/.test(age)) person.age = Number(age);
      else setOptional(person, "age", age);
    }
    setOptional(person, "address", trimmed(field(section, "address")));
    if (isChild) {
      if (!unborn) setOptional(person, "schoolOrPreschool", trimmed(field(section, "schoolOrPreschool")));
      var guardians = $$("[data-guardian]", section)
        .map(buildGuardian)
        .filter(function (guardian) {
          return guardian !== null;
        });
      if (guardians.length) person.guardians = guardians;
    }
    if (!unborn) {
      person.knowsAboutReport =
        kind === "mig_sjalv" ? "ja" : checkedValue(section.getAttribute("data-pid") + "-knows", section) || "vet_inte";
    }
    return person;
  }

  function buildReport() {
    var categories = $$('input[name="category"]')
      .filter(function (input) {
        return input.checked;
      })
      .map(function (input) {
        return input.value;
      });
    var concern = {
      description: $("#concern-description").value.replace(/\r\n/g, "\n").trim(),
      categories: categories,
      mainCategory: checkedValue("mainCategory") || null,
      acuteDanger: checkedValue("acuteDanger") === "ja",
    };
    setOptional(concern, "since", trimmed($("#concern-since")));
    var needed = checkedValue("interpreterNeeded") === "ja";
    var interpreter = { needed: needed };
    if (needed) setOptional(interpreter, "language", trimmed($("#interpreter-language")));
    var report = {
      persons: persons().map(buildPerson),
      concern: concern,
      interpreter: interpreter,
      reporter: buildReporter(),
    };
    setOptional(report, "otherAgencies", $("#other-agencies").value.replace(/\r\n/g, "\n").trim());
    return report;
  }

  function buildSubmission() {
    var report = buildReport();
    return {
      submissionId: state.submissionId,
      persons: report.persons,
      concern: report.concern,
      interpreter: report.interpreter,
      otherAgencies: report.otherAgencies,
      reporter: report.reporter,
    };
  }

  /* ---------- Kontroll av uppgifterna ---------- */

  function isRealDate(year, month, day) {
    var date = new Date(Date.UTC(year, month - 1, day));
    return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  }

  function luhn(digits) {
    var sum = 0;
    for (var i = 0; i < digits.length; i += 1) {
      var digit = Number(digits.charAt(digits.length - 1 - i));
      if (i % 2 === 1) {
        digit *= 2;
        if (digit > 9) digit -= 9;
      }
      sum += digit;
    }
    return sum % 10 === 0;
  }

  function pad(number) {
    return (number < 10 ? "0" : "") + number;
  }

  function todayIso() {
    var now = new Date();
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }

  // The birth date (ÅÅÅÅ-MM-DD) of a personnummer or samordningsnummer (day + 60), 10 or 12 digits, with or
  // without '-' or '+'; "" if the number is not valid or its birth date lies in the future. With 10 digits
  // the century is the latest that is not in the future, one earlier with '+' (100 years or older).
  function personnummerBirthDate(value) {
    var match = /^(\d{2})?(\d{2})(\d{2})(\d{2})([-+]?)(\d{4})$/.exec(value.replace(/[\s:]/g, ""));
    if (!match) return "";
    var month = Number(match[3]);
    var day = Number(match[4]);
    if (day > 60) day -= 60;
    var year;
    if (match[1]) {
      year = Number(match[1] + match[2]);
    } else {
      var thisYear = new Date().getFullYear();
      var century = Math.floor(thisYear / 100);
      if (Number(match[2]) > thisYear % 100) century -= 1;
      if (match[5] === "+") century -= 1;
      year = century * 100 + Number(match[2]);
    }
    if (!isRealDate(year, month, day) || !luhn(match[2] + match[3] + match[4] + match[6])) return "";
    var born = year + "-" + pad(month) + "-" + pad(day);
    return born > todayIso() ? "" : born;
  }

  // Whether someone born on this day (ÅÅÅÅ-MM-DD) has turned 18 (born 29 February: on 1 March).
  function hasTurned18(born) {
    return todayIso() >= Number(born.slice(0, 4)) + ADULT_AGE + born.slice(4);
  }

  // The person (not a guardian) the field belongs to is a child.
  function isChildField(input) {
    var section = input.closest("[data-person]");
    return !!section && !input.closest("[data-guardian]") && personKind(section) === "barn";
  }

  function labelText(element) {
    var label = element.id ? $('label[for="' + element.id + '"]') : null;
    if (!label) {
      var fieldset = element.closest("fieldset");
      label = fieldset ? $("legend", fieldset) : null;
    }
    if (!label) return "";
    var clone = label.cloneNode(true);
    $$(".choice-hint, [data-person-prefix]", clone).forEach(function (node) {
      node.remove();
    });
    return clone.textContent.replace(/\(frivilligt\)/g, "").replace(/\s+/g, " ").trim();
  }

  // "Person 2, vårdnadshavare 1: " for the error summary; the inline message sits beside the field.
  function context(element) {
    var person = element.closest("[data-person]");
    if (!person) return "";
    var text = "Person " + (persons().indexOf(person) + 1);
    var guardian = element.closest("[data-guardian]");
    if (guardian) text += ", vårdnadshavare " + ($$("[data-guardian]", person).indexOf(guardian) + 1);
    return text + ": ";
  }

  function problem(target, message, container) {
    return { target: target, container: container || target, message: message };
  }

  function groupProblem(fieldset, message) {
    var inputs = $$("input", fieldset);
    var checked = inputs.filter(function (input) {
      return input.checked;
    });
    var target = checked[0] || inputs[0] || fieldset;
    return problem(target, message, fieldset);
  }

  function validateInputs(section) {
    var problems = [];
    $$("input[type=text], input[type=tel], input[type=email], textarea", section).forEach(function (input) {
      if (!isActive(input)) return;
      var value = input.hasAttribute("data-multiline") ? input.value.replace(/\r\n/g, "\n").trim() : input.value.trim();
      var kind = input.getAttribute("data-kind");
      var max = Number(input.getAttribute("data-max") || 0);
      var required = input.getAttribute("data-required");
      var label = labelText(input);
      if (!value) {
        if (required) problems.push(problem(input, required));
        return;
      }
      if (max && value.length > max) {
        problems.push(
          problem(input, label + " får vara högst " + max.toLocaleString("sv-SE") + " tecken. Nu är det " +
            value.length.toLocaleString("sv-SE") + ".")
        );
      } else if (kind === "phone" && !PHONE_PATTERN.test(value)) {
        problems.push(problem(input, "Skriv telefonnumret med siffror, till exempel 070-123 45 67."));
      } else if (kind === "email" && (value.length > 254 || !EMAIL_PATTERN.test(value))) {
        problems.push(problem(input, "Skriv e-postadressen så här: namn@exempel.se."));
      } else if (kind === "personnummer") {
        var born = personnummerBirthDate(value);
        if (!born) {
          problems.push(
            problem(input, "Personnumret stämmer inte. Kontrollera siffrorna, eller lämna fältet tomt och fyll i " +
              "födelsedatum eller ålder.")
          );
        } else if (isChildField(input) && hasTurned18(born)) {
          problems.push(
            problem(input, "Ett barn är under 18 år, men enligt personnumret har personen fyllt 18. Kontrollera " +
              "siffrorna, eller välj En vuxen under Vem gäller oron.")
          );
        }
      } else if (kind === "date") {
        var date = normaliseDate(value);
        var match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
        if (!match || !isRealDate(Number(match[1]), Number(match[2]), Number(match[3]))) {
          problems.push(problem(input, "Skriv födelsedatumet som ÅÅÅÅ-MM-DD, till exempel 2015-03-24."));
        } else if (date > todayIso()) {
          problems.push(problem(input, "Födelsedatumet kan inte vara i framtiden."));
        } else if (isChildField(input) && hasTurned18(date)) {
          problems.push(
            problem(input, "Ett barn är under 18 år, men enligt födelsedatumet har personen fyllt 18. Kontrollera " +
              "datumet, eller välj En vuxen under Vem gäller oron.")
          );
        }
      } else if (kind === "age" && !(/^\d{1,3}$/.test(value) && Number(value) <= 130)) {
        problems.push(problem(input, "Skriv åldern med siffror, mellan 0 och 130."));
      } else if (kind === "age" && isChildField(input) && Number(value) >= ADULT_AGE) {
        problems.push(
          problem(input, "Ett barn är under 18 år. Skriv en ålder mellan 0 och 17, eller välj En vuxen under Vem " +
            "gäller oron om personen har fyllt 18.")
        );
      }
    });
    return problems;
  }

  function validateStep(step) {
    var section = stepSection(step);
    var problems = [];
    if (step === 1) {
      var type = checkedValue("reporterType");
      if (!type) problems.push(groupProblem($("#reporter-type"), "Välj om du anmäler som privatperson eller i ditt arbete."));
      if (type === "privatperson" && state.anonymousAllowed && !checkedValue("anonymous")) {
        problems.push(groupProblem($("#anonymity"), "Välj om du vill vara anonym eller lämna ditt namn."));
      }
      problems = problems.concat(validateInputs(section));
      if (type === "yrkesverksam" && !trimmed($("#professional-phone")) && !trimmed($("#professional-email"))) {
        problems.push(
          problem($("#professional-phone"), "Fyll i telefonnummer eller e-postadress i arbetet, så att vi kan nå dig.")
        );
      }
    } else if (step === 2) {
      persons().forEach(function (person) {
        if (!personKind(person)) {
          problems.push(groupProblem($('fieldset[data-key="kind"]', person), "Välj vem oron gäller."));
        }
      });
      problems = problems.concat(validateInputs(section));
    } else if (step === 3) {
      problems = problems.concat(validateInputs(section));
      var categories = $$('input[name="category"]').filter(function (input) {
        return input.checked;
      });
      if (!categories.length) {
        problems.push(groupProblem($("#concern-categories"), "Välj minst ett alternativ om vad oron gäller."));
      } else if (!checkedValue("mainCategory")) {
        problems.push(groupProblem($("#main-category"), "Välj vad oron främst gäller."));
      }
      if (!checkedValue("acuteDanger")) {
        problems.push(groupProblem($("#acute-danger"), "Svara ja eller nej på om någon är i akut fara just nu."));
      }
    } else if (step === 4) {
      if (!checkedValue("interpreterNeeded")) {
        problems.push(groupProblem($("#interpreter"), "Svara ja eller nej på om någon behöver tolk."));
      }
      problems = problems.concat(validateInputs(section));
    }
    // Show problems in the order the fields come on the page.
    problems.sort(function (a, b) {
      if (a.target === b.target) return 0;
      return a.target.compareDocumentPosition(b.target) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
    });
    return problems;
  }

  /* ---------- Felmeddelanden ---------- */

  function addDescribedBy(element, id) {
    var ids = (element.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
    if (ids.indexOf(id) === -1) ids.unshift(id);
    element.setAttribute("aria-describedby", ids.join(" "));
  }

  function removeDescribedBy(element, id) {
    var ids = (element.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (value) {
      return value && value !== id;
    });
    if (ids.length) element.setAttribute("aria-describedby", ids.join(" "));
    else element.removeAttribute("aria-describedby");
  }

  function clearErrors(step) {
    var section = stepSection(step);
    $$(".error-message", section).forEach(function (message) {
      $$('[aria-describedby~="' + message.id + '"]', section).forEach(function (element) {
        removeDescribedBy(element, message.id);
      });
      message.remove();
    });
    $$('[aria-invalid="true"]', section).forEach(function (element) {
      element.removeAttribute("aria-invalid");
    });
    $$(".has-error", section).forEach(function (element) {
      element.classList.remove("has-error");
    });
    var summary = $("[data-error-summary]", section);
    summary.hidden = true;
    summary.replaceChildren();
    if (state.errorStep === step) {
      state.errorStep = 0;
      updateTitle();
    }
  }

  function placeInlineError(item) {
    var container = item.container;
    var target = item.target;
    var baseId = (target.id || container.id || nextId("error")) + "-error";
    var existing = document.getElementById(baseId);
    if (existing) {
      existing.lastChild.textContent = item.message;
      return;
    }
    var message = make("p", "error-message");
    message.id = baseId;
    message.appendChild(make("span", "visually-hidden", "Fel: "));
    message.appendChild(document.createTextNode(item.message));
    if (container.tagName === "FIELDSET") {
      var anchor = container.querySelector("legend");
      var hint = container.querySelector(":scope > .hint");
      if (hint && !hint.hidden) anchor = hint;
      anchor.after(message);
      container.classList.add("has-error");
      addDescribedBy(container, message.id);
    } else if (container.matches("[data-person], [data-guardian]")) {
      $("[data-person-heading], [data-guardian-heading]", container).after(message);
    } else {
      var checkboxChoice = target.closest(".choice");
      (checkboxChoice || target).before(message);
      var wrapper = target.closest(".field");
      if (wrapper) wrapper.classList.add("has-error");
      target.setAttribute("aria-invalid", "true");
      addDescribedBy(target, message.id);
    }
  }

  function focusField(target) {
    var fieldset = target.closest("fieldset");
    var anchor = target.type === "radio" || target.type === "checkbox" ? fieldset && $("legend", fieldset) : null;
    if (!anchor && target.id) anchor = $('label[for="' + target.id + '"]');
    (anchor || target).scrollIntoView({ block: "start" });
    target.focus({ preventScroll: true });
  }

  // problems: [{target, container, message}]; general: extra lines without a field (from the server).
  function showErrors(step, problems, general) {
    clearErrors(step);
    var section = stepSection(step);
    var summary = $("[data-error-summary]", section);
    var headingId = "step-" + step + "-error-heading";
    var heading = make("h3", null, "Något behöver rättas innan du kan gå vidare");
    if (step === 5) heading.textContent = "Anmälan kunde inte skickas";
    heading.id = headingId;
    summary.setAttribute("aria-labelledby", headingId);
    summary.appendChild(heading);
    (general || []).forEach(function (line) {
      summary.appendChild(make("p", null, line));
    });
    var list = make("ul");
    problems.forEach(function (item) {
      placeInlineError(item);
      var entry = make("li");
      if (item.target && item.target.id) {
        var link = make("a", null, context(item.target) + item.message);
        link.setAttribute("href", "#" + item.target.id);
        link.addEventListener("click", function (event) {
          event.preventDefault();
          focusField(item.target);
        });
        entry.appendChild(link);
      } else {
        entry.textContent = item.message;
      }
      list.appendChild(entry);
    });
    if (problems.length) summary.appendChild(list);
    summary.hidden = false;
    state.errorStep = step;
    if (state.step !== step) goToStep(step, { focus: false });
    updateTitle();
    summary.focus();
  }

  /* ---------- Kontrollera och skicka ---------- */

  function row(list, term, value) {
    var wrapper = make("div");
    wrapper.appendChild(make("dt", null, term));
    var shown = value === undefined || value === null || value === "" ? "Inte ifyllt" : value;
    wrapper.appendChild(make("dd", null, shown));
    list.appendChild(wrapper);
  }

  function reviewSection(root, step, title) {
    var section = make("section", "review-section");
    var headingId = "review-step-" + step;
    var header = make("div", "review-section-header");
    var heading = make("h3", null, title);
    heading.id = headingId;
    header.appendChild(heading);
    var change = make("button", "link-button", "Ändra");
    change.type = "button";
    change.appendChild(make("span", "visually-hidden", " " + title.toLowerCase()));
    change.addEventListener("click", function () {
      goToStep(step);
    });
    header.appendChild(change);
    section.appendChild(header);
    root.appendChild(section);
    return section;
  }

  function yesNo(value) {
    return value ? "Ja" : "Nej";
  }

  function renderReview() {
    var root = $("#review");
    root.replaceChildren();
    var report = buildReport();
    var reporter = report.reporter || {};

    var first = reviewSection(root, 1, STEP_TITLES[1]);
    var list = make("dl", "review-list");
    if (reporter.type === "yrkesverksam") {
      row(list, "Anmäler", "I mitt arbete (yrkesverksam)");
      row(list, "Namn", reporter.name);
      row(list, "Yrkesroll", reporter.role);
      row(list, "Arbetsplats eller organisation", reporter.organisation);
      row(list, "Telefonnummer i arbetet", reporter.workPhone);
      row(list, "E-postadress i arbetet", reporter.workEmail);
      row(list, "Vill ha återkoppling", yesNo(reporter.wantsFeedback));
    } else {
      row(list, "Anmäler", reporter.type === "privatperson" ? "Som privatperson" : "");
      if (state.anonymousAllowed) row(list, "Anonym", yesNo(reporter.anonymous));
      if (!reporter.anonymous) {
        row(list, "Namn", reporter.name);
        row(list, "Telefonnummer", reporter.phone);
        row(list, "E-postadress", reporter.email);
      }
      row(list, "Relation", reporter.relation);
    }
    first.appendChild(list);

    var second = reviewSection(root, 2, STEP_TITLES[2]);
    report.persons.forEach(function (person, index) {
      second.appendChild(make("h4", null, "Person " + (index + 1)));
      var personList = make("dl", "review-list");
      row(personList, "Gäller", KIND_LABELS[person.kind] || "");
      row(personList, "Namn", person.name);
      if (person.unborn) {
        row(personList, "Ofött barn", "Ja");
      } else {
        row(personList, "Personnummer", person.personalIdentityNumber);
        row(personList, "Födelsedatum", person.birthDate);
        row(personList, "Ålder", person.age);
      }
      row(personList, "Adress", person.address);
      if (person.kind === "barn" && !person.unborn) row(personList, "Skola eller förskola", person.schoolOrPreschool);
      if (person.kind !== "mig_sjalv" && !person.unborn) {
        row(personList, "Vet om anmälan", KNOWS_LABELS[person.knowsAboutReport]);
      }
      (person.guardians || []).forEach(function (guardian, guardianIndex) {
        var details = [guardian.name, guardian.phone, guardian.address].filter(Boolean);
        details.push("Vet om anmälan: " + KNOWS_LABELS[guardian.knowsAboutReport]);
        row(personList, "Vårdnadshavare " + (guardianIndex + 1), details.join("\n"));
      });
      second.appendChild(personList);
    });

    var third = reviewSection(root, 3, STEP_TITLES[3]);
    var concernList = make("dl", "review-list");
    row(concernList, "Beskrivning", report.concern.description);
    row(
      concernList,
      "Oron gäller",
      report.concern.categories
        .map(function (category) {
          return CATEGORY_LABELS[category] || category;
        })
        .join("\n")
    );
    row(concernList, "Främst", CATEGORY_LABELS[report.concern.mainCategory] || "");
    row(concernList, "Hur länge", report.concern.since);
    row(concernList, "Akut fara nu", checkedValue("acuteDanger") ? yesNo(report.concern.acuteDanger) : "");
    third.appendChild(concernList);

    var fourth = reviewSection(root, 4, STEP_TITLES[4]);
    var otherList = make("dl", "review-list");
    row(otherList, "Behöver tolk", checkedValue("interpreterNeeded") ? yesNo(report.interpreter.needed) : "");
    if (report.interpreter.needed) row(otherList, "Språk", report.interpreter.language);
    row(otherList, "Andra som vet eller hjälper till", report.otherAgencies);
    fourth.appendChild(otherList);
  }

  function setSending(sending) {
    state.sending = sending;
    ["#send-button", "#retry-send", "#send-as-new"].forEach(function (selector) {
      var button = $(selector);
      if (sending) button.setAttribute("aria-disabled", "true");
      else button.removeAttribute("aria-disabled");
    });
    $("#send-status").textContent = sending ? "Skickar anmälan …" : "";
  }

  function hideSendProblem() {
    $("#send-problem").hidden = true;
    $("#retry-send").hidden = true;
    $("#send-as-new").hidden = true;
  }

  function showSendProblem(kind, serverMessage) {
    var box = $("#send-problem");
    var messages = {
      network:
        "Vi fick ingen kontakt med e-tjänsten. Kontrollera att du är ansluten till internet och försök igen. " +
        "Om anmälan ändå kom fram tar vi bara emot den en gång.",
      server:
        "Något gick fel hos oss. Försök igen om en liten stund. Om anmälan ändå kom fram tar vi bara emot den en gång.",
      conflict:
        "En anmälan med samma kod har redan tagits emot, men med annat innehåll. Det kan hända om du ändrade något " +
        "efter ett försök att skicka. Du kan skicka det du har skrivit nu som en ny anmälan.",
      tooLarge: "Anmälan är för stor för att tas emot. Korta ner de längsta texterna och försök igen.",
      rejected: "Anmälan kunde inte tas emot. Kontrollera dina uppgifter och försök igen.",
    };
    var text = messages[kind];
    if (serverMessage && (kind === "rejected" || kind === "conflict" || kind === "tooLarge")) {
      text = serverMessage + " " + (kind === "conflict" ? messages.conflict : "");
    }
    $("#send-problem-message").textContent = text.trim();
    var jour = socialjour();
    var kept = "Det du har skrivit finns kvar. Är det bråttom? Ring 112 vid fara";
    kept += jour ? ", eller socialjouren på " + jour.phone + "." : ".";
    $("#send-problem-kept").textContent = kept;
    $("#retry-send").hidden = !(kind === "network" || kind === "server");
    $("#send-as-new").hidden = kind !== "conflict";
    box.hidden = false;
    box.focus();
  }

  function firstInvalidStep() {
    for (var step = 1; step <= 4; step += 1) {
      var problems = validateStep(step);
      if (problems.length) return { step: step, problems: problems };
    }
    return null;
  }

  function elementForPath(path) {
    var parts = String(path || "").split(".");
    while (parts.length) {
      var candidate = parts.join(".");
      candidate = PATH_ALIASES[candidate] || candidate;
      var found = $$('[data-path="' + CSS.escape(candidate) + '"]').filter(isActive);
      if (found.length) return found[0];
      parts.pop();
    }
    return null;
  }

  function problemForElement(element, message) {
    if (element.matches("[data-person], [data-guardian]")) {
      var heading = $("[data-person-heading], [data-guardian-heading]", element);
      return problem(heading, message, element);
    }
    if (element.tagName === "FIELDSET") return groupProblem(element, message);
    if (element.type === "checkbox") return problem(element, message, element.closest(".field") || element);
    return problem(element, message);
  }

  function handleServerErrors(data) {
    var byStep = {};
    var unplaced = [];
    (data.errors || []).forEach(function (error) {
      if (!error || typeof error.message !== "string") return;
      var element = elementForPath(error.field);
      var step = element ? stepOf(element) : 0;
      if (!element || !step || step > 4) {
        unplaced.push(error.message);
        return;
      }
      (byStep[step] = byStep[step] || []).push(problemForElement(element, error.message));
    });
    var steps = Object.keys(byStep)
      .map(Number)
      .sort(function (a, b) {
        return a - b;
      });
    var general = [];
    if (typeof data.message === "string" && data.message) general.push(data.message);
    if (steps.length) {
      goToStep(steps[0], { focus: false });
      showErrors(steps[0], byStep[steps[0]], general.concat(unplaced));
    } else {
      showErrors(5, [], general.concat(unplaced).length ? general.concat(unplaced) : ["Kontrollera dina uppgifter."]);
    }
  }

  function send(asNew) {
    if (state.sending) return;
    var invalid = firstInvalidStep();
    if (invalid) {
      goToStep(invalid.step, { focus: false });
      showErrors(invalid.step, invalid.problems);
      return;
    }
    clearErrors(5);
    hideSendProblem();
    if (!state.submissionId || asNew) state.submissionId = newSubmissionId();
    var body = JSON.stringify(buildSubmission());
    setSending(true);
    fetch("/api/reports", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: body,
      credentials: "same-origin",
      cache: "no-store",
    })
      .then(
        function (response) {
          return response
            .json()
            .catch(function () {
              return null;
            })
            .then(function (data) {
              setSending(false);
              handleResponse(response.status, data);
            });
        },
        function () {
          setSending(false);
          showSendProblem("network");
        }
      )
      .catch(function () {
        setSending(false);
        showSendProblem("server");
      });
  }

  function handleResponse(status, data) {
    var message = data && typeof data.message === "string" ? data.message : "";
    if ((status === 200 || status === 201) && data && data.referenceNumber) {
      showReceipt(data);
    } else if (status === 409) {
      showSendProblem("conflict", message);
    } else if (status === 413) {
      showSendProblem("tooLarge", message);
    } else if (status >= 500 || status === 408 || status === 429 || (status >= 200 && status < 300)) {
      showSendProblem("server");
    } else if (data && Array.isArray(data.errors) && data.errors.length) {
      handleServerErrors(data);
    } else {
      showSendProblem("rejected", message);
    }
  }

  /* ---------- Kvittens ---------- */

  function formatReceived(value) {
    var date = new Date(value);
    if (isNaN(date.getTime())) return String(value || "");
    var zone = "Europe/Stockholm";
    var day = new Intl.DateTimeFormat("sv-SE", { timeZone: zone, day: "numeric", month: "long", year: "numeric" });
    var time = new Intl.DateTimeFormat("sv-SE", { timeZone: zone, hour: "2-digit", minute: "2-digit" });
    return "den " + day.format(date) + " kl. " + time.format(date).replace(":", ".");
  }

  function showReceipt(data) {
    $("#receipt-reference").textContent = String(data.referenceNumber);
    $("#receipt-received").textContent = formatReceived(data.receivedAt);
    $("#receipt-municipality").textContent =
      (typeof data.municipality === "string" && data.municipality) || municipalityName() || "kommunen";
    var steps = Array.isArray(data.nextSteps) && data.nextSteps.length ? data.nextSteps : DEFAULT_NEXT_STEPS;
    var list = $("#receipt-next-steps");
    list.replaceChildren();
    steps.forEach(function (text) {
      list.appendChild(make("li", null, String(text)));
    });
    $("#receipt-emergency").textContent = String(data.emergencyNumber || (state.config && state.config.emergencyNumber) || "112");
    var jour = data.socialjour && typeof data.socialjour.phone === "string" ? data.socialjour : socialjour();
    $("#receipt-socialjour").hidden = !jour;
    if (jour) {
      var link = $("#receipt-socialjour-phone");
      link.textContent = jour.phone;
      link.setAttribute("href", phoneHref(jour.phone));
      $("#receipt-socialjour-hours").textContent = String(jour.hours || "");
    }
    // The report is sent: nothing of it stays in the page.
    clearReport();
    goToStep(6);
  }

  /* ---------- Börja om ---------- */

  function clearReport() {
    form.reset();
    $("#persons").replaceChildren();
    addPerson(false);
    for (var step = 1; step <= 5; step += 1) clearErrors(step);
    hideSendProblem();
    $("#review").replaceChildren();
    updateReporter();
    updateMainCategory();
    updateAcuteAdvice();
    updateInterpreter();
    state.submissionId = null;
    state.reachedReview = false;
    state.dirty = false;
    state.errorStep = 0;
  }

  function newReport(options) {
    clearReport();
    ["#receipt-reference", "#receipt-received", "#receipt-municipality", "#receipt-socialjour-hours"].forEach(
      function (selector) {
        $(selector).textContent = "";
      }
    );
    $("#receipt-next-steps").replaceChildren();
    goToStep(1, options);
    announce("Formuläret är tömt. Du kan göra en ny anmälan.");
  }

  /* ---------- Händelser ---------- */

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (state.step === 5) send(false);
    else if (state.step < 5) next();
  });

  form.addEventListener("input", function () {
    state.dirty = true;
  });

  form.addEventListener("change", function (event) {
    var target = event.target;
    state.dirty = true;
    if (target.name === "reporterType" || target.name === "anonymous") updateReporter();
    else if (target.name === "category") updateMainCategory();
    else if (target.name === "acuteDanger") updateAcuteAdvice();
    else if (target.name === "interpreterNeeded") updateInterpreter();
    var person = target.closest("[data-person]");
    if (person && (target.getAttribute("data-name") === "kind" || target.getAttribute("data-key") === "unborn")) {
      updatePerson(person);
    }
  });

  form.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button || button.type !== "button") return;
    if (button.hasAttribute("data-back")) back();
    else if (button.id === "add-person") addPerson(true);
    else if (button.hasAttribute("data-remove-person")) removePerson(button.closest("[data-person]"));
    else if (button.hasAttribute("data-add-guardian")) addGuardian(button.closest("[data-person]"), true);
    else if (button.hasAttribute("data-remove-guardian")) removeGuardian(button.closest("[data-guardian]"));
    else if (button.id === "retry-send") send(false);
    else if (button.id === "send-as-new") send(true);
  });

  $("#print-receipt").addEventListener("click", function () {
    window.print();
  });

  $("#new-report").addEventListener("click", function () {
    newReport();
  });

  window.addEventListener("beforeunload", function (event) {
    if (state.dirty && state.step <= 5) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  /* ---------- Start ---------- */

  addPerson(false);
  updateReporter();
  updateMainCategory();
  updateInterpreter();
  startHistory();
  goToStep(1, { focus: false, history: false });
  loadConfig();
})();
