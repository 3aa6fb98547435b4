// A YASR plugin that draws a bar chart (inline SVG, no network) when a SELECT result has a
// label column and a numeric column, e.g. COUNT(...) ... GROUP BY. Registered as "Chart".
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var NUMERIC = /#(integer|decimal|double|float|long|int|short|nonNegativeInteger|positiveInteger|unsignedInt)$/;

  function numericVars(vars, bindings) {
    return vars.filter(function (v) {
      var seen = false;
      for (var i = 0; i < bindings.length; i++) {
        var b = bindings[i][v];
        if (!b) continue;
        if (b.type !== "literal" || !(NUMERIC.test(b.datatype || "") || (b.datatype == null && !isNaN(Number(b.value)) && b.value.trim() !== ""))) return false;
        seen = true;
      }
      return seen;
    });
  }

  function el(name, attrs, text) {
    var e = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text != null) e.textContent = text;
    return e;
  }

  function ChartPlugin(yasr) {
    this.yasr = yasr;
    this.priority = 1;
    this.label = "Chart";
  }
  ChartPlugin.prototype.data = function () {
    var r = this.yasr.results;
    if (!r || r.getType() !== "json" || !r.getBindings) return null;
    var vars = r.getVariables() || [], bindings = r.getBindings() || [];
    if (!bindings.length || vars.length < 2) return null;
    var nums = numericVars(vars, bindings);
    var labels = vars.filter(function (v) { return nums.indexOf(v) < 0; });
    if (!nums.length || !labels.length) return null;
    return { label: labels[0], value: nums[0], bindings: bindings };
  };
  ChartPlugin.prototype.canHandleResults = function () { return this.data() !== null; };
  ChartPlugin.prototype.getIcon = function () {
    var s = el("svg", { viewBox: "0 0 16 16", width: "16", height: "16", "aria-hidden": "true" });
    s.appendChild(el("rect", { x: 1, y: 8, width: 3, height: 7 }));
    s.appendChild(el("rect", { x: 6, y: 4, width: 3, height: 11 }));
    s.appendChild(el("rect", { x: 11, y: 1, width: 3, height: 14 }));
    return s;
  };
  ChartPlugin.prototype.draw = function () {
    var d = this.data();
    var host = document.createElement("div");
    host.className = "ltx-chart";
    if (!d) { host.textContent = "Nothing to chart: the result needs a label column and a numeric column."; this.yasr.resultsEl.appendChild(host); return; }
    var rows = d.bindings.slice(0, 60).map(function (b) {
      var l = b[d.label] ? b[d.label].value : "";
      if (b[d.label] && b[d.label].type === "uri") l = l.replace(/^.*[\/#]/, "");
      return { label: l, value: b[d.value] ? Number(b[d.value].value) : 0 };
    });
    var max = Math.max.apply(null, rows.map(function (r) { return r.value; }).concat([0]));
    var barH = 22, gap = 6, left = 220, width = 760, top = 28;
    var height = top + rows.length * (barH + gap) + 10;
    var svg = el("svg", { width: width, height: height, viewBox: "0 0 " + width + " " + height, role: "img",
                          "aria-label": "Bar chart of " + d.value + " by " + d.label });
    svg.appendChild(el("text", { x: left, y: 16, "class": "axis-title" }, d.value + " by " + d.label));
    rows.forEach(function (r, i) {
      var y = top + i * (barH + gap);
      var w = max > 0 ? Math.max(1, (width - left - 70) * r.value / max) : 1;
      var label = r.label.length > 32 ? r.label.slice(0, 31) + "…" : r.label;
      svg.appendChild(el("text", { x: left - 8, y: y + barH * 0.7, "text-anchor": "end", "class": "bar-label" }, label));
      var rect = el("rect", { x: left, y: y, width: w, height: barH, "class": "bar", rx: 2 });
      rect.appendChild(el("title", {}, r.label + ": " + r.value));
      svg.appendChild(rect);
      svg.appendChild(el("text", { x: left + w + 6, y: y + barH * 0.7, "class": "bar-value" }, String(r.value)));
    });
    host.appendChild(svg);
    if (d.bindings.length > rows.length) {
      var note = document.createElement("p");
      note.textContent = "First " + rows.length + " of " + d.bindings.length + " rows.";
      host.appendChild(note);
    }
    this.yasr.resultsEl.appendChild(host);
  };
  ChartPlugin.prototype.download = function () {
    var d = this.data();
    if (!d) return undefined;
    return {
      contentType: "text/csv", filename: "chart.csv", title: "Download chart data (CSV)",
      getData: function () {
        var q = function (s) { return '"' + String(s).replace(/"/g, '""') + '"'; };
        return [q(d.label) + "," + q(d.value)].concat(d.bindings.map(function (b) {
          return q(b[d.label] ? b[d.label].value : "") + "," + q(b[d.value] ? b[d.value].value : "");
        })).join("\n") + "\n";
      }
    };
  };

  if (window.Yasgui && Yasgui.Yasr) {
    Yasgui.Yasr.registerPlugin("chart", ChartPlugin);
  }
})();
