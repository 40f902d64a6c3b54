// Django's two-box chooser puts its help text into an aria-label on a
// <span>, which has no role that may carry a name (axe-core:
// aria-prohibited-attr). As an image the icon keeps its name for screen
// readers. The chooser is built on "load"; this runs right after it.
"use strict";
window.addEventListener("load", function () {
  window.setTimeout(function () {
    document.querySelectorAll(".help-tooltip[aria-label]:not([role])").forEach(function (symbol) {
      symbol.setAttribute("role", "img");
    });
  }, 0);
});
