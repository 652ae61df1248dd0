// Search is loaded when the reader first opens it, not with every page.
//
// The header's search button is in the page itself (partials/alternate.html, drawn by gaobu.css),
// so nothing moves when the page loads. Pagefind's component UI (pagefind-component-ui.css and .js,
// 218 KB before compression) is fetched only when the reader clicks that button (Enter and Space on
// it are clicks too) or types a shortcut: Ctrl+K (⌘K on a Mac) as Pagefind has it, "/" or "s" as
// Material's own search has them. The Pagefind elements already in the page (<pagefind-config>,
// <pagefind-modal> and its template) come alive when the script runs; then the modal opens with the
// focus in its search box, and the search itself is the one the page configures (for Chinese pages
// assets/search/pagefind.js, through <pagefind-config bundle-path>).
(function () {
  var button = document.querySelector("button[data-gaobu-search]");
  if (!button) return;
  var bundle = button.getAttribute("data-gaobu-search"); // Pagefind's folder, relative to this page
  var apple = /mac/i.test(navigator.userAgent); // as Pagefind decides between Ctrl and ⌘
  var loading = null;

  if (apple) {
    button.querySelector(".gaobu-search-keys kbd").textContent = "⌘";
    button.setAttribute("aria-keyshortcuts", "Meta+K");
  }

  function fetched(element) {
    return new Promise(function (resolve, reject) {
      element.onload = resolve;
      element.onerror = function () {
        element.remove(); // so that the next attempt fetches it again
        reject(new Error("search could not be loaded: " + (element.src || element.href)));
      };
      document.head.appendChild(element);
    });
  }

  function load() {
    if (!loading) {
      var css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = bundle + "pagefind-component-ui.css";
      var js = document.createElement("script");
      js.src = bundle + "pagefind-component-ui.js";
      // The stylesheet too, before the modal opens: unstyled, it would flash across the page.
      loading = Promise.all([fetched(css), fetched(js)]).catch(function (error) {
        loading = null;
        throw error;
      });
    }
    return loading;
  }

  function modal() {
    return document.querySelector("pagefind-modal");
  }

  function open() {
    load().then(function () {
      var box = modal();
      if (!box || typeof box.open !== "function") throw new Error("search: Pagefind's modal is not in the page");
      if (!box.gaobuWatched) {
        box.gaobuWatched = true;
        var dialog = box.querySelector("dialog");
        if (dialog && dialog.id) button.setAttribute("aria-controls", dialog.id);
        // Back to the button, as Pagefind's own button does it, unless the reader has moved on.
        // (`close` does not bubble: listened to on the way down. The focus is still in the box then.)
        box.addEventListener("close", function () {
          var focus = document.activeElement;
          button.setAttribute("aria-expanded", "false");
          if (!focus || focus === document.body || box.contains(focus)) button.focus();
        }, true);
      }
      box.open();
      button.setAttribute("aria-expanded", "true");
    }).catch(function (error) {
      console.error(error);
    });
  }

  button.addEventListener("click", open);

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.isComposing || typing(document.activeElement)) return;
    var key = event.key;
    var shortcut = (key === "k" || key === "K") && !event.shiftKey && !event.altKey
      && (apple ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey);
    var letter = (key === "/" || key === "s") && !event.ctrlKey && !event.metaKey && !event.altKey;
    if (!shortcut && !letter) return;
    var box = modal();
    if (box && box.isOpen) return;
    event.preventDefault(); // the letter is not typed into the box, Ctrl+K is not the browser's
    open();
  });
})();
