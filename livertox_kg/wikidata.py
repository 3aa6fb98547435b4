"""A saved answer of queries/federated-wikidata-by-unii.rq -> SSSOM rows, with Wikidata as provider.

The query (run online, on an endpoint that may call the Wikidata Query Service) joins each of our
drugs' UNIIs to the Wikidata item with the same UNII (P652) and brings back its ChEBI, DrugBank,
PubChem CID, RxNorm, ChEMBL and MeSH identifiers. This module reads the answer as saved (SPARQL 1.1
JSON results) and turns it into mapping rows: ``semapv:MappingChaining`` (drug -> UNII -> item ->
identifier), ``skos:closeMatch``, the answer's date as the mapping date, Wikidata as the mapping
provider. A drug whose UNII leads to several items, or an item with several values for one scheme,
is reported and that part left out: never guessed.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from .namespaces import DRUG

WIKIDATA = "http://www.wikidata.org/entity/"
SET_ID = "https://w3id.org/livertox-kg/mappings/wikidata-chained.sssom.tsv"
CONFIDENCE = 0.8
COLUMNS = ["record_id", "subject_id", "subject_label", "predicate_id", "object_id", "mapping_justification",
           "confidence", "mapping_provider", "mapping_date", "comment"]
# answer variable -> (CURIE prefix, how Wikidata stores the value -> local id)
SCHEMES = {
    "item": ("wikidata", lambda v: v.rsplit("/", 1)[-1]),
    "chebi": ("CHEBI", lambda v: v.removeprefix("CHEBI:")),
    "drugbank": ("drugbank", lambda v: v if v.upper().startswith("DB") else "DB" + v),
    "pubchem": ("pubchem.compound", lambda v: v),
    "rxnorm": ("rxnorm", lambda v: v),
    "chembl": ("chembl.compound", lambda v: v),
    "mesh": ("mesh", lambda v: v),
}
CURIE_MAP = {
    "drug": str(DRUG),
    "wikidata": WIKIDATA,
    "CHEBI": "http://purl.obolibrary.org/obo/CHEBI_",
    "drugbank": "https://go.drugbank.com/drugs/",
    "pubchem.compound": "http://rdf.ncbi.nlm.nih.gov/pubchem/compound/CID",
    "rxnorm": "https://mor.nlm.nih.gov/RxNav/search?searchBy=RXCUI&searchTerm=",
    "chembl.compound": "http://rdf.ebi.ac.uk/resource/chembl/molecule/",
    "mesh": "http://id.nlm.nih.gov/mesh/",
    "ltxrec": "https://w3id.org/livertox-kg/mappings/record/",
    "ltxsw": "https://w3id.org/livertox-kg/software/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "semapv": "https://w3id.org/semapv/vocab/",
}


class AnswerError(ValueError):
    """The answer file cannot be used; the message names the file and the problem."""


@dataclass
class ChainReport:
    rows: list[dict] = field(default_factory=list)
    ambiguous: list[str] = field(default_factory=list)
    drugs: int = 0

    def summary(self) -> str:
        return (f"Wikidata answer: {len(self.rows)} row(s) for {self.drugs} drug(s); "
                f"{len(self.ambiguous)} ambiguity(ies) left out")


def read_answer(path: Path) -> list[dict[str, str]]:
    """Bindings of a SPARQL 1.1 JSON results file as plain {variable: value} dicts."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeError, json.JSONDecodeError) as exc:
        raise AnswerError(f"{path}: not a readable SPARQL JSON results file: {exc}") from exc
    try:
        variables = data["head"]["vars"]
        bindings = data["results"]["bindings"]
    except (KeyError, TypeError) as exc:
        raise AnswerError(f"{path}: not SPARQL JSON results (no head.vars / results.bindings)") from exc
    missing = {"drug", "unii", "item"} - set(variables)
    if missing:
        raise AnswerError(f"{path}: the answer lacks the variable(s) {sorted(missing)}; "
                          "save the answer of queries/federated-wikidata-by-unii.rq")
    return [{k: v["value"] for k, v in b.items()} for b in bindings]


