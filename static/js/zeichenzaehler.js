// A counter under every text field with data-zaehler: how many characters
// are left of its maxlength, announced politely to screen readers.
(function () {
  function einrichten(feld) {
    var hoechstens = parseInt(feld.getAttribute("maxlength"), 10);
    var anzeige = document.getElementById(feld.getAttribute("data-zaehler"));
    if (!hoechstens || !anzeige) return;
    function zeigen() {
      var rest = hoechstens - feld.value.length;
      anzeige.textContent = "Noch " + rest + " von " + hoechstens + " Zeichen.";
    }
    feld.addEventListener("input", zeigen);
    zeigen();
  }
  document.querySelectorAll("[data-zaehler]").forEach(einrichten);
})();
