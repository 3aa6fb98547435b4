// The query page: YASGUI against our own /sparql, our prefixes, the queries/ library as examples,
// CSV/JSON downloads of the current query's results. Everything is served by this server.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("ltx-config").textContent);
  var status = document.getElementById("status");
  var endpoint = new URL(config.endpoint, window.location.href).href;

  // No network beyond our own host: keep only the autocompleters that work offline.
  var yasqeConfig = {
    value: config.defaultQuery,
    autocompleters: ["prefixes", "variables"],
    resizeable: true,
    editorHeight: "320px",
    showQueryButton: true
  };
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    persistenceId: null,
    yasqe: yasqeConfig,
    yasr: { prefixes: config.prefixes, maxPersistentResponseSize: 0 }
  });
  window.ltxYasgui = yasgui;

  function tab() { return yasgui.getTab(); }
  function currentQuery() { return tab().getYasqe().getValue(); }

  // One-click examples: load into the current tab and run.
  document.querySelectorAll("button.example").forEach(function (btn) {
    btn.addEventListener("click", function () {
      var ex = config.examples[Number(btn.getAttribute("data-index"))];
      var yasqe = tab().getYasqe();
      yasqe.setValue(ex.query);
      document.querySelectorAll("button.example.active").forEach(function (b) { b.classList.remove("active"); });
      btn.classList.add("active");
      yasqe.query();
    });
  });

  // Downloads: run the editor's query again with the wanted media type and save the answer.
  function download(accept, ext) {
    var query = currentQuery();
    status.textContent = "preparing download…";
    var body = new URLSearchParams();
    body.set("query", query);
    fetch(endpoint, { method: "POST", headers: { "Accept": accept }, body: body })
      .then(function (r) {
        if (!r.ok) { return r.text().then(function (t) { throw new Error(r.status + ": " + t); }); }
        var type = (r.headers.get("Content-Type") || "").split(";")[0];
        return r.blob().then(function (b) { return { blob: b, type: type }; });
      })
      .then(function (res) {
        var suffix = ext;
        if (res.type === "text/turtle") suffix = "ttl";
        else if (res.type === "application/ld+json") suffix = "jsonld";
        var a = document.createElement("a");
        a.href = URL.createObjectURL(res.blob);
        a.download = "livertox-kg-results." + suffix;
        document.body.appendChild(a); a.click(); a.remove();
        status.textContent = "";
      })
      .catch(function (e) { status.textContent = "download failed: " + e.message; });
  }
  document.getElementById("download-csv").addEventListener("click", function () {
    download("text/csv, text/turtle;q=0.5", "csv");
  });
  document.getElementById("download-json").addEventListener("click", function () {
    download("application/sparql-results+json, application/ld+json;q=0.5", "json");
  });

  // Our IRIs in results resolve on this host (as the w3id.org redirect would land): open them here.
  document.addEventListener("click", function (ev) {
    var a = ev.target.closest && ev.target.closest(".yasr a[href]");
    if (!a || !config.base || a.href.indexOf(config.base) !== 0) return;
    ev.preventDefault();
    window.open("/" + a.href.slice(config.base.length), a.target || "_self");
  });

  // Deep links: /sparql#query=... loads that query.
  var m = /[#&]query=([^&]*)/.exec(window.location.hash);
  if (m) {
    tab().getYasqe().setValue(decodeURIComponent(m[1].replace(/\+/g, " ")));
  }
  document.body.setAttribute("data-editor-ready", "true");
})();
