// Switching language keeps the reader's place: the same page, and the same
// #section or #paragraph, since ids are identical in both languages.
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a[data-gaobu-lang-switch]");
  if (link && window.location.hash) {
    link.href = link.href.split("#")[0] + window.location.hash;
  }
});

(function () {
  var data = { url: null, moves: {}, copied: "" };
  var source = document.getElementById("gaobu-links");
  if (source) {
    try { data = JSON.parse(source.textContent); } catch (e) { /* keep the defaults */ }
  }

  // An #anchor published once and since renamed or moved (data/links.yaml)
  // still leads to its new place; an id that is on the page always wins.
  function followMovedAnchor() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (id && data.moves[id] && !document.getElementById(id)) {
      window.location.replace(data.moves[id]);
    }
  }
  followMovedAnchor();
  window.addEventListener("hashchange", followMovedAnchor);

  // A shared link must work from anywhere: copy the absolute URL of the
  // published site (site_url), not whatever address this copy is read at.
  function absolute(hash) {
    return (data.url || window.location.href.split("#")[0]) + hash;
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var done = document.execCommand("copy");
    document.body.removeChild(area);
    return done ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  var hideToast = null;
  function announce(words, text) {
    var toast = document.querySelector(".gaobu-toast");
    if (!toast) return;
    toast.textContent = words + text;  // text, never markup: it may quote the report
    toast.classList.add("gaobu-toast--shown");
    clearTimeout(hideToast);
    hideToast = setTimeout(function () { toast.classList.remove("gaobu-toast--shown"); }, 4000);
  }

  function copyAndSay(text, words, link) {
    if (link) link.setAttribute("data-gaobu-copied", text);
    copy(text).then(function () { announce(words, text); }, function () { announce(words, text); });
  }

  // --- sharing: the menu of a part's, section's or paragraph's number ----------------------------
  // The number stays a link to its #id (the address bar shows it; without JavaScript that is all).
  // It also opens a small menu, laid over the page (nothing moves): copy the address, copy it with a
  // citation, show its QR code (an SVG made at build time, loaded only when asked for).
  var share = data.share;
  var NUMBER = "a.gaobu-permalink, a.gaobu-share";
  var menu = null, opener = null, qrButton = null, qrPanel = null;

  function isParagraph(link) { return link.classList.contains("gaobu-permalink"); }
  function isPart(link) { return !isParagraph(link) && link.textContent.indexOf(".") < 0; }  // § 1, not § 1.2
  function citation(link) { return (isParagraph(link) ? "¶ " : "") + link.textContent.trim(); }

  // The published address of the number's part, section or paragraph, on its own page: what `gaobu links`
  // prints and the QR code encodes. Its page follows from the number: ¶ 1.5 is in the first part, ¶ 0.2
  // on the report's cover (also when read in the print edition or side by side).
  function address(link) {
    var hash = link.getAttribute("href");
    if (!share) return absolute(hash);
    var k = parseInt(link.textContent.replace(/^[^0-9]*/, ""), 10);
    var part = k > 0 ? share.parts[k - 1] : null;
    var page = share.home + share.report + "/" + (part ? part + "/" : "");
    return new URL(page, window.location.href).href + (isPart(link) ? "" : hash);
  }

  // The text cited: a paragraph's first sentence as written (Chinese ends at 。！？, English at . ! ? before
  // a space), a heading's title; in the page's language where both stand side by side. What the site adds
  // (the number, ⇄, words for screen readers) is not part of it.
  var SENTENCE = /^[\s\S]*?(?:[。！？]|[.!?](?=\s|$))/;
  function citedText(link) {
    var block = link.closest("p, h1, h2, h3, h4, h5, h6") || link;
    var english = (document.documentElement.lang || "").indexOf("en") === 0;
    if (english && block.classList.contains("gaobu-pair-zh")) {
      var beside = block.nextElementSibling;
      if (beside && beside.classList.contains("gaobu-pair-en")) block = beside;
    }
    var copy = block.cloneNode(true);
    var side = copy.querySelector(english ? ':scope > [lang="en"]' : ':scope > [lang="zh-Hans"]');
    if (side && !isParagraph(link)) copy = side;
    Array.prototype.forEach.call(copy.querySelectorAll(".gaobu-permalink, .gaobu-pair-link, .headerlink, .gaobu-sr"),
      function (el) { el.parentNode.removeChild(el); });
    var text = copy.textContent.replace(/\s+/g, " ").trim();
    var first = isParagraph(link) ? SENTENCE.exec(text) : null;
    return first ? first[0] : text;
  }

  function citationText(link) {
    var values = { text: citedText(link), title: share.title, n: citation(link), url: address(link) };
    // One pass, by a function: nothing in the report's text is read as a placeholder or a `$` pattern.
    return share.words.citation.replace(/\{(text|title|n|url)\}/g, function (_, key) { return values[key]; });
  }

  function button(action, words) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "gaobu-share-item";
    b.setAttribute("data-gaobu-do", action);
    b.textContent = words;
    return b;
  }

  function buildMenu() {
    menu = document.createElement("div");
    menu.id = "gaobu-share-menu";
    menu.className = "gaobu-share-menu";
    menu.setAttribute("role", "group");
    menu.hidden = true;
    menu.appendChild(button("link", share.words.share_copy_link));
    menu.appendChild(button("cite", share.words.share_copy_citation));
    if (share.qr) {  // made only with site_url
      qrButton = menu.appendChild(button("qr", share.words.share_qr));
      qrButton.setAttribute("aria-expanded", "false");
      qrButton.setAttribute("aria-controls", "gaobu-share-qr");
      qrPanel = document.createElement("div");
      qrPanel.id = "gaobu-share-qr";
      qrPanel.className = "gaobu-share-qr";
      qrPanel.hidden = true;
      var img = document.createElement("img");
      img.width = img.height = 160;
      img.alt = share.words.share_qr_alt;
      var where = document.createElement("p");
      where.className = "gaobu-share-address";
      qrPanel.appendChild(img);
      qrPanel.appendChild(where);
      menu.appendChild(qrPanel);
    }
    document.body.appendChild(menu);
    menu.addEventListener("click", act);
    menu.addEventListener("keydown", keys);
    menu.addEventListener("focusout", function (event) {
      if (opener && event.relatedTarget && !menu.contains(event.relatedTarget) && event.relatedTarget !== opener) close(false);
    });
    document.addEventListener("pointerdown", function (event) {
      if (opener && !menu.contains(event.target) && !opener.contains(event.target)) close(false);
    });
    window.addEventListener("resize", function () { if (opener) place(); });
  }

  // Under the number, inside the window: positioned against the menu's containing block, whatever it is.
  function place() {
    menu.style.left = menu.style.top = "0px";
    var at = opener.getBoundingClientRect();
    var parent = menu.offsetParent;
    var origin = parent && parent !== document.body ? parent.getBoundingClientRect() : { left: -window.scrollX, top: -window.scrollY };
    var edge = parent && parent !== document.body ? parent.clientLeft : 0, top = parent && parent !== document.body ? parent.clientTop : 0;
    var room = document.documentElement.clientWidth;
    var left = Math.max(4, Math.min(at.left, room - menu.offsetWidth - 4));
    menu.style.left = (left - origin.left - edge) + "px";
    menu.style.top = (at.bottom + 4 - origin.top - top) + "px";
  }

  function open(link) {
    if (!menu) buildMenu();
    if (opener) opener.setAttribute("aria-expanded", "false");
    opener = link;
    menu.setAttribute("aria-label", link.getAttribute("aria-label") || citation(link));
    if (qrPanel) {
      qrPanel.hidden = true;
      qrButton.setAttribute("aria-expanded", "false");
    }
    menu.hidden = false;
    place();
    link.setAttribute("aria-expanded", "true");
    // Into the menu once the link has gone to its #anchor (which would take the focus back). (No
    // aria-controls: Material's tooltips, content.tooltips, remove it from the link as its own.)
    var first = menu.querySelector("button");
    setTimeout(function () {
      var at = document.activeElement;
      if (opener === link && (at === link || at === document.body || !at)) first.focus({ preventScroll: true });
    }, 0);
  }

  function close(refocus) {
    if (!opener) return;
    var was = opener;
    opener = null;
    menu.hidden = true;
    was.setAttribute("aria-expanded", "false");
    if (refocus) was.focus({ preventScroll: true });
  }

  function act(event) {
    var item = event.target.closest("button[data-gaobu-do]");
    if (!item || !opener) return;
    var action = item.getAttribute("data-gaobu-do"), link = opener;
    if (action === "qr") {
      var shown = qrPanel.hidden;
      if (shown) {
        var img = qrPanel.querySelector("img");
        img.src = share.qr + link.getAttribute("href").slice(1) + ".svg";
        qrPanel.querySelector("p").textContent = address(link);
      }
      qrPanel.hidden = !shown;
      item.setAttribute("aria-expanded", shown ? "true" : "false");
      place();
      return;
    }
    close(true);
    if (action === "link") copyAndSay(address(link), data.copied, link);
    else copyAndSay(citationText(link), share.words.citation_copied, link);
  }

  function keys(event) {
    var items = Array.prototype.slice.call(menu.querySelectorAll("button"));
    var at = items.indexOf(document.activeElement);
    if (event.key === "Escape") {
      event.preventDefault();
      close(true);
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      items[(at + (event.key === "ArrowDown" ? 1 : items.length - 1)) % items.length].focus();
    } else if (event.key === "Home" || event.key === "End") {
      event.preventDefault();
      items[event.key === "Home" ? 0 : items.length - 1].focus();
    } else if (event.key === "Tab" && (event.shiftKey ? at === 0 : at === items.length - 1)) {
      // The menu reads as if it came right after its number: Tab goes on from there, Shift+Tab back to it.
      var was = opener;
      close(false);
      was.focus({ preventScroll: true });
      if (event.shiftKey) event.preventDefault();
    }
  }

  if (share) {
    Array.prototype.forEach.call(document.querySelectorAll(NUMBER), function (link) {
      link.setAttribute("aria-expanded", "false");
    });
  }

  // A number goes to its #anchor (so the address bar shows it too) and opens its menu; any other
  // heading's link (the site's own pages) goes there and copies its address.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.headerlink, a.gaobu-permalink");
    if (!link) return;
    if (share && link.matches(NUMBER)) {
      if (opener === link) close(false);
      else open(link);
      return;
    }
    copyAndSay(absolute(link.getAttribute("href")), data.copied, link);
  });
  // --- end of sharing
})();
