"""The query page a researcher's browser gets at /sparql (text/html only when asked for)."""

from __future__ import annotations

import html

from livertox_kg.namespaces import sparql_prefixes

EXAMPLE = sparql_prefixes() + """
SELECT ?drug ?label ?score WHERE {
  ?drug rdfs:label ?label ; ltx:likelihoodScore ?score .
} ORDER BY ?label LIMIT 50
"""

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>LiverTox KG SPARQL endpoint</title>
<style>body{font-family:sans-serif;margin:2em;max-width:70em}textarea{width:100%%;height:18em;font-family:monospace}
table{border-collapse:collapse;margin-top:1em}td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left}
#status{color:#555}</style></head>
<body><h1>LiverTox knowledge graph &mdash; SPARQL 1.1 endpoint</h1>
<p>Drug-induced liver injury monographs from NIH LiverTox. The default graph is the union of all monograph graphs.
Machine-readable: <a href="sparql?format=turtle">service description</a>,
<a href=".well-known/void">VoID</a>. Query timeout %(timeout)s s%(rows)s.</p>
<form id="f" action="sparql" method="get"><textarea name="query" id="q">%(example)s</textarea><br>
<label>Results as <select name="format" id="fmt"><option value="">table</option><option>json</option>
<option>xml</option><option>csv</option><option>tsv</option><option>turtle</option><option>jsonld</option></select></label>
<button type="submit">Run</button> <span id="status"></span></form><div id="out"></div>
<script>
document.getElementById('f').addEventListener('submit', async (ev) => {
  if (document.getElementById('fmt').value) return;
  ev.preventDefault();
  const st = document.getElementById('status'), out = document.getElementById('out');
  st.textContent = 'running…'; out.textContent = '';
  const t0 = performance.now();
  const r = await fetch('sparql', {method: 'POST', headers: {'Content-Type': 'application/sparql-query',
    'Accept': 'application/sparql-results+json, text/turtle;q=0.9'}, body: document.getElementById('q').value});
  const ms = Math.round(performance.now() - t0);
  if (!r.ok || !(r.headers.get('Content-Type') || '').includes('json')) {
    st.textContent = r.status + ' (' + ms + ' ms)'; const pre = document.createElement('pre');
    pre.textContent = await r.text(); out.appendChild(pre); return; }
  const data = await r.json();
  if ('boolean' in data) { st.textContent = ms + ' ms'; out.textContent = String(data.boolean); return; }
  const vars = data.head.vars, rows = data.results.bindings, table = document.createElement('table');
  const head = table.insertRow(); vars.forEach(v => { const th = document.createElement('th'); th.textContent = v; head.appendChild(th); });
  rows.forEach(b => { const tr = table.insertRow(); vars.forEach(v => { tr.insertCell().textContent = b[v] ? b[v].value : ''; }); });
  st.textContent = rows.length + ' rows, ' + ms + ' ms'; out.appendChild(table);
});
</script></body></html>
"""


def page(cfg) -> str:
    rows = f", at most {cfg.max_rows} rows" if cfg.max_rows else ""
    return _PAGE % {"timeout": f"{cfg.timeout:g}", "rows": rows, "example": html.escape(EXAMPLE)}
