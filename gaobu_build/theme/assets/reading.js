// Reading comfort: the header's control for the text size and high contrast (partials/reading.html).
// A choice is set on <html> at once (the CSS does the rest: theme/assets/gaobu.css, "Reading comfort") and
// kept in localStorage, where partials/reading-head.html reads it before each page's first paint. A browser
// that refuses storage still gets the choice on this page.
(function () {
  var KEY = "gaobu-reading";
  var STEPS = ["115", "130", "150"]; // 100 is the default: no attribute
  var root = document.documentElement;
  var control = document.querySelector(".gaobu-reading");
  if (!control) return;
  var trigger = control.querySelector(".gaobu-reading__trigger");
  var panel = document.getElementById(trigger.getAttribute("aria-controls"));
  var steps = control.querySelectorAll("[data-gaobu-step]");
  var contrast = control.querySelector("[data-gaobu-contrast-toggle]");
  var reset = control.querySelector(".gaobu-reading__reset");
  var systemContrast = window.matchMedia ? window.matchMedia("(prefers-contrast: more)") : null;

  function load() {
    var settings = null;
    try { settings = JSON.parse(localStorage.getItem(KEY)); } catch (e) { /* no storage: no choice */ }
    return settings && typeof settings === "object" ? settings : {};
  }
  var chosen = load();

  function save() {
    try {
      if (chosen.text || chosen.contrast) localStorage.setItem(KEY, JSON.stringify(chosen));
      else localStorage.removeItem(KEY);
    } catch (e) { /* refused: the choice lasts for this page */ }
  }

  // Without a choice of its own, the page follows the system's contrast preference.
  function apply() {
    var text = String(chosen.text);
    var high = chosen.contrast === "more" || (chosen.contrast !== "normal" && !!systemContrast && systemContrast.matches);
    if (STEPS.indexOf(text) >= 0) root.setAttribute("data-gaobu-text", text);
    else root.removeAttribute("data-gaobu-text");
    if (high) root.setAttribute("data-gaobu-contrast", "more");
    else root.removeAttribute("data-gaobu-contrast");
    var current = root.getAttribute("data-gaobu-text") || "100";
    Array.prototype.forEach.call(steps, function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-gaobu-step") === current));
    });
    contrast.setAttribute("aria-pressed", String(high));
  }
  apply();

  function choose(change) {
    for (var name in change) chosen[name] = change[name];
    if (chosen.text === "100") delete chosen.text;
    save();
    apply();
  }

  Array.prototype.forEach.call(steps, function (button) {
    button.addEventListener("click", function () { choose({ text: button.getAttribute("data-gaobu-step") }); });
  });
  contrast.addEventListener("click", function () {
    choose({ contrast: root.getAttribute("data-gaobu-contrast") === "more" ? "normal" : "more" });
  });
  reset.addEventListener("click", function () {
    chosen = {};
    save();
    apply();
  });
  if (systemContrast) {
    var follow = function () { if (!chosen.contrast) apply(); };
    if (systemContrast.addEventListener) systemContrast.addEventListener("change", follow);
    else if (systemContrast.addListener) systemContrast.addListener(follow);
  }
  // The same choice in every open tab of the site.
  window.addEventListener("storage", function (event) {
    if (event.key === KEY || event.key === null) {
      chosen = load();
      apply();
    }
  });

  // The panel: a disclosure, open until Escape, a click elsewhere or the focus leaving it.
  function setOpen(open) {
    panel.hidden = !open;
    trigger.setAttribute("aria-expanded", String(open));
  }
  trigger.addEventListener("click", function () { setOpen(panel.hidden); });
  control.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !panel.hidden) {
      event.preventDefault();
      setOpen(false);
      trigger.focus();
    }
  });
  control.addEventListener("focusout", function (event) {
    if (event.relatedTarget && !control.contains(event.relatedTarget)) setOpen(false);
  });
  document.addEventListener("click", function (event) {
    if (!panel.hidden && !control.contains(event.target)) setOpen(false);
  });
})();
