// Draws a Barrage report from the JSON embedded in the page. Every chart sets data-points (the non-null
// points it drew) once drawn, and the body gets data-rendered, so a headless browser can check the page.
(function () {
  "use strict";
  var report = JSON.parse(document.getElementById("report-data").textContent);
  var colors = ["#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#ca8a04", "#db2777", "#4b5563"];

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function count(n) { return Number(n).toLocaleString("en-US"); }
  function micros(us) {
    if (us < 1000) return Math.round(us) + " µs";
    if (us < 1e7) return (us / 1000).toFixed(2) + " ms";
    return (us / 1e6).toFixed(2) + " s";
  }
  function percent(f) { return (f * 100).toFixed(2) + "%"; }
  function table(host, head, rows) {
    var t = el("table"), tr = el("tr");
    head.forEach(function (h) { tr.appendChild(el("th", {}, h)); });
    t.appendChild(tr);
    rows.forEach(function (r) {
      var row = el("tr");
      r.forEach(function (c) {
        var td = el("td");
        if (c && c.cls) { td.className = c.cls; td.textContent = c.text; } else td.textContent = c;
        row.appendChild(td);
      });
      t.appendChild(row);
    });
    host.appendChild(t);
  }

  function header() {
    var run = report.run, total = report.total;
    document.getElementById("title").textContent = "Barrage run #" + run.id + ": " + run.name;
    document.getElementById("subtitle").textContent = run.target + " · started " + run.started_at + " · " +
      run.duration_s.toFixed(1) + " s (" + run.stop_reason + ") · exit code " + (run.exit_code === null ? "-" : run.exit_code) +
      " · verdict " + run.verdict;
    var cards = [
      ["requests", count(total.requests)], ["throughput", total.rps.toFixed(total.rps >= 100 ? 0 : 1) + " rps"],
      ["errors", count(total.net_errors + total.http_errors) + " (" + percent(total.error_rate) + ")"],
      ["p50", micros(total.service.p50)], ["p90", micros(total.service.p90)], ["p99", micros(total.service.p99)],
      ["max", micros(total.service.max)], ["users", count(run.users)]
    ];
    var host = document.getElementById("summary");
    cards.forEach(function (c) {
      var card = el("div", { "class": "card" });
      card.appendChild(el("div", { "class": "k" }, c[0]));
      card.appendChild(el("div", { "class": "v" }, c[1]));
      host.appendChild(card);
    });
    document.getElementById("footer").textContent = "Barrage " + run.version + " on " + run.host + " · plan " + run.plan_hash.slice(0, 12);
    document.getElementById("plan").textContent = run.plan;
  }

  // A cluster run's agents: the same columns as `barrage show`.
  var AGENT_COLUMNS = ["agent", "host", "share", "requests", "errors", "dropped", "clock offset", "lost"];
  function agentRow(a) {
    return [a.name, a.host, a.share, count(a.requests), count(a.errors), count(a.dropped),
      a.clock_offset_us === null ? "-" : micros(Math.abs(a.clock_offset_us)) + (a.clock_offset_us < 0 ? " behind" : " ahead"),
      a.lost_after_seconds === null ? "-" : { cls: "fail", text: "after " + a.lost_after_seconds.toFixed(1) + " s" + (a.error ? " (" + a.error + ")" : "") }];
  }

  function tables() {
    var th = document.getElementById("thresholds");
    if (report.thresholds.length === 0) th.appendChild(el("p", { "class": "empty" }, "No thresholds."));
    else table(th, ["threshold", "measured", "verdict"], report.thresholds.map(function (t) {
      return [t.expression, t.value_text, { cls: t.passed ? "pass" : "fail", text: (t.passed ? "PASS" : "FAIL") + (t.note ? " (" + t.note + ")" : "") }];
    }));
    if (report.agents.length > 0) {
      document.getElementById("agents-section").hidden = false;
      table(document.getElementById("agents"), AGENT_COLUMNS, report.agents.map(agentRow));
    }
    var rows = report.tags.concat([Object.assign({}, report.total, { tag: "all" })]);
    table(document.getElementById("tags"), ["tag", "requests", "rps", "errors", "mean", "p50", "p90", "p99", "p99.9", "max"],
      rows.map(function (t) {
        return [t.tag, count(t.requests), t.rps.toFixed(1), percent(t.error_rate), micros(t.service.mean), micros(t.service.p50),
          micros(t.service.p90), micros(t.service.p99), micros(t.service.p999), micros(t.service.max)];
      }));
    table(document.getElementById("phases"), ["phase", "mean", "p50", "p90", "p99", "max"], report.phases.map(function (p) {
      return [p.phase, micros(p.mean_us), micros(p.p50_us), micros(p.p90_us), micros(p.p99_us), micros(p.max_us)];
    }));
  }

  function points(data) {
    var n = 0;
    for (var s = 1; s < data.length; s++)
      for (var i = 0; i < data[s].length; i++) if (data[s][i] !== null && data[s][i] !== undefined) n++;
    return n;
  }

  var secondSteps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200];

  function chart(id, series, data, yLabel, extra) {
    var host = document.getElementById(id);
    var opts = Object.assign({
      width: Math.max(320, host.clientWidth || 800),
      height: 280,
      scales: { x: { time: false } },
      // Whole seconds on the x axis: the series has one point a second, and 0.1 s ticks said otherwise.
      axes: [{
        label: "seconds", incrs: secondSteps,
        values: function (u, splits) { host.setAttribute("data-x-ticks", splits.join(",")); return splits.map(String); }
      }, { label: yLabel, size: 70 }],
      series: [{ label: "second" }].concat(series.map(function (s, i) {
        return Object.assign({ stroke: colors[i % colors.length], width: 1.5, spanGaps: true }, s);
      }))
    }, extra || {});
    new uPlot(opts, data, host);
    host.setAttribute("data-points", String(points(data)));
  }

  function charts() {
    var all = report.seconds.filter(function (s) { return s.tag === null; });
    var x = all.map(function (s) { return s.second; });
    function col(f) { return all.map(f); }
    var ms = function (v) { return v / 1000; };

    var rpsSeries = [{ label: "actual rps" }, { label: "errors/s" }];
    var rpsData = [x, col(function (s) { return s.requests; }), col(function (s) { return s.net_errors + s.http_errors; })];
    if (all.some(function (s) { return s.planned_rps !== null; })) {
      rpsSeries.push({ label: "planned arrivals/s", dash: [6, 4] });
      rpsData.push(col(function (s) { return s.planned_rps; }));
    }
    chart("chart-rps", rpsSeries, rpsData, "per second");

    chart("chart-latency", [{ label: "p50 ms" }, { label: "p90 ms" }, { label: "p99 ms" }, { label: "max ms" }],
      [x, col(function (s) { return ms(s.service_p50_us); }), col(function (s) { return ms(s.service_p90_us); }),
        col(function (s) { return ms(s.service_p99_us); }), col(function (s) { return ms(s.service_max_us); })], "ms");

    chart("chart-response", [{ label: "service p50 ms" }, { label: "service p99 ms" }, { label: "response p50 ms", dash: [6, 4] }, { label: "response p99 ms", dash: [6, 4] }],
      [x, col(function (s) { return ms(s.service_p50_us); }), col(function (s) { return ms(s.service_p99_us); }),
        col(function (s) { return ms(s.response_p50_us); }), col(function (s) { return ms(s.response_p99_us); })], "ms");

    // Labels come classified from the report (HTTP 200, WS ok, net 110): failures drawn dashed.
    var outcomes = {};
    all.forEach(function (s) { Object.keys(s.outcomes).forEach(function (o) { outcomes[o] = true; }); });
    var codeSeries = [], codeData = [x];
    Object.keys(outcomes).sort().forEach(function (o) {
      codeSeries.push(o.indexOf("net ") === 0 ? { label: o, dash: [6, 4] } : { label: o });
      codeData.push(col(function (s) { return s.outcomes[o] || 0; }));
    });
    chart("chart-codes", codeSeries, codeData, "per second");

    chart("chart-users", [{ label: "users" }, { label: "in flight" }],
      [x, col(function (s) { return s.users; }), col(function (s) { return s.in_flight; })], "count");

    var buckets = report.distribution;
    var labels = buckets.map(function (b) { return micros(b.from_us); });
    chart("chart-distribution", [{ label: "requests", fill: "rgba(37,99,235,0.35)", paths: uPlot.paths.bars({ size: [0.8, 80] }), points: { show: false } }],
      [buckets.map(function (b, i) { return i; }), buckets.map(function (b) { return b.count; })], "requests", {
        axes: [{ label: "service time (bucket from)", values: function (u, splits) { return splits.map(function (i) { return labels[i] || ""; }); } }, { label: "requests", size: 70 }],
        scales: { x: { time: false, range: [-0.5, Math.max(0.5, buckets.length - 0.5)] } }
      });
  }

  try {
    header();
    tables();
    charts();
    document.body.setAttribute("data-rendered", "true");
  } catch (e) {
    document.body.setAttribute("data-error", String(e && e.stack || e));
    throw e;
  }
})();
