/* The SPARQL editor: CodeMirror 5 (shipped in vendor/codemirror) with the SPARQL mode, the
 * example picker, and running queries against the endpoint (results as a table). */
(function () {
  "use strict";

  var form = document.getElementById("editor-form");
  var textarea = document.getElementById("query");
  if (!form || !textarea) {
    return;
  }
  var endpoint = form.getAttribute("data-endpoint");
  var base = form.getAttribute("data-base") || "";
  var entityRoot = form.getAttribute("data-entity-root") || "/id/";
  var status = document.getElementById("status");
  var summary = document.getElementById("result-summary");
  var errorBox = document.getElementById("result-error");
  var tableBox = document.getElementById("result-table");
  var textBox = document.getElementById("result-text");
  var editor = null;
  var PREFIXES = [["ng:", "https://w3id.org/newsgraph/ns#"], ["role:", "https://w3id.org/newsgraph/role/"],
                  ["schema:", "http://schema.org/"], ["prov:", "http://www.w3.org/ns/prov#"],
                  ["skos:", "http://www.w3.org/2004/02/skos/core#"], ["rdfs:", "http://www.w3.org/2000/01/rdf-schema#"],
                  ["rdf:", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"], ["xsd:", "http://www.w3.org/2001/XMLSchema#"],
                  ["org:", "http://www.w3.org/ns/org#"]];

  function shorten(iri) {
    for (var i = 0; i < PREFIXES.length; i++) {
      if (iri.indexOf(PREFIXES[i][1]) === 0 && iri.length > PREFIXES[i][1].length) {
        return PREFIXES[i][0] + iri.slice(PREFIXES[i][1].length);
      }
    }
    return iri;
  }

  if (window.CodeMirror) {
    editor = window.CodeMirror.fromTextArea(textarea, {
      mode: "application/sparql-query",
      lineNumbers: true,
      indentUnit: 2,
      viewportMargin: Infinity,
      extraKeys: { "Ctrl-Enter": function () { run(); }, "Cmd-Enter": function () { run(); } }
    });
  } else {
    textarea.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        run();
      }
    });
  }

  function getQuery() {
    return editor ? editor.getValue() : textarea.value;
  }

  function setQuery(text) {
    if (editor) {
      editor.setValue(text);
    } else {
      textarea.value = text;
    }
  }

  document.getElementById("examples").addEventListener("change", function (e) {
    var tpl = document.querySelector("template.example[data-index='" + e.target.value + "']");
    if (tpl) {
      setQuery(tpl.content.textContent.replace(/^\s+/, ""));
    }
  });

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    run();
  });

  function clear() {
    errorBox.hidden = true;
    errorBox.textContent = "";
    textBox.hidden = true;
    textBox.textContent = "";
    while (tableBox.firstChild) {
      tableBox.removeChild(tableBox.firstChild);
    }
  }

  function termNode(term) {
    if (!term) {
      return document.createTextNode("");
    }
    if (term.type === "uri") {
      var a = document.createElement("a");
      var v = term.value;
      if (base && v.indexOf(base + "id/") === 0 && v.length > base.length + 3) {
        a.href = entityRoot + v.slice(base.length + 3);
        a.textContent = v.slice(base.length + 3);
      } else if (/^https?:\/\//.test(v)) {
        a.href = v;
        a.rel = "noopener noreferrer";
        a.textContent = shorten(v);
      } else {
        return document.createTextNode(v);
      }
      a.title = v;
      return a;
    }
    if (term.type === "bnode") {
      return document.createTextNode("_:" + term.value);
    }
    if (term.type === "triple") {
      return document.createTextNode("<< " + term.value.subject.value + " " + term.value.predicate.value + " " +
                                     term.value.object.value + " >>");
    }
    var span = document.createElement("span");
    span.textContent = term.value;
    if (term["xml:lang"]) {
      span.title = "@" + term["xml:lang"];
    } else if (term.datatype) {
      span.title = shorten(term.datatype);
    }
    return span;
  }

  function showTable(data) {
    var vars = (data.head && data.head.vars) || [];
    var bindings = (data.results && data.results.bindings) || [];
    var table = document.createElement("table");
    table.className = "results";
    var thead = table.createTHead();
    var hr = thead.insertRow();
    vars.forEach(function (v) {
      var th = document.createElement("th");
      th.scope = "col";
      th.textContent = v;
      hr.appendChild(th);
    });
    var tbody = table.createTBody();
    bindings.forEach(function (b) {
      var tr = tbody.insertRow();
      vars.forEach(function (v) {
        tr.insertCell().appendChild(termNode(b[v]));
      });
    });
    tableBox.appendChild(table);
    return bindings.length;
  }

  function run() {
    var query = getQuery();
    clear();
    status.textContent = "running…";
    summary.textContent = "";
    var started = Date.now();
    try {
      var url = new URL(location.href);
      url.searchParams.set("query", query);
      history.replaceState(null, "", url.toString());
    } catch (ignored) { /* a very long query may not fit in the address bar */ }
    fetch(endpoint, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8",
        "Accept": "application/sparql-results+json, text/turtle;q=0.9, */*;q=0.1"
      },
      body: new URLSearchParams({ query: query }).toString()
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      var truncated = response.headers.get("X-Newsgraph-Truncated") === "true";
      var elapsed = response.headers.get("X-Newsgraph-Elapsed");
      return (type.indexOf("json") >= 0 && response.ok ? response.json() : response.text()).then(function (body) {
        status.textContent = "";
        if (!response.ok) {
          errorBox.textContent = "Error " + response.status + ": " + body;
          errorBox.hidden = false;
          summary.textContent = "";
          return;
        }
        var seconds = elapsed ? parseFloat(elapsed) : (Date.now() - started) / 1000;
        if (typeof body === "object" && Object.prototype.hasOwnProperty.call(body, "boolean")) {
          summary.textContent = "ASK: " + (body.boolean ? "yes (true)" : "no (false)");
        } else if (typeof body === "object") {
          var n = showTable(body);
          summary.textContent = n + " row" + (n === 1 ? "" : "s") + " in " + seconds.toFixed(3) + " s" +
            (truncated ? " — cut at the server's row limit" : "");
        } else {
          textBox.textContent = body;
          textBox.hidden = false;
          summary.textContent = "Graph result (" + type.split(";")[0] + ")" + (truncated ? ", cut at the row limit" : "");
        }
      });
    }).catch(function (err) {
      status.textContent = "";
      errorBox.textContent = "The query could not be sent: " + err;
      errorBox.hidden = false;
    });
  }
})();
