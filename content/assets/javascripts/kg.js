// Quick exit: the button and the Escape key leave for a neutral page and replace
// the current history entry, so Back does not return here. Works without this
// script too (the button is a plain link).
(function () {
  "use strict";
  function leave(event) {
    var link = document.getElementById("kg-exit");
    if (!link) return;
    if (event) event.preventDefault();
    document.body.style.display = "none";
    window.location.replace(link.getAttribute("data-exit"));
  }
  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest("#kg-exit") : null;
    if (target) leave(event);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !document.querySelector(".md-search__input:focus")) leave(event);
  });
})();
