// Charts of the Kennzahlen page (chart.js). The numbers come from a
// <script type="application/json"> block (json_script): the CSP allows no
// inline script. Every chart has a table with the same numbers next to it.
(function () {
  "use strict";
  var quelle = document.getElementById("kennzahlen-diagramme");
  if (!quelle || typeof window.Chart === "undefined") {
    return;
  }
  var daten = JSON.parse(quelle.textContent);
  var farben = ["#004b76", "#c0392b", "#2e7d32"];
  document.querySelectorAll("canvas[data-diagramm]").forEach(function (leinwand) {
    var d = daten[leinwand.dataset.diagramm];
    if (!d) {
      return;
    }
    if (d.quer) {
      // Horizontal bars: the height follows the number of rows, so a single
      // Angebot is not one giant bar and many stages are not squeezed.
      var zeilen = d.beschriftungen.length * Math.max(d.reihen.length, 1);
      leinwand.parentElement.style.height = Math.max(8, 4 + zeilen * 1.6) + "rem";
    }
    new window.Chart(leinwand, {
      type: d.art,
      data: {
        labels: d.beschriftungen,
        datasets: d.reihen.map(function (r, i) {
          return {
            label: r.name,
            data: r.werte,
            borderColor: farben[i % farben.length],
            backgroundColor: farben[i % farben.length],
            spanGaps: true
          };
        })
      },
      options: {
        // Long labels (stages, Angebote) read better beside horizontal bars.
        indexAxis: d.quer ? "y" : "x",
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: { title: { display: true, text: d.titel } },
        // A suppressed figure (null) is a gap, never a bar of zero.
        scales: d.quer
          ? { x: { beginAtZero: true, ticks: { precision: 0 } } }
          : { y: { beginAtZero: true } }
      }
    });
  });
})();
