// Draws the report's charts from the JSON in #report-data with the Chart.js inlined above.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var PREDICTION = '#1f77b4', TARGET = '#ff7f0e', ERROR = '#d62728';

  function points(xs, ys) {
    var p = [];
    for (var i = 0; i < ys.length; i++) {
      if (ys[i] !== null) {
        p.push({x: xs[i], y: ys[i]});
      }
    }
    return p;
  }

  function line(label, color, pts) {
    return {label: label, data: pts, borderColor: color, backgroundColor: color, borderWidth: 1.5,
            pointRadius: pts.length > 200 ? 0 : 2, spanGaps: true, order: 0};
  }

  // Drawn under the predictions, wide and translucent, so that both show where they agree.
  function band(label, color, pts) {
    return {label: label, data: pts, borderColor: color + '99', backgroundColor: color + '99', borderWidth: 5,
            pointRadius: 0, spanGaps: true, order: 1};
  }

  function options(xTitle, yTitle, title) {
    return {
      animation: false, responsive: true, maintainAspectRatio: false, parsing: false, normalized: true,
      interaction: {mode: 'nearest', axis: 'x', intersect: false},
      scales: {x: {type: 'linear', title: {display: true, text: xTitle}},
               y: {title: {display: true, text: yTitle}}},
      plugins: {title: {display: true, text: title}, legend: {position: 'bottom'},
                decimation: {enabled: true, algorithm: 'lttb', samples: 1500}}
    };
  }

  function predictions(key) {
    var xs = key.step.map(function (_, i) { return i + 1; });
    var sets = [line('prediction y[' + data.output + ']', PREDICTION, points(xs, key.y))];
    if (key.target) {
      sets.push(band('target', TARGET, points(xs, key.target)));
    }
    var o = options('timestep of the key, in input order', 'y[' + data.output + ']',
                    key.target ? 'Predictions and targets' : 'Predictions');
    o.plugins.tooltip = {callbacks: {title: function (items) {
      var i = items[0].parsed.x - 1;
      return 'timestep ' + (i + 1) + ' · step since reset ' + key.step[i];
    }}};
    return {type: 'line', data: {datasets: sets}, options: o};
  }

  function error(curve, title) {
    return {type: 'line',
            data: {datasets: [line('mean absolute error', ERROR, points(curve.step, curve.mae))]},
            options: options('step since reset', '|prediction − target|', title)};
  }

  document.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
    var which = canvas.getAttribute('data-key');
    var key = which === 'all' ? null : data.keys[Number(which)];
    var config = canvas.getAttribute('data-chart') === 'predictions' ? predictions(key)
      : error(key ? key.error : data.overall, key ? 'Error by step since reset' : 'All keys');
    new Chart(canvas, config);
  });
})();
