// "alle auswählen": a checkbox with data-alle-waehlen="<name>" ticks or clears
// every checkbox of that name (the page works without it, one box at a time).
document.querySelectorAll("[data-alle-waehlen]").forEach(function (alle) {
  alle.addEventListener("change", function () {
    document
      .querySelectorAll('input[name="' + alle.dataset.alleWaehlen + '"]')
      .forEach(function (kasten) {
        kasten.checked = alle.checked;
      });
  });
});
