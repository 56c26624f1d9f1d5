/* Small progressive enhancements. The site works fully without this file.
   1. Main menu: keep the <details> menu open on wide screens in browsers
      that cannot style ::details-content, and close it with Escape.
   2. Wide tables: only make the scroll wrapper focusable when it scrolls. */
(function () {
  "use strict";
  var menu = document.getElementById("site-menu");
  if (menu) {
    var wide = window.matchMedia("(min-width: 62em)");
    var sync = function () {
      if (wide.matches) { menu.setAttribute("open", ""); }
      else { menu.removeAttribute("open"); }
    };
    sync();
    if (wide.addEventListener) { wide.addEventListener("change", sync); }
    menu.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && !wide.matches && menu.open) {
        menu.open = false;
        menu.querySelector("summary").focus();
      }
    });
  }
  var tables = document.querySelectorAll(".table-wrap");
  var check = function () {
    for (var i = 0; i < tables.length; i++) {
      var t = tables[i];
      if (t.scrollWidth > t.clientWidth + 1) { t.setAttribute("tabindex", "0"); }
      else { t.removeAttribute("tabindex"); }
    }
  };
  if (tables.length) { check(); window.addEventListener("resize", check); }
})();
