// Barrage's dashboard: one page, routed by the address's #fragment. Every chart sets data-points (the non-null
// points it holds) whenever it draws, and each view sets data-view on <main> once drawn, so a headless browser can check it.
(function () {
  "use strict";
  var view = document.getElementById("view");
  var colors = ["#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#ca8a04", "#db2777"];
  var cleanup = [];

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  function count(n) { return Number(n || 0).toLocaleString("en-US"); }
  function micros(us) {
    if (us === null || us === undefined) return "-";
    if (us < 1000) return Math.round(us) + " µs";
    if (us < 1e7) return (us / 1000).toFixed(2) + " ms";
    return (us / 1e6).toFixed(2) + " s";
  }
  function pct(a, b) { return b ? (100 * a / b).toFixed(2) + "%" : "0%"; }
  function ms(us) { return us === null || us === undefined ? null : us / 1000; }

  function api(path, options) {
    options = options || {};
    var init = { credentials: "same-origin", method: options.method || "GET", headers: {} };
    if (init.method !== "GET") {
      init.headers["X-Barrage-Request"] = "1";
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(options.body || {});
    }
    return fetch(path, init).then(function (r) {
      return r.text().then(function (t) {
        var body = t ? JSON.parse(t) : null;
        if (!r.ok) throw new Error((body && (body.error || body.detail)) || ("HTTP " + r.status));
        return body;
      });
    });
  }

  function table(host, head, rows, rowClass) {
    var t = el("table"), tr = el("tr");
    head.forEach(function (h) { tr.appendChild(el("th", {}, h)); });
    t.appendChild(tr);
    rows.forEach(function (r, i) {
      var row = el("tr");
      if (rowClass && rowClass[i]) row.className = rowClass[i];
      r.forEach(function (c) {
        var td = el("td");
        if (c instanceof Node) td.appendChild(c);
        else if (c && c.cls) { td.className = c.cls; td.textContent = c.text; }
        else td.textContent = c;
        row.appendChild(td);
      });
      t.appendChild(row);
    });
    host.replaceChildren(t);
    return t;
  }

  function cards(host, list) {
    host.replaceChildren();
    list.forEach(function (c) {
      var card = el("div", { "class": "card" });
      card.appendChild(el("div", { "class": "k" }, c[0]));
      card.appendChild(el("div", { "class": "v" }, c[1]));
      host.appendChild(card);
    });
  }

  function points(data) {
    var n = 0;
    for (var s = 1; s < data.length; s++)
      for (var i = 0; i < data[s].length; i++) if (data[s][i] !== null && data[s][i] !== undefined) n++;
    return n;
  }

  // A panel with a uPlot chart; returns { set(data) } to redraw it with new columns.
  function chart(host, id, title, unit, labels) {
    var panel = el("div", { "class": "panel" });
    panel.appendChild(el("h2", {}, title));
    var box = el("div", { "class": "chart", id: "chart-" + id, "data-points": "0" });
    panel.appendChild(box);
    host.appendChild(panel);
    var plot = null;
    return {
      set: function (data) {
        box.setAttribute("data-points", String(points(data)));
        if (plot) { plot.setData(data); return; }
        var series = [{ label: "second" }].concat(labels.map(function (l, i) {
          return { label: l, stroke: colors[i % colors.length], width: 1.5, spanGaps: true };
        }));
        plot = new uPlot({
          width: Math.max(300, box.clientWidth || 600), height: 200, series: series,
          scales: { x: { time: false } },
          // Whole seconds: one point a second (uPlot would tick a short run every 0.1 s).
          axes: [{ label: "s", incrs: [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200] }, { label: unit, size: 60 }],
        }, data, box);
      },
    };
  }

  function grid() { var g = el("div", { "class": "grid" }); view.appendChild(g); return g; }

  // The charts of a run's seconds, live or stored: each row has the same keys (see toRow).
  function runCharts(host) {
    return {
      rps: chart(host, "rps", "Requests per second, and planned arrivals per second in an open model", "per second", ["actual rps", "planned arrivals/s"]),
      latency: chart(host, "latency", "Service time percentiles", "ms", ["p50", "p90", "p99", "max"]),
      response: chart(host, "response", "Response time vs service time (p99, mean)", "ms", ["response p99", "service p99", "response mean", "service mean"]),
      errors: chart(host, "errors", "Errors per second", "errors", ["net errors", "http errors"]),
      codes: chart(host, "codes", "Status codes per second", "responses", ["2xx", "3xx", "4xx", "5xx"]),
      users: chart(host, "users", "Users and requests in flight", "count", ["users", "in flight"]),
      lag: chart(host, "lag", "Dispatch lag (response − service time: means live, medians stored)", "ms", ["lag"]),
    };
  }
  function drawRows(charts, rows) {
    var x = rows.map(function (r) { return r.second; });
    function col(f) { return rows.map(f); }
    charts.rps.set([x, col(function (r) { return r.requests; }), col(function (r) { return r.planned; })]);
    charts.latency.set([x, col(function (r) { return ms(r.p50); }), col(function (r) { return ms(r.p90); }), col(function (r) { return ms(r.p99); }), col(function (r) { return ms(r.max); })]);
    charts.response.set([x, col(function (r) { return ms(r.rp99); }), col(function (r) { return ms(r.p99); }), col(function (r) { return ms(r.rmean); }), col(function (r) { return ms(r.mean); })]);
    charts.errors.set([x, col(function (r) { return r.netErrors; }), col(function (r) { return r.httpErrors; })]);
    charts.codes.set([x].concat(["2", "3", "4", "5"].map(function (k) { return col(function (r) { return statusClass(r.codes, k); }); })));
    charts.users.set([x, col(function (r) { return r.users; }), col(function (r) { return r.inFlight; })]);
    charts.lag.set([x, col(function (r) { return r.lag === null ? null : ms(r.lag); })]);
  }
  function statusClass(codes, digit) {
    var n = 0;
    for (var c in codes || {}) if (String(c).charAt(0) === digit) n += codes[c];
    return n;
  }
  function liveRow(f) {
    return { second: f.second, requests: f.requests, planned: f.plannedRps, p50: f.serviceP50, p90: f.serviceP90, p99: f.serviceP99, max: f.serviceMax,
      mean: f.serviceMean, rp99: f.responseP99, rmean: f.responseMean, netErrors: f.netErrors, httpErrors: f.httpErrors,
      users: f.users, inFlight: f.inFlight, lag: f.lagUs, codes: f.statusCodes };
  }
  function storedRow(s) {
    return { second: s.second, requests: s.requests, planned: s.planned_rps, p50: s.service_p50_us, p90: s.service_p90_us, p99: s.service_p99_us,
      max: s.service_max_us, mean: s.service_mean_us, rp99: s.response_p99_us, rmean: null, netErrors: s.net_errors, httpErrors: s.http_errors,
      // The store keeps percentiles, not the response mean: lag here is the medians' difference.
      users: s.users, inFlight: s.in_flight, lag: Math.max(0, s.response_p50_us - s.service_p50_us), codes: s.status_codes };
  }

  // ---- History ----
  function history() {
    view.appendChild(el("h1", {}, "History"));
    var filters = el("div", { "class": "filters" });
    var name = el("input", { id: "filter-name", placeholder: "name contains" });
    var from = el("input", { id: "filter-from", type: "date" });
    var to = el("input", { id: "filter-to", type: "date" });
    var compare = el("button", { id: "compare-selected" }, "Compare selected");
    [["name", name], ["from", from], ["to", to]].forEach(function (p) { var l = el("label", {}, p[0]); l.appendChild(p[1]); filters.appendChild(l); });
    filters.appendChild(compare);
    view.appendChild(filters);
    var host = el("div", { id: "runs" });
    view.appendChild(host);
    function load() {
      var q = [];
      if (name.value) q.push("name=" + encodeURIComponent(name.value));
      if (from.value) q.push("from=" + encodeURIComponent(from.value + "T00:00:00Z"));
      if (to.value) q.push("to=" + encodeURIComponent(to.value + "T23:59:59Z"));
      return api("api/runs" + (q.length ? "?" + q.join("&") : "")).then(function (runs) {
        table(host, ["", "id", "name", "start", "duration", "rps", "p99", "errors", "verdict", ""], runs.map(function (r) {
          var box = el("input", { type: "checkbox", "data-id": String(r.id), "class": "pick" });
          var link = el("a", { href: "#/run/" + r.id }, r.name);
          var del = el("button", { "class": "danger delete", "data-id": String(r.id) }, "Delete");
          del.addEventListener("click", function () {
            if (!window.confirm("Delete run #" + r.id + " (" + r.name + ") and its series?")) return;
            api("api/runs/" + r.id + "/delete", { method: "POST" }).then(load, function (e) { alert(e.message); });
          });
          return [box, "#" + r.id, link, new Date(r.startedAt).toLocaleString(), r.durationS.toFixed(1) + " s", r.rps.toFixed(1),
            micros(r.p99Us), count(r.errors) + " (" + pct(r.errors, r.requests) + ")",
            { cls: r.verdict === "fail" ? "fail" : r.verdict === "pass" ? "pass" : "", text: r.running ? "running" : r.verdict }, del];
        }));
        view.setAttribute("data-view", "history");
        view.setAttribute("data-runs", String(runs.length));
      });
    }
    [name, from, to].forEach(function (i) { i.addEventListener("change", load); });
    compare.addEventListener("click", function () {
      var ids = Array.prototype.map.call(host.querySelectorAll("input.pick:checked"), function (b) { return b.getAttribute("data-id"); });
      if (ids.length < 2) { alert("Pick two or more runs."); return; }
      location.hash = "#/compare?ids=" + ids.join(",");
    });
    return load();
  }

  // ---- Live ----
  function live(number) {
    if (!number) {
      return api("api/info").then(function (info) {
        if (info.live) { location.hash = "#/live/" + info.live; return; }
        view.appendChild(el("h1", {}, "Live"));
        view.appendChild(el("p", {}, "No run is being followed. Start one from the Start page, or run barrage run PLAN --ui."));
        view.setAttribute("data-view", "live");
      });
    }
    var head = el("h1", { id: "live-title" }, "Live run");
    var status = el("span", { id: "live-status", "class": "status" }, "connecting");
    var stop = el("button", { id: "stop", "class": "danger" }, "Stop");
    var detail = el("a", { id: "live-detail" });
    view.appendChild(head);
    var bar = el("p");
    [status, document.createTextNode(" "), stop, document.createTextNode(" "), detail].forEach(function (n) { bar.appendChild(n); });
    view.appendChild(bar);
    var summary = el("div", { "class": "cards", id: "live-cards" });
    view.appendChild(summary);
    var charts = runCharts(grid());
    view.appendChild(el("h2", {}, "Thresholds"));
    var thresholds = el("div", { id: "live-thresholds" });
    view.appendChild(thresholds);
    view.appendChild(el("h2", {}, "Per tag"));
    var tags = el("div", { id: "live-tags" });
    view.appendChild(tags);
    view.appendChild(el("h2", {}, "Outcomes"));
    var codes = el("div", { id: "live-codes" });
    view.appendChild(codes);

    var frames = [];
    var codeTotals = {};
    var fetching = false;

    function showState(s) {
      head.textContent = "Live run: " + s.name + (s.runId ? " (#" + s.runId + ")" : "");
      status.textContent = s.status + (s.exitCode !== null && s.exitCode !== undefined ? " (exit code " + s.exitCode + ")" : "");
      status.className = "status " + s.status;
      stop.disabled = !s.canStop;
      if (s.runId) { detail.href = "#/run/" + s.runId; detail.textContent = "run detail"; }
      view.setAttribute("data-status", s.status);
    }
    function redraw() {
      drawRows(charts, frames.map(liveRow));
      var last = frames[frames.length - 1];
      view.setAttribute("data-frames", String(frames.length));
      if (!last) return;
      var total = frames.reduce(function (a, f) { return a + f.requests; }, 0);
      var errors = frames.reduce(function (a, f) { return a + f.netErrors + f.httpErrors; }, 0);
      cards(summary, [["second", String(last.second)], ["rps", count(last.requests)], ["planned arrivals/s", last.plannedRps === null ? "-" : last.plannedRps.toFixed(0)],
        ["p99", micros(last.serviceP99)], ["requests", count(total)], ["errors", count(errors) + " (" + pct(errors, total) + ")"],
        ["users", last.users === null ? "-" : count(last.users)], ["in flight", last.inFlight === null ? "-" : count(last.inFlight)]]);
      if (last.thresholds.length === 0) thresholds.replaceChildren(el("p", { "class": "note" }, "No thresholds."));
      else table(thresholds, ["threshold", "so far", "state"], last.thresholds.map(function (t) {
        return [t.expression, t.value, { cls: t.passed ? "pass" : "fail", text: (t.passed ? "passing" : "FAILING") + (t.note ? " (" + t.note + ")" : "") }];
      }));
      table(tags, ["tag", "requests", "last second", "errors", "p50", "p90", "p99", "max"], last.tags.map(function (t) {
        return [t.tag, count(t.requests), count(t.lastSecondRequests), count(t.errors) + " (" + pct(t.errors, t.requests) + ")", micros(t.p50), micros(t.p90), micros(t.p99), micros(t.max)];
      }));
      table(codes, ["outcome", "count"], Object.keys(codeTotals).sort().map(function (c) { return [c, count(codeTotals[c])]; }));
    }
    function add(f) {
      if (frames.length && f.seq <= frames[frames.length - 1].seq) return;
      frames.push(f);
      for (var c in f.outcomes) codeTotals[c] = (codeTotals[c] || 0) + f.outcomes[c];
    }
    function receive(f) {
      var expected = frames.length ? frames[frames.length - 1].seq + 1 : 0;
      if (f.seq > expected) {
        // This browser fell behind and the server dropped frames for it: fetch the gap, then go on.
        if (fetching) return;
        fetching = true;
        api("api/live/" + number + "/frames?from=" + expected).then(function (missed) {
          missed.forEach(add); add(f); fetching = false; redraw();
        }, function () { fetching = false; });
        return;
      }
      add(f);
      redraw();
    }
    stop.addEventListener("click", function () {
      stop.disabled = true;
      api("api/live/" + number + "/stop", { method: "POST" }).then(function (s) { status.textContent = "stopping"; }, function (e) { alert(e.message); stop.disabled = false; });
    });
    var source = new EventSource("api/live/" + number + "/events");
    cleanup.push(function () { source.close(); });
    source.addEventListener("init", function (e) {
      var init = JSON.parse(e.data);
      showState(init.state);
      frames = []; codeTotals = {};
      init.frames.forEach(add);
      redraw();
      view.setAttribute("data-view", "live");
    });
    source.addEventListener("frame", function (e) { receive(JSON.parse(e.data)); });
    source.addEventListener("state", function (e) {
      var s = JSON.parse(e.data);
      showState(s);
      if (s.status === "finished") source.close();
    });
    source.onerror = function () {
      if (view.getAttribute("data-status") === "finished") source.close();
    };
  }

  // ---- Run detail ----
  function detail(id) {
    return api("api/runs/" + id).then(function (report) {
      var run = report.run, total = report.total;
      view.appendChild(el("h1", {}, "Run #" + run.id + ": " + run.name));
      view.appendChild(el("p", {}, run.target + " · started " + new Date(run.started_at).toLocaleString() + " · " + run.duration_s.toFixed(1) +
        " s (" + (run.stop_reason || "running") + ") · verdict " + run.verdict));
      var links = el("p");
      [["report.html", "HTML report"], ["report.csv", "CSV"], ["phout.log", "phout.log"]].forEach(function (l) {
        links.appendChild(el("a", { href: "api/runs/" + run.id + "/" + l[0], target: "_blank" }, l[1]));
        links.appendChild(document.createTextNode(" · "));
      });
      links.appendChild(el("a", { href: "#/compare?ids=" + run.id }, "compare with…"));
      view.appendChild(links);
      var summary = el("div", { "class": "cards" });
      view.appendChild(summary);
      cards(summary, [["requests", count(total.requests)], ["rps", total.rps.toFixed(1)], ["errors", count(total.net_errors + total.http_errors) + " (" + (total.error_rate * 100).toFixed(2) + "%)"],
        ["p50", micros(total.service.p50)], ["p90", micros(total.service.p90)], ["p99", micros(total.service.p99)], ["max", micros(total.service.max)], ["users", count(run.users)]]);
      var charts = runCharts(grid());
      drawRows(charts, report.seconds.filter(function (s) { return s.tag === null; }).map(storedRow));
      view.appendChild(el("h2", {}, "Thresholds"));
      var th = el("div", { id: "thresholds" });
      view.appendChild(th);
      if (report.thresholds.length === 0) th.appendChild(el("p", { "class": "note" }, "No thresholds."));
      else table(th, ["threshold", "measured", "verdict"], report.thresholds.map(function (t) {
        return [t.expression, t.value_text, { cls: t.passed ? "pass" : "fail", text: (t.passed ? "PASS" : "FAIL") + (t.note ? " (" + t.note + ")" : "") }];
      }));
      if (report.agents.length > 0) {
        view.appendChild(el("h2", {}, "Agents"));
        var agents = el("div", { id: "agents" });
        view.appendChild(agents);
        table(agents, ["agent", "host", "share", "requests", "errors", "dropped", "clock offset µs", "lost after"], report.agents.map(function (a) {
          return [a.name, a.host, a.share, count(a.requests), count(a.errors), count(a.dropped), a.clock_offset_us === null ? "-" : String(a.clock_offset_us),
            a.lost_after_seconds === null ? "-" : { cls: "fail", text: a.lost_after_seconds.toFixed(1) + " s" + (a.error ? " (" + a.error + ")" : "") }];
        }));
      }
      view.appendChild(el("h2", {}, "Per tag"));
      var tags = el("div");
      view.appendChild(tags);
      table(tags, ["tag", "requests", "rps", "errors", "p50", "p90", "p99", "max"], report.tags.concat([Object.assign({}, total, { tag: "all" })]).map(function (t) {
        return [t.tag, count(t.requests), t.rps.toFixed(1), (t.error_rate * 100).toFixed(2) + "%", micros(t.service.p50), micros(t.service.p90), micros(t.service.p99), micros(t.service.max)];
      }));
      view.appendChild(el("h2", {}, "Plan"));
      view.appendChild(el("pre", {}, run.plan));
      view.setAttribute("data-view", "run");
    });
  }

  // ---- Compare ----
  function compare(ids) {
    view.appendChild(el("h1", {}, "Compare"));
    if (ids.length < 2) {
      view.appendChild(el("p", {}, "Pick two or more runs in History (" + (ids.length ? "have #" + ids[0] + ", " : "") + "tick them and press Compare selected)."));
      view.setAttribute("data-view", "compare");
      return;
    }
    return api("api/compare?ids=" + ids.join(",")).then(function (c) {
      c.planDifferences.forEach(function (d) { view.appendChild(el("p", { "class": "error plan-difference" }, "warning: " + d)); });
      view.appendChild(el("p", { "class": "note" }, "Seconds from each run's start; the first run is the baseline; a change worse than " + (c.tolerance * 100) + "% is marked."));
      var g = grid();
      var labels = c.runs.map(function (r) { return "#" + r.id + " " + r.name; });
      var rps = chart(g, "compare-rps", "Requests per second", "rps", labels);
      var p99 = chart(g, "compare-p99", "Service time p99", "ms", labels);
      var p50 = chart(g, "compare-p50", "Service time p50", "ms", labels);
      var errors = chart(g, "compare-errors", "Errors per second", "errors", labels);
      var last = 0;
      c.runs.forEach(function (r) { r.seconds.forEach(function (s) { last = Math.max(last, s.second); }); });
      var x = [];
      for (var i = 0; i <= last; i++) x.push(i);
      function columns(f) {
        return [x].concat(c.runs.map(function (r) {
          var by = {};
          r.seconds.forEach(function (s) { by[s.second] = s; });
          return x.map(function (t) { return by[t] ? f(by[t]) : null; });
        }));
      }
      rps.set(columns(function (s) { return s.requests; }));
      p99.set(columns(function (s) { return ms(s.serviceP99Us); }));
      p50.set(columns(function (s) { return ms(s.serviceP50Us); }));
      errors.set(columns(function (s) { return s.errors; }));
      view.appendChild(el("h2", {}, "Differences"));
      var host = el("div", { id: "compare-table" });
      view.appendChild(host);
      function value(row, v) { return v === null ? "-" : row.isTime ? micros(v) : row.metric === "errors" ? (v * 100).toFixed(2) + "%" : v.toFixed(1); }
      table(host, ["scope", "metric", "baseline run", "baseline", "run", "value", "change", ""], c.rows.map(function (r) {
        return [r.scope === null ? "all" : r.scope, r.metric, "#" + r.baseline, value(r, r.baselineValue), "#" + r.candidate, value(r, r.candidateValue),
          r.change === null ? "-" : (r.change >= 0 ? "+" : "") + (r.change * 100).toFixed(1) + "%", r.isRegression ? "REGRESSION" : ""];
      }), c.rows.map(function (r) { return r.isRegression ? "regression" : ""; }));
      view.setAttribute("data-view", "compare");
    });
  }

  // ---- Start ----
  function start() {
    view.appendChild(el("h1", {}, "Start a run"));
    return api("api/plans").then(function (p) {
      if (!p.enabled) {
        view.appendChild(el("p", {}, "No plans folder: start the dashboard with barrage ui --plans DIR."));
        view.setAttribute("data-view", "start");
        return;
      }
      var form = el("form", { id: "start-form" });
      var plan = el("select", { id: "start-plan", name: "plan" });
      p.plans.forEach(function (name) { plan.appendChild(el("option", { value: name }, name)); });
      var users = el("input", { id: "start-users", type: "number", min: "1", placeholder: "from the plan" });
      var duration = el("input", { id: "start-duration", placeholder: "e.g. 30s" });
      var schedule = el("input", { id: "start-schedule", placeholder: "open model, e.g. const(100, 30s)" });
      [["plan", plan], ["users", users], ["duration", duration], ["schedule", schedule]].forEach(function (f) {
        var l = el("label", {}, f[0]); l.appendChild(f[1]); form.appendChild(l);
      });
      var go = el("button", { id: "start-button", type: "submit" }, "Start");
      form.appendChild(go);
      var error = el("p", { "class": "error", id: "start-error" });
      view.appendChild(form);
      view.appendChild(error);
      form.addEventListener("submit", function (e) {
        e.preventDefault();
        error.textContent = "";
        go.disabled = true;
        api("api/start", { method: "POST", body: { plan: plan.value, users: users.value ? Number(users.value) : null, duration: duration.value || null, schedule: schedule.value || null } })
          .then(function (r) { location.hash = "#/live/" + r.live; }, function (err) { error.textContent = err.message; go.disabled = false; });
      });
      view.setAttribute("data-view", "start");
    });
  }

  function route() {
    cleanup.forEach(function (f) { f(); });
    cleanup = [];
    view.replaceChildren();
    ["data-view", "data-frames", "data-status", "data-runs", "data-error"].forEach(function (a) { view.removeAttribute(a); });
    var hash = location.hash.replace(/^#\/?/, "");
    var path = hash.split("?")[0].split("/"), query = hash.indexOf("?") >= 0 ? hash.slice(hash.indexOf("?") + 1) : "";
    document.querySelectorAll("nav a").forEach(function (a) { a.classList.toggle("active", a.id === "nav-" + (path[0] === "run" ? "history" : path[0] || "history")); });
    var done;
    try {
      if (path[0] === "live") done = live(path[1] ? Number(path[1]) : 0);
      else if (path[0] === "run") done = detail(Number(path[1]));
      else if (path[0] === "compare") done = compare((/ids=([0-9,]+)/.exec(query) || [null, ""])[1].split(",").filter(Boolean));
      else if (path[0] === "start") done = start();
      else done = history();
    } catch (e) { done = Promise.reject(e); }
    Promise.resolve(done).catch(function (e) {
      view.appendChild(el("p", { "class": "error" }, e.message));
      view.setAttribute("data-error", e.message);
    });
  }
  window.addEventListener("hashchange", route);
  route();
})();
