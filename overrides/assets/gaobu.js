// Switching language keeps the reader's place: the same page, and the same
// #section or #paragraph, since ids are identical in both languages.
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a[data-gaobu-lang-switch]");
  if (link && window.location.hash) {
    link.href = link.href.split("#")[0] + window.location.hash;
  }
});