def chained_rows(path: Path, date: str | None = None) -> tuple[dict, ChainReport]:
    """(metadata, report with rows) from a saved answer. ``date`` is the day the answer was
    retrieved (default: the file's modification date)."""
    from . import __version__
    from .mappings import SSSOM_VERSION, record_id

    bindings = read_answer(path)
    if date is None:
        date = dt.datetime.fromtimestamp(Path(path).stat().st_mtime, dt.timezone.utc).date().isoformat()
    else:
        try:
            date = dt.date.fromisoformat(date).isoformat()
        except ValueError as exc:
            raise AnswerError(f"--wikidata-date {date!r}: not a date (YYYY-MM-DD)") from exc
    per_drug: dict[str, dict] = {}
    for b in bindings:
        drug = b["drug"]
        if not drug.startswith(str(DRUG)):
            raise AnswerError(f"{path}: ?drug {drug!r} is not one of our drug IRIs ({DRUG}...)")
        entry = per_drug.setdefault(drug, {"label": b.get("drugLabel", ""), "unii": set(),
                                           **{v: set() for v in SCHEMES}})
        entry["unii"].add(b["unii"])
        for var, (_prefix, local) in SCHEMES.items():
            if b.get(var):
                entry[var].add(local(b[var].strip()))
    report = ChainReport(drugs=len(per_drug))
    for drug, entry in sorted(per_drug.items()):
        local_drug = drug[len(str(DRUG)):]
        if len(entry["item"]) != 1:
            report.ambiguous.append(f"drug:{local_drug}: UNII {', '.join(sorted(entry['unii']))} is on "
                                    f"{len(entry['item'])} Wikidata items ({', '.join(sorted(entry['item']))}); left out")
            continue
        item = next(iter(entry["item"]))
        for var, (prefix, _local) in SCHEMES.items():
            found = sorted(entry[var])
            if len(found) > 1:
                report.ambiguous.append(f"drug:{local_drug}: Wikidata item {item} has {len(found)} {var} values "
                                        f"({', '.join(found)}); left out")
                continue
            if not found:
                continue
            subject, obj = f"drug:{local_drug}", f"{prefix}:{found[0]}"
            via = f"UNII {', '.join(sorted(entry['unii']))} -> Wikidata {item}"
            report.rows.append({
                "record_id": record_id(subject, "skos:closeMatch", obj, "semapv:MappingChaining"),
                "subject_id": subject, "subject_label": entry["label"], "predicate_id": "skos:closeMatch",
                "object_id": obj, "mapping_justification": "semapv:MappingChaining", "confidence": CONFIDENCE,
                "mapping_provider": "https://www.wikidata.org/", "mapping_date": date,
                "comment": f"chained: {via}" + ("" if var == "item" else f" -> {var} {found[0]}"),
            })
    metadata = {
        "sssom_version": SSSOM_VERSION,
        "mapping_set_id": SET_ID,
        "mapping_set_version": date,
        "mapping_set_title": "livertox-kg drugs linked onward through Wikidata by their UNII",
        "mapping_set_description": (
            f"From a saved answer of queries/federated-wikidata-by-unii.rq ({Path(path).name}, retrieved {date}): "
            "each drug's UNII joined to the Wikidata item with the same UNII (P652) and that item's ChEBI (P683), "
            "DrugBank (P715), PubChem CID (P662), RxNorm (P3345), ChEMBL (P592) and MeSH (P486) identifiers. "
            "Ambiguous answers (several items, or several values of one scheme) are left out."),
        "license": "https://creativecommons.org/publicdomain/zero/1.0/",
        "creator_id": ["ltxsw:livertox-kg"],
        "mapping_tool": "livertox-kg link --wikidata-answer",
        "mapping_tool_id": "ltxsw:livertox-kg",
        "mapping_tool_version": __version__,
        "mapping_provider": "https://www.wikidata.org/",
        "curie_map": dict(CURIE_MAP),
    }
    return metadata, report
