// Drives Comunica (npm @comunica/query-sparql 4.x, installed by `cd web && npm ci`) against a
// livertox-kg server: SELECT, CONSTRUCT and ASK through its SPARQL endpoint, and a query over a drug
// IRI dereferenced as linked data. Prints one JSON object; tests/test_comunica.py checks it.
// Usage: node comunica_client.js SERVER-URL DRUG-IRI
"use strict";
const path = require("path");
const { createRequire } = require("module");

const web = createRequire(path.resolve(__dirname, "..", "web", "package.json"));
const { QueryEngine } = web("@comunica/query-sparql");
const comunicaVersion = web("@comunica/query-sparql/package.json").version;

const [server, drug] = process.argv.slice(2);
const LTX = "https://w3id.org/livertox-kg/ontology#";
const RDFS = "http://www.w3.org/2000/01/rdf-schema#";

async function main() {
  const engine = new QueryEngine();
  const endpoint = { sources: [{ type: "sparql", value: `${server}/sparql` }] };
  const out = { comunica: comunicaVersion };

  const select = await engine.queryBindings(
    `SELECT ?drug ?label WHERE { ?drug a <${LTX}Drug> ; <${RDFS}label> ?label } ORDER BY ?label`, endpoint);
  out.select = (await select.toArray()).map((b) => ({ drug: b.get("drug").value, label: b.get("label").value }));

  const construct = await engine.queryQuads(
    `CONSTRUCT { ?drug <${LTX}likelihoodScore> ?score } WHERE { ?drug <${LTX}likelihoodScore> ?score }`, endpoint);
  out.construct = (await construct.toArray()).map((q) => [q.subject.value, q.predicate.value, q.object.value]);

  out.ask = await engine.queryBoolean(`ASK { <${drug}> <${LTX}likelihoodScore> ?score }`, endpoint);
  out.askFalse = await engine.queryBoolean(`ASK { <${drug}> <${LTX}likelihoodScore> <${LTX}NoSuchScore> }`, endpoint);

  // linked data: Comunica dereferences the IRI's URL on this server (303, content negotiation)
  const document = `${server}/${drug.split("/").slice(-2).join("/")}`;
  const linked = await engine.queryBindings(
    `SELECT ?p ?o WHERE { <${drug}> ?p ?o }`, { sources: [document], lenient: false });
  out.dereferenced = (await linked.toArray()).map((b) => [b.get("p").value, b.get("o").value]);
  out.document = document;
  console.log(JSON.stringify(out));
}

main().catch((error) => {
  console.error(String(error && error.stack || error));
  process.exit(1);
});
