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
  function announce(url) {
    var toast = document.querySelector(".gaobu-toast");
    if (!toast) return;
    toast.textContent = data.copied + url;
    toast.classList.add("gaobu-toast--shown");
    clearTimeout(hideToast);
    hideToast = setTimeout(function () { toast.classList.remove("gaobu-toast--shown"); }, 4000);
  }

  // The link still goes to the #anchor (so the address bar shows it too); it also copies.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.headerlink, a.gaobu-permalink");
    if (!link) return;
    var url = absolute(link.getAttribute("href"));
    link.setAttribute("data-gaobu-copied", url);
    copy(url).then(function () { announce(url); }, function () { announce(url); });
  });
})();
