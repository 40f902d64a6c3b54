// A counter under every text area with a maxlength (its element: the id of
// the field with "-zaehler"): how many characters are left, announced
// politely to screen readers. Without JavaScript the hint names the limit.
(function () {
  function einrichten(feld) {
    var hoechstens = parseInt(feld.getAttribute("maxlength"), 10);
    var anzeige = document.getElementById(feld.id + "-zaehler");
    if (!hoechstens || !anzeige) return;
    function zeigen() {
      var rest = hoechstens - feld.value.length;
      anzeige.textContent = "Noch " + rest + " von " + hoechstens + " Zeichen.";
    }
    feld.addEventListener("input", zeigen);
    zeigen();
  }
  function fehler_fokussieren() {
    // A form answered with errors: the summary next to it takes the focus,
    // so the user hears and sees what to fix where she is.
    var zusammenfassung = document.querySelector("[data-fehler-fokus]");
    if (zusammenfassung) zusammenfassung.focus();
  }
  document.querySelectorAll("textarea[maxlength]").forEach(einrichten);
  fehler_fokussieren();
})();
