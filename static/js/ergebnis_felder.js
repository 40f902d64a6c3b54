// The outcome form: only the fields the chosen outcome needs are shown.
// Without JavaScript every field shows, each group headed by the outcome it
// belongs to, and the service checks what is needed.
(function () {
  document.querySelectorAll("form[data-ergebnis-felder]").forEach(function (formular) {
    var gruppen = formular.querySelectorAll("[data-zeigen-bei]");
    function zeigen() {
      var gewaehlt = formular.querySelector("input[name='ergebnis']:checked");
      gruppen.forEach(function (gruppe) {
        var bei = gruppe.getAttribute("data-zeigen-bei").split(" ");
        gruppe.hidden = !gewaehlt || bei.indexOf(gewaehlt.value) < 0;
      });
    }
    formular.addEventListener("change", zeigen);
    zeigen();
  });
})();
