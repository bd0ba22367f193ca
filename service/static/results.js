/* Results of a canned query: the table/timeline toggle and the timeline itself.
 * The timeline is drawn as SVG from the table's own cells (data-column on the header cells,
 * data-value and data-href on the body cells), so the page holds the data once. Shipped with
 * the package; no inline script (the pages are served with a Content-Security-Policy). */
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";
  var table = document.querySelector("table.results");
  var timeline = document.getElementById("timeline");
  var toggle = document.getElementById("view-toggle");
  var tableWrap = document.getElementById("results-table");
  if (!table || !timeline || !toggle || !tableWrap) {
    return;
  }
  var buttons = Array.prototype.slice.call(toggle.querySelectorAll("button[data-view]"));
  var drawn = false;

  function show(view) {
    var onTimeline = view === "timeline";
    tableWrap.hidden = onTimeline;
    timeline.hidden = !onTimeline;
    buttons.forEach(function (b) {
      b.setAttribute("aria-pressed", b.getAttribute("data-view") === view ? "true" : "false");
    });
    if (onTimeline && !drawn) {
      draw();
      drawn = true;
    }
    var url = location.pathname + location.search + (onTimeline ? "#timeline" : "");
    history.replaceState(null, "", url);
  }

  buttons.forEach(function (b) {
    b.addEventListener("click", function () { show(b.getAttribute("data-view")); });
  });
  toggle.hidden = false;

  // -- reading the table ---------------------------------------------------------------------
  function readRows() {
    var columns = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.getAttribute("data-column");
    });
    return Array.prototype.map.call(table.querySelectorAll("tbody tr"), function (tr) {
      var row = { _href: null };
      Array.prototype.forEach.call(tr.children, function (td, i) {
        row[columns[i]] = td.getAttribute("data-value") || "";
        if (!row._href && td.getAttribute("data-href") && td.getAttribute("data-href").charAt(0) === "/") {
          row._href = td.getAttribute("data-href");
        }
      });
      return row;
    });
  }

  function first(row, names) {
    for (var i = 0; i < names.length; i++) {
      if (row[names[i]]) {
        return row[names[i]];
      }
    }
    return "";
  }

  // "2023" -> the whole year, "2023-03" -> the month, "2023-03-15" -> the day: [from, to] in ms
  function period(text) {
    var m = /^(-?\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(text || "");
    if (!m) {
      return null;
    }
    var y = parseInt(m[1], 10);
    if (m[3]) {
      var day = Date.UTC(y, parseInt(m[2], 10) - 1, parseInt(m[3], 10));
      return [day, day];
    }
    if (m[2]) {
      var month = parseInt(m[2], 10) - 1;
      return [Date.UTC(y, month, 1), Date.UTC(y, month + 1, 0)];
    }
    return [Date.UTC(y, 0, 1), Date.UTC(y, 11, 31)];
  }

  function items(rows) {
    var hasEnd = rows.length && Object.prototype.hasOwnProperty.call(rows[0], "end");
    var tenureLike = rows.length && Object.prototype.hasOwnProperty.call(rows[0], "first_attested");
    return rows.map(function (row) {
      var label = first(row, ["name", "participants", "summary", "name_a"]) || "(no name)";
      var begin = period(first(row, ["start", "date", "first_attested"]));
      var end = period(first(row, ["end", "date", "last_attested"]));
      if (begin && end && end[1] < begin[0]) {
        end = begin;
      }
      var beginText = first(row, ["start", "date", "first_attested"]);
      var endText = first(row, ["end", "date", "last_attested"]);
      return {
        label: label,
        href: row._href,
        kind: row.kind || (tenureLike ? "tenure" : "item"),
        status: row.status || "",
        from: begin ? begin[0] : null,
        to: end ? end[1] : (begin ? begin[1] : null),
        open: tenureLike && hasEnd && !row.end,
        guessedStart: tenureLike && !row.start,
        first: tenureLike ? period(row.first_attested) : null,
        last: tenureLike ? period(row.last_attested) : null,
        text: label + ": " + (beginText || "?") + (endText && endText !== beginText ? " – " + endText : "") +
              (tenureLike && !row.end ? " (no end known)" : "") + (row.kind ? " · " + row.kind : "") +
              (row.status ? " · " + row.status : "")
      };
    });
  }

  // -- drawing --------------------------------------------------------------------------------
  function el(name, attrs, parent) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (parent) {
      parent.appendChild(node);
    }
    return node;
  }

  function draw() {
    var all = items(readRows());
    var dated = all.filter(function (it) { return it.from !== null; });
    var undated = all.filter(function (it) { return it.from === null; });
    while (timeline.firstChild) {
      timeline.removeChild(timeline.firstChild);
    }
    if (!dated.length) {
      var p = document.createElement("p");
      p.className = "muted";
      p.textContent = "No row has a date to place on a timeline.";
      timeline.appendChild(p);
    }
    if (dated.length) {
      var min = Math.min.apply(null, dated.map(function (it) { return it.from; }));
      var max = Math.max.apply(null, dated.map(function (it) { return it.to; }));
      var span = Math.max(max - min, 90 * 864e5);
      min -= span * 0.04;
      max = min + span * 1.08;
      var width = Math.max(timeline.clientWidth || 900, 640);
      var left = Math.min(260, Math.round(width * 0.3));
      var right = 24;
      var rowH = 30;
      var top = 34;
      var height = top + dated.length * rowH + 16;
      var svg = el("svg", {
        "class": "timeline-svg", width: width, height: height, viewBox: "0 0 " + width + " " + height,
        role: "img", "aria-label": "timeline of " + dated.length + " rows"
      }, timeline);
      var x = function (t) { return left + (t - min) / (max - min) * (width - left - right); };

      // axis: a tick per year (per quarter when the span is short)
      var axis = el("g", { "class": "axis" }, svg);
      var y0 = new Date(min).getUTCFullYear();
      var y1 = new Date(max).getUTCFullYear();
      var step = Math.max(1, Math.ceil((y1 - y0 + 1) / 12));
      var quarters = (y1 - y0) < 2;
      for (var y = y0; y <= y1 + 1; y++) {
        for (var q = 0; q < (quarters ? 4 : 1); q++) {
          var t = Date.UTC(y, q * 3, 1);
          if (t < min || t > max || ((y - y0) % step && q === 0)) {
            continue;
          }
          var gx = x(t);
          el("line", { x1: gx, x2: gx, y1: top - 8, y2: height - 10, "class": q === 0 ? "grid year" : "grid" }, axis);
          if ((q === 0 || quarters) && gx < width - 34) {
            var label = el("text", { x: gx + 3, y: top - 14, "class": "tick" }, axis);
            label.textContent = q === 0 ? String(y) : "Q" + (q + 1);
          }
        }
      }

      dated.forEach(function (it, i) {
        var cy = top + i * rowH + rowH / 2;
        var g = el("g", { "class": "row kind-" + it.kind.replace(/[^a-z_]/gi, "") + (it.status === "planned" ? " planned" : "") }, svg);
        var holder = g;
        if (it.href) {
          holder = el("a", { href: it.href }, g);
        }
        var title = el("title", {}, holder);
        title.textContent = it.text;
        var name = el("text", { x: left - 10, y: cy + 4, "class": "label", "text-anchor": "end" }, holder);
        name.textContent = it.label.length > 38 ? it.label.slice(0, 36) + "…" : it.label;
        var x1 = x(it.from);
        var x2 = Math.max(x(it.to), x1 + 4);
        if (it.from === it.to) {
          el("circle", { cx: x1, cy: cy, r: 6, "class": "point" }, holder);
        } else {
          el("rect", { x: x1, y: cy - 8, width: x2 - x1, height: 16, rx: 3, "class": "bar" + (it.guessedStart ? " attested-start" : "") }, holder);
        }
        if (it.open) {
          el("path", { d: "M" + (x2 + 2) + " " + (cy - 6) + " l8 6 l-8 6 z", "class": "open-end" }, holder);
        }
        [it.first, it.last].forEach(function (p) {
          if (p) {
            el("line", { x1: x(p[0]), x2: x(p[0]), y1: cy - 11, y2: cy + 11, "class": "attested" }, holder);
          }
        });
      });
    }
    var tenures = dated.length && dated[0].kind === "tenure";
    var legend = document.createElement("p");
    legend.className = "timeline-legend muted";
    legend.textContent = tenures
      ? "Bars run from the start (or first attestation) to the end (or last attestation); thin marks are the first and last attestations; an arrow means no end is known."
      : "Dots are single days; bars are periods (a month, a year, or a stated start and end).";
    timeline.appendChild(legend);
    if (!tenures && dated.length) {
      var kinds = [];
      dated.forEach(function (it) { if (kinds.indexOf(it.kind) < 0) { kinds.push(it.kind); } });
      var list = document.createElement("ul");
      list.className = "legend";
      kinds.sort().forEach(function (k) { list.appendChild(swatch("kind-" + k.replace(/[^a-z_]/gi, ""), k.replace(/_/g, " "))); });
      if (dated.some(function (it) { return it.status === "planned"; })) {
        list.appendChild(swatch("planned", "planned, not (yet) held"));
      }
      timeline.appendChild(list);
    }
    if (undated.length) {
      var note = document.createElement("p");
      note.className = "muted";
      note.textContent = "Not shown (no date): " + undated.map(function (it) { return it.label; }).join("; ");
      timeline.appendChild(note);
    }
  }

  function swatch(cls, text) {
    var li = document.createElement("li");
    var box = document.createElement("span");
    box.className = "swatch " + cls;
    li.appendChild(box);
    li.appendChild(document.createTextNode(text));
    return li;
  }

  show(location.hash === "#timeline" ? "timeline" : "table");
})();
