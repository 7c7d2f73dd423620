// Draws every [data-chart] element with Plotly. The figure is a JSON script whose id is the
// element's data-chart value (printed by Django's json_script), so pages carry no inline code.
(function () {
  "use strict";

  function draw(element) {
    var source = document.getElementById(element.dataset.chart);
    if (!source) {
      return;
    }
    var figure = JSON.parse(source.textContent);
    var config = { responsive: true, displaylogo: false, modeBarButtonsToRemove: ["sendDataToCloud"] };
    window.Plotly.newPlot(element, figure.data, figure.layout, config);
  }

  function drawAll() {
    if (!window.Plotly) {
      return;
    }
    document.querySelectorAll("[data-chart]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
