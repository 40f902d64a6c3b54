// A "select all" checkbox (data-alle-auswaehlen="<name>") for the checkboxes
// of that name in its form. Without JavaScript it stays hidden and each row
// is chosen on its own; with it, it also shows "some chosen" as mixed.
(function () {
  document.querySelectorAll("[data-alle-auswaehlen]").forEach(function (alle) {
    var name = alle.getAttribute("data-alle-auswaehlen");
    var einzelne = Array.prototype.slice.call(
      alle.form.querySelectorAll('input[type="checkbox"][name="' + name + '"]')
    );
    if (!einzelne.length) return;
    function abgleichen() {
      var gewaehlt = einzelne.filter(function (c) { return c.checked; }).length;
      alle.checked = gewaehlt === einzelne.length;
      alle.indeterminate = gewaehlt > 0 && gewaehlt < einzelne.length;
    }
    alle.addEventListener("change", function () {
      einzelne.forEach(function (c) { c.checked = alle.checked; });
    });
    einzelne.forEach(function (c) { c.addEventListener("change", abgleichen); });
    alle.closest("[hidden]") && alle.closest("[hidden]").removeAttribute("hidden");
    abgleichen();
  });
})();
